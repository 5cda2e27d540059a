import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {drizzle} from 'drizzle-orm/better-sqlite3';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../../source/adapters/db/database.js';
import {rowDecoder} from '../../../../source/adapters/db/row-decoder.js';
import {vm} from '../../../../source/adapters/db/schema/vm.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'golem-rows-'));
});
afterEach(() => rmSync(directory, {recursive: true, force: true}));

describe('rowDecoder', () => {
  it('decodes .values() rows exactly as drizzle maps .all() rows (nulls, integers, bigint stream ids above 2^53)', () => {
    const path = join(directory, 'vms.db');
    const database = openDatabase(path);
    database.transact((repositories) => {
      repositories.vms.upsert({name: 'bare', vmId: 'vm-1', providerId: `0x${'ab'.repeat(20)}`, providerIp: '10.0.0.1', providerPort: 7466, resources: {cpu: 1, memory: 2, storage: 10}, sshHost: null, sshPort: null, streamId: null, status: 'creating'});
      repositories.vms.upsert({name: 'full', vmId: 'vm-2', providerId: `0x${'cd'.repeat(20)}`, providerIp: '10.0.0.2', providerPort: 7467, resources: {cpu: 4, memory: 8, storage: 40}, sshHost: 'ssh.example', sshPort: 20022, streamId: 2n ** 64n + 7n, status: 'running'});
    });
    database.close();

    const sqlite = new BetterSqlite3(path, {readonly: true});
    try {
      const db = drizzle(sqlite);
      const {columns, decode} = rowDecoder(vm);
      const decoded = db.select(columns).from(vm).orderBy(vm.name).values().map(decode);
      const mapped = db.select().from(vm).orderBy(vm.name).all();
      expect(decoded).toEqual(mapped);
      expect(decoded[1]!.streamId).toBe(2n ** 64n + 7n);
      expect(decoded[0]!.sshPort).toBeNull();
    } finally {
      sqlite.close();
    }
  });

  it('lists 1,000 VMs through the repository in the order vm list shows them (created, then name)', () => {
    const database = openDatabase(join(directory, 'vms.db'));
    try {
      database.transact((repositories) => {
        for (let index = 999; index >= 0; index--) {
          repositories.vms.upsert({name: `vm-${String(index).padStart(4, '0')}`, vmId: `id-${index}`, providerId: `0x${'ab'.repeat(20)}`, providerIp: '10.0.0.1', providerPort: 7466, resources: {cpu: 1, memory: 1, storage: 10}, sshHost: null, sshPort: 20_000 + index, streamId: BigInt(index + 1), status: 'running'});
        }
      });
      const listed = database.repositories.vms.list();
      expect(listed).toHaveLength(1000);
      const sorted = [...listed].sort((a, b) => (a.createdAt === b.createdAt ? a.name.localeCompare(b.name) : a.createdAt.localeCompare(b.createdAt)));
      expect(listed.map((each) => each.name)).toEqual(sorted.map((each) => each.name));
      const first = listed.find((each) => each.name === 'vm-0000')!;
      expect(first).toMatchObject({streamId: 1n, sshPort: 20_000, resources: {cpu: 1, memory: 1, storage: 10}, status: 'running'});
    } finally {
      database.close();
    }
  });
});
