import {index, integer, sqliteTable, text} from 'drizzle-orm/sqlite-core';
import {bigintText} from '../bigint-text.js';

/**
 * Intent log: one row written before each remote side effect (open stream, create VM, top up, terminate,
 * delete VM) and updated as it progresses, so a crash at any point leaves a record the next run reconciles
 * (design.md "Rules that come from the money").
 *
 * - `kind`: `create-stream|create-vm|top-up|terminate|delete-vm`.
 * - `status`: `started` (about to act) → `sent` (transaction hash stored, receipt not yet seen) → `done|failed`.
 * - `stream_id`: decimal TEXT (case-24); `tx_hash`: 0x-prefixed hash once broadcast (case-22).
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
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [index('operation_status_idx').on(table.status)],
);

/** An `operation` row as read. */
export type OperationRow = typeof operation.$inferSelect;
/** An `operation` row as inserted. */
export type NewOperationRow = typeof operation.$inferInsert;
