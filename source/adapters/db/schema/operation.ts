import {index, integer, sqliteTable, text} from 'drizzle-orm/sqlite-core';
import {bigintText} from '../bigint-text.js';

/**
 * Intent log: one row written before each remote side effect (open stream, create VM, top up, terminate,
 * delete VM) and updated as it progresses, so a crash at any point leaves a record the next run reconciles
 * (design.md "Rules that come from the money").
 *
 * - `kind`: `create-stream|create-vm|top-up|terminate|delete-vm`.
 * - `status`: `started` (about to act) → `sent` (transaction hash stored, receipt not yet seen) → `done|failed`.
 * - `stream_id`: decimal TEXT (case-24); `tx_hash`: 0x-prefixed hash of the signed transaction, stored with
 *   `raw_tx` (the signed, serialized transaction, 0x hex) and its `nonce` *before* it is broadcast (status `signed`),
 *   so a process killed while `eth_sendRawTransaction` is in flight leaves what reconcile needs to settle it by hash,
 *   rebroadcast it, or call it never sent once its nonce was used by another transaction (issue 11 item 2).
 * - `chain_id`, `contract_address`, `genesis_hash`: the chain the transaction was signed for (issue 11 item 6);
 *   null on rows written before chain binding.
 */
export const operation = sqliteTable(
  'operation',
  {
    id: integer('id').primaryKey({autoIncrement: true}),
    kind: text('kind').notNull(),
    vmName: text('vm_name'),
    streamId: bigintText('stream_id'),
    txHash: text('tx_hash'),
    status: text('status').notNull(),
    detail: text('detail'),
    rawTx: text('raw_tx'),
    nonce: integer('nonce'),
    chainId: integer('chain_id'),
    contractAddress: text('contract_address'),
    genesisHash: text('genesis_hash'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [index('operation_status_idx').on(table.status)],
);

/** An `operation` row as read. */
export type OperationRow = typeof operation.$inferSelect;
/** An `operation` row as inserted. */
export type NewOperationRow = typeof operation.$inferInsert;
