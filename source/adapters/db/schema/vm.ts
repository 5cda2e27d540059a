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
 * - `status`: local vocabulary `creating|running|stopping|stopped|error|deleted|unknown`.
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
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [uniqueIndex('vm_stream_id_unique').on(table.streamId)],
);

/** A `vm` row as read. */
export type VmRow = typeof vm.$inferSelect;
/** A `vm` row as inserted. */
export type NewVmRow = typeof vm.$inferInsert;
