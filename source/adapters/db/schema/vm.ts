import {integer, sqliteTable, text, uniqueIndex} from 'drizzle-orm/sqlite-core';
import {bigintText} from '../bigint-text.js';

/**
 * VMs the requestor rented, one row per VM name (reference §3, with the JSON `config` column split into typed
 * columns and the provider's id and port kept so a VM can be reached without rediscovery).
 *
 * - `name`: the user-chosen name, also the provider-side id (reference §4.1).
 * - `cpu` cores, `memory` GB, `storage` GB.
 * - `stream_id`: the StreamPayment stream funding the VM, decimal TEXT (case-24); one stream funds at most one VM.
 * - `host_key_alias`: set at create; null for rows written before pins were per rental.
 * - `status`: local vocabulary `creating|running|stopping|stopped|error|deleted|unknown`: the last state the
 *   provider confirmed (or `creating` while a create that claimed the name runs).
 * - `confirmed_at`: ISO-8601 UTC time the provider last confirmed `status` (null: never, e.g. a claimed name).
 * - `unreachable_since`: ISO-8601 UTC time of the first failed attempt to reach the provider since it last answered
 *   (timeout, refused, 5xx, redirect); null when the last attempt got an answer (issue 11 item 4).
 * - `not_found_at`: ISO-8601 UTC time the provider first answered "not found" for the VM, not yet confirmed; a
 *   second "not found" (or one while the provider otherwise answers) makes the VM `deleted`.
 * - `operation_id`: the `create-vm` intent that claimed the name; clean-ups drop only rows of their own operation.
 * - `created_at`/`updated_at`: ISO-8601 UTC text.
 */
export const vm = sqliteTable(
  'vm',
  {
    name: text('name').primaryKey(),
    vmId: text('vm_id').notNull(),
    providerId: text('provider_id').notNull(),
    providerIp: text('provider_ip').notNull(),
    providerPort: integer('provider_port').notNull(),
    cpu: integer('cpu').notNull(),
    memory: integer('memory').notNull(),
    storage: integer('storage').notNull(),
    sshHost: text('ssh_host'),
    sshPort: integer('ssh_port'),
    /** The rental's host-key pin name in golem's known_hosts (`golem.<name>.<rental id>`, OpenSSH `HostKeyAlias`). */
    hostKeyAlias: text('host_key_alias'),
    streamId: bigintText('stream_id'),
    status: text('status').notNull(),
    confirmedAt: text('confirmed_at'),
    unreachableSince: text('unreachable_since'),
    notFoundAt: text('not_found_at'),
    operationId: integer('operation_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [uniqueIndex('vm_stream_id_unique').on(table.streamId)],
);

/** A `vm` row as read. */
export type VmRow = typeof vm.$inferSelect;
/** A `vm` row as inserted. */
export type NewVmRow = typeof vm.$inferInsert;
