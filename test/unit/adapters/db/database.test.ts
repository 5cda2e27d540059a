import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mapNativeLoadError, openDatabase} from '../../../../source/adapters/db/database.js';
import {ConflictError, NotFoundError, StorageError} from '../../../../source/errors.js';
import type {Database} from '../../../../source/services/ports.js';
import type {Vm} from '../../../../source/services/types.js';

const PROVIDER = '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf';
const HUGE = 10n ** 30n;

let directory: string;
const opened: Database[] = [];

function open(path = join(directory, 'golem', 'vms.db')): Database {
  const database = openDatabase(path);
  opened.push(database);
  return database;
}

function makeVm(name: string, overrides: Partial<Omit<Vm, 'createdAt' | 'updatedAt'>> = {}): Omit<Vm, 'createdAt' | 'updatedAt'> {
  return {
    name,
    vmId: name,
    providerId: PROVIDER,
    providerIp: '127.0.0.1',
    providerPort: 7466,
    resources: {cpu: 2, memory: 4, storage: 20},
    sshHost: null,
    sshPort: null,
    streamId: null,
    status: 'creating',
    ...overrides,
  };
}

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'golem-db-'));
});

afterEach(() => {
  for (const database of opened.splice(0)) database.close();
  rmSync(directory, {recursive: true, force: true});
});

