import {chmodSync, existsSync, mkdirSync, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {drizzle} from 'drizzle-orm/better-sqlite3';
import {AppError, StorageError} from '../../errors.js';
import type {Database, Repositories} from '../../services/ports.js';
import {applyMigrations} from './migrations.js';
import {createOperationRepository} from './operation-repository.js';
import {sleepSync} from './sleep-sync.js';
import {isBusyError, toStorageFailure} from './storage-errors.js';
import {createStreamPriceRepository} from './stream-price-repository.js';
import {createStreamRepository} from './stream-repository.js';
import {createChainScanRepository} from './chain-scan-repository.js';
import {createVmRepository} from './vm-repository.js';

/** How long a connection waits for another one's lock before SQLITE_BUSY (case-27), milliseconds. */
export const BUSY_TIMEOUT_MS = 5000;

/** Attempts of one `transact` call when the IMMEDIATE lock still cannot be taken after `BUSY_TIMEOUT_MS`. */
const TRANSACT_ATTEMPTS = 3;

/** Repository methods that write: run alone (outside `transact`) they still take the write lock up front. */
const WRITE_METHODS: ReadonlySet<string> = new Set(['start', 'update', 'upsert', 'delete', 'bindChain', 'setLastBlock', 'claim']);

/**
 * Runs `step` and retries it (with a short growing pause) while SQLite answers BUSY / BUSY_SNAPSHOT after
 * `busy_timeout`, up to `TRANSACT_ATTEMPTS` attempts; only outside a transaction (inside one, the outermost
 * transaction retries as a whole). Rethrows the last error.
 */
function withBusyRetry<T>(sqlite: BetterSqlite3.Database, step: () => T): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return step();
    } catch (error) {
      if (isBusyError(error) && attempt < TRANSACT_ATTEMPTS && !sqlite.inTransaction) {
        sleepSync(25 * attempt);
        continue;
      }
      throw error;
    }
  }
}

/**
 * Wraps each repository so that a write called on its own (not inside `transact`) runs in a `BEGIN IMMEDIATE`
 * transaction — it takes the write lock before reading, so it can never fail with SQLITE_BUSY_SNAPSHOT (case-27)
 * — and every call is retried on BUSY. Calls inside `transact` run as they are (that transaction is IMMEDIATE).
 */
function guardRepositories(sqlite: BetterSqlite3.Database, repositories: Repositories): Repositories {
  const wrap = <R extends object>(repository: R): R => {
    const wrapped: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(repository)) {
      if (typeof method !== 'function') continue;
      const call = (...parameters: unknown[]) => (method as (...p: unknown[]) => unknown).apply(repository, parameters);
      wrapped[name] = (...parameters: unknown[]) => {
        if (sqlite.inTransaction) return call(...parameters);
        if (!WRITE_METHODS.has(name)) return withBusyRetry(sqlite, () => call(...parameters));
        const run = sqlite.transaction(() => call(...parameters));
        return withBusyRetry(sqlite, () => run.immediate());
      };
    }
    return wrapped as R;
  };
  return {
    vms: wrap(repositories.vms),
    streams: wrap(repositories.streams),
    operations: wrap(repositories.operations),
    chainScans: wrap(repositories.chainScans),
    streamPrices: wrap(repositories.streamPrices),
  };
}

function isInMemory(path: string): boolean {
  return path === ':memory:' || path === '';
}

/**
 * Maps a failure to load better-sqlite3's native addon (built for another Node ABI, e.g. installed under Node 20
 * and run under Node 22: "was compiled against a different Node.js version using NODE_MODULE_VERSION 115") to a
 * `StorageError` whose hint is the rebuild command (case-28). Returns undefined for any other error.
 */
export function mapNativeLoadError(error: unknown): StorageError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as {code?: unknown} | null)?.code;
  if (!/NODE_MODULE_VERSION|different Node\.js version/.test(message) && code !== 'ERR_DLOPEN_FAILED') return undefined;
  return new StorageError({
    operation: 'load the native SQLite module (better-sqlite3), which was built for another Node.js version or platform',
    hint: `Run \`npm rebuild better-sqlite3\` in golem's install folder (or reinstall golem) with the Node.js you use now (${process.version}).`,
    cause: error,
  });
}

