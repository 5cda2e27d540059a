import {integer, sqliteTable, text} from 'drizzle-orm/sqlite-core';
import {bigintText} from '../bigint-text.js';

/**
 * Payment streams the requestor opened (reference §7), so that a funded stream is never forgotten even when
 * its VM is gone. Amounts are wei as decimal TEXT (case-24).
 *
 * - `stream_id`: the contract's stream id (decimal TEXT), primary key.
 * - `chain_id`, `contract_address`: where the stream lives.
 * - `deposit_wei`: total deposited so far (initial deposit + top-ups); `rate_per_second_wei`: wei per second.
 * - `vm_name`: the VM it funds, or null (no foreign key: the stream outlives its VM row).
 * - `status`: `open` | `terminated`.
 */
export const stream = sqliteTable('stream', {
  streamId: bigintText('stream_id').primaryKey(),
  chainId: integer('chain_id').notNull(),
  contractAddress: text('contract_address').notNull(),
  recipient: text('recipient').notNull(),
  depositWei: bigintText('deposit_wei').notNull(),
  ratePerSecondWei: bigintText('rate_per_second_wei').notNull(),
  vmName: text('vm_name'),
  status: text('status').notNull(),
  createTxHash: text('create_tx_hash'),
  createdAt: text('created_at').notNull(),
});

/** A `stream` row as read. */
export type StreamRow = typeof stream.$inferSelect;
/** A `stream` row as inserted. */
export type NewStreamRow = typeof stream.$inferInsert;