describe('openDatabase', () => {
  it('creates the parent folder with mode 0700 and uses WAL', () => {
    const path = join(directory, 'nested', 'vms.db');
    open(path);
    expect(statSync(join(directory, 'nested')).mode & 0o777).toBe(0o700);
    const raw = new BetterSqlite3(path);
    expect(raw.pragma('journal_mode', {simple: true})).toBe('wal');
    raw.close();
  });

  it('opens an in-memory database for tests', () => {
    const database = open(':memory:');
    expect(database.repositories.vms.list()).toEqual([]);
  });

  it('takes no backup of a new database, nor when nothing is pending', () => {
    const path = join(directory, 'vms.db');
    open(path).close();
    open(path).close();
    expect(readdirSync(directory).filter((name) => name.includes('.bak-'))).toEqual([]);
  });

  it('case-28: backs up an existing database before migrating it', () => {
    const path = join(directory, 'vms.db');
    const legacy = new BetterSqlite3(path);
    legacy.exec(`CREATE TABLE vms (name TEXT PRIMARY KEY, config TEXT NOT NULL); INSERT INTO vms VALUES ('old', '{}')`);
    legacy.close();

    open(path).repositories.vms.upsert(makeVm('new-vm'));
    const backups = readdirSync(directory).filter((name) => name.startsWith('vms.db.bak-'));
    expect(backups).toHaveLength(1);
    const copy = new BetterSqlite3(join(directory, backups[0]!), {readonly: true});
    expect(copy.prepare('SELECT name FROM vms').all()).toEqual([{name: 'old'}]);
    copy.close();
  });

  it('case-28: a migration whose later statement fails leaves the schema unchanged', () => {
    const path = join(directory, 'vms.db');
    const first = open(path);
    first.repositories.vms.upsert(makeVm('keep-me'));
    first.close();
    // Forget the applied migration and drop its first table: re-running it creates `operation`, then fails
    // on `CREATE TABLE stream` (already there).
    const raw = new BetterSqlite3(path);
    raw.exec('DELETE FROM __drizzle_migrations; DROP TABLE operation;');
    raw.close();

    expect(() => open(path)).toThrow(StorageError);
    const after = new BetterSqlite3(path, {readonly: true});
    const tables = after.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as {name: string}[];
    expect(tables.map((table) => table.name)).not.toContain('operation');
    expect(after.prepare('SELECT name FROM vm').all()).toEqual([{name: 'keep-me'}]);
    after.close();
    expect(readdirSync(directory).some((name) => name.startsWith('vms.db.bak-'))).toBe(true);
  });

  it('case-28: refuses a database written by a newer golem with "please upgrade"', () => {
    const path = join(directory, 'vms.db');
    open(path).close();
    const raw = new BetterSqlite3(path);
    raw.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', 9_999_999_999_999);
    raw.close();

    let error: unknown;
    try {
      open(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/please upgrade golem/i);
  });

  it('case-28: maps a native module ABI mismatch to the rebuild command', () => {
    const abi = new Error(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 127.",
    );
    const mapped = mapNativeLoadError(abi);
    expect(mapped).toBeInstanceOf(StorageError);
    expect(mapped?.hint).toContain('npm rebuild better-sqlite3');
    expect(mapped?.cause).toBe(abi);
    expect(mapNativeLoadError(new Error('disk I/O error'))).toBeUndefined();
  });

  it('reports a path that cannot be a database as a StorageError', () => {
    // A folder where the file should be cannot be opened as SQLite.
    expect(() => openDatabase(directory)).toThrow(StorageError);
  });
});

describe('repositories', () => {
  it('creates, reads, updates and deletes VMs', () => {
    const {vms} = open().repositories;
    const created = vms.upsert(makeVm('web-1', {streamId: 7n}));
    expect(created).toMatchObject({name: 'web-1', status: 'creating', streamId: 7n, resources: {cpu: 2, memory: 4, storage: 20}});
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const replaced = vms.upsert(makeVm('web-1', {status: 'running', sshPort: 50_800, sshHost: '127.0.0.1', streamId: 7n}));
    expect(replaced).toMatchObject({status: 'running', sshPort: 50_800, sshHost: '127.0.0.1'});
    expect(replaced.createdAt).toBe(created.createdAt);

    expect(vms.update('web-1', {status: 'stopped', resources: {cpu: 4, memory: 8, storage: 40}})).toMatchObject({
      status: 'stopped',
      resources: {cpu: 4, memory: 8, storage: 40},
      sshPort: 50_800,
    });
    expect(vms.list().map((vm) => vm.name)).toEqual(['web-1']);
    expect(vms.require('web-1').status).toBe('stopped');

    vms.delete('web-1');
    vms.delete('web-1');
    expect(vms.get('web-1')).toBeUndefined();
    expect(() => vms.require('web-1')).toThrow(NotFoundError);
    expect(() => vms.update('web-1', {status: 'running'})).toThrow(NotFoundError);
  });

  it('refuses a second VM funded by the same stream with a ConflictError', () => {
    const {vms} = open().repositories;
    vms.upsert(makeVm('web-1', {streamId: 5n}));
    expect(() => vms.upsert(makeVm('web-2', {streamId: 5n}))).toThrow(ConflictError);
    expect(vms.list()).toHaveLength(1);
  });

  it('case-24: round-trips 10n**30n wei and stream ids exactly', () => {
    const path = join(directory, 'vms.db');
    const database = open(path);
    database.repositories.streams.upsert({
      streamId: HUGE + 1n,
      chainId: 31_337,
      contractAddress: PROVIDER,
      recipient: PROVIDER,
      depositWei: HUGE,
      ratePerSecondWei: HUGE - 1n,
      vmName: 'web-1',
      status: 'open',
      createTxHash: `0x${'ab'.repeat(32)}`,
    });
    database.repositories.vms.upsert(makeVm('web-1', {streamId: HUGE + 1n}));
    database.close();

    const reopened = open(path);
    const stored = reopened.repositories.streams.get(HUGE + 1n);
    expect(stored).toMatchObject({depositWei: HUGE, ratePerSecondWei: HUGE - 1n, streamId: HUGE + 1n, status: 'open'});
    expect(reopened.repositories.vms.require('web-1').streamId).toBe(HUGE + 1n);
    const raw = new BetterSqlite3(path, {readonly: true});
    expect(raw.prepare('SELECT deposit_wei AS deposit FROM stream').get()).toEqual({deposit: '1' + '0'.repeat(30)});
    raw.close();
  });

  it('updates and lists streams', () => {
    const {streams} = open().repositories;
    const record = streams.upsert({
      streamId: 1n,
      chainId: 1,
      contractAddress: PROVIDER,
      recipient: PROVIDER,
      depositWei: 100n,
      ratePerSecondWei: 1n,
      vmName: null,
      status: 'open',
      createTxHash: null,
    });
    streams.update(1n, {depositWei: 250n, status: 'terminated'});
    streams.update(1n, {});
    expect(streams.list()).toEqual([{...record, depositWei: 250n, status: 'terminated'}]);
    expect(() => streams.update(2n, {status: 'terminated'})).toThrow(NotFoundError);
    expect(() => streams.update(2n, {})).toThrow(NotFoundError);
  });

  it('keeps unfinished operations for reconciliation', () => {
    const {operations} = open().repositories;
    const first = operations.start({kind: 'create-stream', vmName: 'web-1', streamId: null, detail: 'deposit 1 ETH'});
    const second = operations.start({kind: 'create-vm', vmName: 'web-1', streamId: 3n, detail: null});
    expect(first).toMatchObject({status: 'started', txHash: null, streamId: null});
    operations.update(first.id, {status: 'sent', txHash: `0x${'12'.repeat(32)}`, streamId: HUGE});
    operations.update(second.id, {status: 'done'});
    expect(operations.listUnfinished()).toEqual([
      expect.objectContaining({id: first.id, status: 'sent', streamId: HUGE, txHash: `0x${'12'.repeat(32)}`}),
    ]);
    expect(() => operations.update(999, {status: 'done'})).toThrow(NotFoundError);
  });
});

describe('transact', () => {
  it('commits the callback and returns its value', () => {
    const database = open();
    const result = database.transact((repositories) => {
      repositories.vms.upsert(makeVm('web-1'));
      return repositories.vms.update('web-1', {status: 'running'}).status;
    });
    expect(result).toBe('running');
    expect(database.repositories.vms.require('web-1').status).toBe('running');
  });

  it('rolls everything back when the callback throws', () => {
    const database = open();
    expect(() =>
      database.transact((repositories) => {
        repositories.vms.upsert(makeVm('web-1'));
        repositories.operations.start({kind: 'create-vm', vmName: 'web-1', streamId: null, detail: null});
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(database.repositories.vms.list()).toEqual([]);
    expect(database.repositories.operations.listUnfinished()).toEqual([]);
  });

  it('refuses an async callback (no awaits inside a transaction)', () => {
    const database = open();
    expect(() => database.transact(async () => 1)).toThrow(/promise/i);
  });

  it('case-27: starts write transactions as IMMEDIATE', () => {
    const path = join(directory, 'vms.db');
    const database = open(path);
    const other = new BetterSqlite3(path, {timeout: 0});
    try {
      database.transact(() => {
        // With BEGIN IMMEDIATE the write lock is held before the first statement runs.
        expect(() => other.exec(`INSERT INTO operation (kind, status, created_at, updated_at) VALUES ('top-up', 'started', '', '')`)).toThrow(
          /database is locked/,
        );
      });
    } finally {
      other.close();
    }
  });
});
