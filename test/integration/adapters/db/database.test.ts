import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../../source/adapters/db/database.js';
import {packageRoot} from '../../../../source/lib/package-root.js';

const WRITER = fileURLToPath(new URL('fixtures/db-writer.ts', import.meta.url));
// Absolute so that the child can load tsx whatever its cwd is.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'golem-db-int-'));
});

afterEach(() => {
  rmSync(directory, {recursive: true, force: true});
});

function runWriter(path: string, count: number, tag: string, cwd = process.cwd()) {
  return execa('node', ['--import', TSX, WRITER, path, String(count), tag], {cwd, reject: false});
}

function seedCounter(path: string): void {
  const database = openDatabase(path);
  database.repositories.vms.upsert({
    name: 'counter',
    vmId: '0',
    providerId: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf',
    providerIp: '127.0.0.1',
    providerPort: 7466,
    resources: {cpu: 1, memory: 1, storage: 10},
    sshHost: null,
    sshPort: null,
    streamId: null,
    status: 'running',
  });
  database.close();
}

describe('SQLite shared by processes', () => {
  it('case-28: resolves the migrations from the package when the cwd is /', async () => {
    const path = join(directory, 'vms.db');
    const result = await runWriter(path, 0, 'root', '/');
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ok: true, vms: [], cwd: '/'});
    const raw = new BetterSqlite3(path, {readonly: true});
    const tables = raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
    raw.close();
    expect(tables).toEqual(expect.arrayContaining([{name: 'operation'}, {name: 'stream'}, {name: 'vm'}]));
  });

  it('case-27: two processes writing read-then-write transactions get no SQLITE_BUSY and lose no rows', async () => {
    const path = join(directory, 'vms.db');
    seedCounter(path);
    const perWorker = 150;
    const [first, second] = await Promise.all([runWriter(path, perWorker, 'a'), runWriter(path, perWorker, 'b')]);
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);

    const raw = new BetterSqlite3(path, {readonly: true});
    expect(raw.prepare(`SELECT vm_id AS counter FROM vm WHERE name = 'counter'`).get()).toEqual({
      counter: String(2 * perWorker),
    });
    expect(raw.prepare(`SELECT vm_name AS tag, COUNT(*) AS n FROM operation GROUP BY vm_name ORDER BY vm_name`).all()).toEqual([
      {tag: 'a', n: perWorker},
      {tag: 'b', n: perWorker},
    ]);
    raw.close();
  });

  it('case-27: two processes opening a new database at once both migrate it cleanly', async () => {
    const path = join(directory, 'fresh', 'vms.db');
    const results = await Promise.all([runWriter(path, 0, 'a'), runWriter(path, 0, 'b'), runWriter(path, 0, 'c')]);
    for (const result of results) expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const raw = new BetterSqlite3(path, {readonly: true});
    // Each migration of drizzle/ applied exactly once.
    const journal = JSON.parse(readFileSync(join(packageRoot(), 'drizzle', 'meta', '_journal.json'), 'utf8')) as {entries: unknown[]};
    expect(raw.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get()).toEqual({n: journal.entries.length});
    raw.close();
  });
});
