import type {Address} from 'viem';
import {eq} from 'drizzle-orm';
import type {BetterSQLite3Database} from 'drizzle-orm/better-sqlite3';
import {NotFoundError} from '../../errors.js';
import type {Repositories} from '../../services/ports.js';
import {PROVIDER_VM_STATUSES, type Vm, type VmStatus} from '../../services/types.js';
import {rowDecoder} from './row-decoder.js';
import {vm, type NewVmRow, type VmRow} from './schema/vm.js';
import {guardStorage} from './storage-errors.js';

const vmRows = rowDecoder(vm);

const VM_STATUSES: ReadonlySet<string> = new Set<VmStatus>([...PROVIDER_VM_STATUSES, 'unknown']);

function toVm(row: VmRow): Vm {
  return {
    name: row.name,
    vmId: row.vmId,
    providerId: row.providerId as Address,
    providerIp: row.providerIp,
    providerPort: row.providerPort,
    resources: {cpu: row.cpu, memory: row.memory, storage: row.storage},
    sshHost: row.sshHost,
    sshPort: row.sshPort,
    hostKeyAlias: row.hostKeyAlias,
    streamId: row.streamId,
    status: VM_STATUSES.has(row.status) ? (row.status as VmStatus) : 'unknown',
    confirmedAt: row.confirmedAt,
    unreachableSince: row.unreachableSince,
    notFoundAt: row.notFoundAt,
    operationId: row.operationId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

type VmPatch = Partial<Omit<Vm, 'name' | 'createdAt' | 'updatedAt'>>;

function patchToRow(patch: VmPatch): Partial<NewVmRow> {
  const {resources, ...rest} = patch;
  const row: Partial<NewVmRow> = {...rest};
  if (resources) Object.assign(row, {cpu: resources.cpu, memory: resources.memory, storage: resources.storage});
  return row;
}

function streamConflict(vmToSave: {streamId?: bigint | null | undefined; name: string}): string {
  return `Stream ${vmToSave.streamId} already funds another VM; '${vmToSave.name}' needs its own stream.`;
}

/**
 * The `vms` repository over the `vm` table. Synchronous; throws `NotFoundError` (entity `VM`), `ConflictError`
 * (a stream id already used by another VM) or `StorageError`.
 */
export function createVmRepository(db: BetterSQLite3Database): Repositories['vms'] {
  return {
    get(name) {
      const row = guardStorage('read a VM', () => db.select().from(vm).where(eq(vm.name, name)).get());
      return row ? toVm(row) : undefined;
    },
    require(name) {
      const found = this.get(name);
      if (!found) throw new NotFoundError({entity: 'VM', id: name, hint: 'List your VMs with `golem vm list`.'});
      return found;
    },
    list() {
      // Plain arrays decoded by `rowDecoder`: drizzle's per-row mapping dominated `vm list` with 1,000 VMs.
      const rows = guardStorage('list VMs', () => db.select(vmRows.columns).from(vm).orderBy(vm.createdAt, vm.name).values());
      return rows.map((values) => toVm(vmRows.decode(values)));
    },
    upsert(vmToSave) {
      const now = new Date().toISOString();
      const values: NewVmRow = {...(patchToRow(vmToSave) as NewVmRow), name: vmToSave.name, createdAt: now, updatedAt: now};
      const {createdAt: _keepOriginal, name: _key, ...updates} = values;
      const row = guardStorage(
        'save a VM',
        () => db.insert(vm).values(values).onConflictDoUpdate({target: vm.name, set: updates}).returning().get(),
        streamConflict(vmToSave),
      );
      return toVm(row);
    },
    update(name, patch) {
      const set = {...patchToRow(patch), updatedAt: new Date().toISOString()};
      const row = guardStorage(
        'update a VM',
        () => db.update(vm).set(set).where(eq(vm.name, name)).returning().get(),
        streamConflict({name, streamId: patch.streamId}),
      );
      if (!row) throw new NotFoundError({entity: 'VM', id: name});
      return toVm(row);
    },
    delete(name) {
      guardStorage('delete a VM', () => db.delete(vm).where(eq(vm.name, name)).run());
    },
    claim(claimed) {
      const now = new Date().toISOString();
      const values: NewVmRow = {...(patchToRow(claimed) as NewVmRow), name: claimed.name, createdAt: now, updatedAt: now};
      const existing = db.select().from(vm).where(eq(vm.name, claimed.name)).get();
      if (existing && existing.status !== 'deleted') return false;
      // A row the provider confirmed deleted is only history: the name is free again.
      if (existing) db.delete(vm).where(eq(vm.name, claimed.name)).run();
      guardStorage('claim a VM name', () => db.insert(vm).values(values).run(), streamConflict(claimed));
      return true;
    },
  };
}