function prepareDirectory(path: string): void {
  const directory = dirname(path);
  try {
    const created = mkdirSync(directory, {recursive: true, mode: 0o700});
    // mkdir's mode is filtered by the umask; set it exactly on the folder we created.
    if (created !== undefined) chmodSync(directory, 0o700);
  } catch (error) {
    throw new StorageError({
      operation: `create the folder ${directory}`,
      hint: 'Check its permissions, or set GOLEM_REQUESTOR_DB_PATH / GOLEM_REQUESTOR_BASE_DIR to a writable place.',
      cause: error,
    });
  }
}

let addonPath: string | null | undefined;

/**
 * better-sqlite3's compiled addon where its install puts it (`<package>/build/Release/better_sqlite3.node`), found
 * once, so opening skips the `bindings` package's search of a dozen candidate paths (~6 ms of every start, issue 16
 * §3). Null when it is not there (a Debug build): better-sqlite3 then searches as usual.
 */
function nativeBindingPath(): string | null {
  if (addonPath === undefined) {
    try {
      const candidate = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
      addonPath = existsSync(candidate) ? candidate : null;
    } catch {
      addonPath = null;
    }
  }
  return addonPath;
}

function openConnection(path: string): BetterSqlite3.Database {
  try {
    const nativeBinding = nativeBindingPath();
    return new BetterSqlite3(path, {timeout: BUSY_TIMEOUT_MS, ...(nativeBinding === null ? {} : {nativeBinding})});
  } catch (error) {
    throw (
      mapNativeLoadError(error) ??
      new StorageError({
        operation: `open the database ${path}`,
        hint: 'Check that the file is a golem database and that you may read and write it.',
        cause: error,
      })
    );
  }
}

/**
 * Opens (creating if needed) golem's SQLite database at `path` and brings its schema up to date.
 *
 * - Creates the parent folder with mode 0700; `:memory:` opens a private in-memory database (tests).
 * - Every connection uses WAL, `busy_timeout` 5000 ms and foreign keys, so a TUI poller, a monitor and CLI
 *   commands can share the file (case-27). A repository write called on its own runs in its own `BEGIN IMMEDIATE`
 *   transaction; every call is retried on SQLITE_BUSY / BUSY_SNAPSHOT (3 attempts after the busy timeout).
 * - Migrations come from the package's `drizzle/` folder (never the cwd, case-28); pending ones run atomically
 *   after a backup to `<path>.bak-<timestamp>`; a schema newer than this build is refused with "please upgrade".
 * - `transact` runs a synchronous callback in a `BEGIN IMMEDIATE` transaction (never a read-then-upgrade, so no
 *   SQLITE_BUSY_SNAPSHOT), retried when the write lock cannot be had in time. No `await` inside: a promise
 *   returned by the callback is refused by better-sqlite3.
 *
 * Throws `StorageError` (hint `npm rebuild better-sqlite3` on a native ABI mismatch).
 *
 * @example
 * const database = openDatabase(config.paths.dbPath);
 * database.transact((repositories) => repositories.vms.update('web-1', {status: 'stopped'}));
 * database.close();
 */
export function openDatabase(path: string): Database {
  const inMemory = isInMemory(path);
  if (!inMemory) prepareDirectory(path);
  const existed = !inMemory && existsSync(path) && statSync(path).size > 0;
  const sqlite = openConnection(path);
  let repositories: Repositories;
  try {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite);
    applyMigrations(sqlite, db, {path, existed});
    repositories = guardRepositories(sqlite, {
      vms: createVmRepository(db),
      streams: createStreamRepository(db),
      operations: createOperationRepository(db),
      chainScans: createChainScanRepository(db),
      streamPrices: createStreamPriceRepository(db),
    });
  } catch (error) {
    sqlite.close();
    const operation = `open the database ${path}`;
    const mapped = toStorageFailure(error, operation);
    throw mapped instanceof AppError ? mapped : new StorageError({operation, cause: error});
  }

  return {
    repositories,
    transact<T>(callback: (repositories: Repositories) => T): T {
      const run = sqlite.transaction(() => callback(repositories));
      try {
        // Only the outermost transaction retries: its work was rolled back as a whole.
        return withBusyRetry(sqlite, () => run.immediate());
      } catch (error) {
        throw toStorageFailure(error, 'write to the local database');
      }
    },
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}
