import {integer, primaryKey, sqliteTable, text} from 'drizzle-orm/sqlite-core';
import {bigintText} from '../bigint-text.js';

/**
 * Payment streams the requestor opened (reference §7), so that a funded stream is never forgotten even when
 * its VM is gone. Amounts are wei as decimal TEXT (case-24).
 *
 * - `stream_id`: the contract's stream id (decimal TEXT).
 * - `chain_id`, `contract_address`, `genesis_hash`: where the stream lives — the chain's block-0 hash tells two
 *   chains with one id apart (a devnet restarted with `golem devnet down && up`), so the key is (chain id, contract,
 *   genesis hash, stream id) and a new stream never overwrites one of a chain that no longer exists (issue 11
 *   item 6). `''` = recorded before chain binding; the next run adopts it when the chain still has it.
 * - `deposit_wei`: total deposited so far (initial deposit + top-ups); `rate_per_second_wei`: wei per second.
 * - `vm_name`: the VM it funds, or null (no foreign key: the stream outlives its VM row).
 * - `status`: `open` | `terminated` | `vanished` (its chain no longer exists: neither ended nor refunded by golem).
 * - `origin`: `golem` (opened by golem) | `scan` (found by the event scan, issue 11 item 3).
 */
export const stream = sqliteTable(
  'stream',
  {
  streamId: bigintText('stream_id').notNull(),
  chainId: integer('chain_id').notNull(),
  contractAddress: text('contract_address').notNull(),
  genesisHash: text('genesis_hash').notNull().default(''),
  recipient: text('recipient').notNull(),
  depositWei: bigintText('deposit_wei').notNull(),
  ratePerSecondWei: bigintText('rate_per_second_wei').notNull(),
  vmName: text('vm_name'),
  status: text('status').notNull(),
  createTxHash: text('create_tx_hash'),
  origin: text('origin').notNull().default('golem'),
  createdAt: text('created_at').notNull(),
  },
  (table) => [primaryKey({columns: [table.chainId, table.contractAddress, table.genesisHash, table.streamId]})],
);

/** A `stream` row as read. */
export type StreamRow = typeof stream.$inferSelect;
/** A `stream` row as inserted. */
export type NewStreamRow = typeof stream.$inferInsert;
