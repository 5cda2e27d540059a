import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type {BetterSQLite3Database} from 'drizzle-orm/better-sqlite3';
import {migrate} from 'drizzle-orm/better-sqlite3/migrator';
import {StorageError} from '../../errors.js';
import {packageRoot} from '../../lib/package-root.js';
import {sleepSync} from './sleep-sync.js';
import {isBusyError} from './storage-errors.js';

/** drizzle's bookkeeping table (one row per applied migration: sha256 `hash`, journal `created_at` millis). */
const MIGRATIONS_TABLE = '__drizzle_migrations';

/** Attempts when another process holds the write lock while we migrate. */
const MIGRATE_ATTEMPTS = 5;

/** Absolute path of the shipped `drizzle/` folder, from the package root — never from the cwd (case-28). */
export function migrationsFolder(): string {
  return join(packageRoot(), 'drizzle');
}

/**
 * `folderMillis` of every migration the shipped journal (`drizzle/meta/_journal.json`) lists: its `when`, exactly
 * what drizzle's `readMigrationFiles` reports and writes as `created_at`. Reading the journal alone (not every SQL
 * file, hashed) keeps the "schema is current" check of each start cheap (issue 16 §3); `migrate` reads the files
 * only when something is pending.
 */
function journalMillis(folder: string): {folderMillis: number}[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {entries?: unknown};
  if (!Array.isArray(journal.entries)) throw new Error('meta/_journal.json has no entries list');
  return journal.entries.map((entry: {when?: unknown}) => {
    if (typeof entry.when !== 'number') throw new Error('a meta/_journal.json entry has no numeric `when`');
    return {folderMillis: entry.when};
  });
}

/** `created_at` (journal `when`, unix millis) of the newest migration applied to `sqlite`, or null. */
function lastAppliedMillis(sqlite: BetterSqlite3.Database): number | null {
  const table = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`)
    .get(MIGRATIONS_TABLE);
  if (!table) return null;
  const row = sqlite.prepare(`SELECT MAX(CAST(created_at AS INTEGER)) AS last FROM ${MIGRATIONS_TABLE}`).get() as
    | {last: number | null}
    | undefined;
  return row?.last ?? null;
}

function pendingCount(sqlite: BetterSqlite3.Database, known: readonly {folderMillis: number}[]): number {
  const last = lastAppliedMillis(sqlite);
  return known.filter((migration) => last === null || migration.folderMillis > last).length;
}

function hasUserTables(sqlite: BetterSqlite3.Database): boolean {
  return Boolean(sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1`).get());
}

/** Consistent copy of the open database at `<path>.bak-<timestamp>` (`VACUUM INTO`, safe with WAL). */
function backUp(sqlite: BetterSqlite3.Database, path: string): string {
  const backupPath = `${path}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    sqlite.prepare('VACUUM INTO ?').run(backupPath);
  } catch (error) {
    throw new StorageError({
      operation: `back up ${path} before upgrading its schema`,
      hint: 'Check free disk space and write permission in that folder.',
      cause: error,
    });
  }
  return backupPath;
}

/**
 * Brings the database schema up to this build's `drizzle/` migrations.
 *
 * - Refuses (`StorageError`, "please upgrade golem") a database whose applied migrations are newer than any this
 *   build ships: an older CLI must not write into a newer schema (case-28).
 * - When migrations are pending and the file already held tables, copies it to `<path>.bak-<timestamp>` first.
 * - drizzle's `migrate` runs all pending migrations in one transaction, so a failing statement leaves the schema
 *   as it was. If another process migrated at the same moment (our attempt then fails on existing tables), the
 *   result is accepted once nothing is pending any more.
 *
 * Returns the backup path, or null when no backup was needed.
 */
export function applyMigrations(
  sqlite: BetterSqlite3.Database,
  db: BetterSQLite3Database,
  {path, existed}: {path: string; existed: boolean},
): string | null {
  const folder = migrationsFolder();
  let known: {folderMillis: number}[];
  try {
    known = journalMillis(folder);
  } catch (error) {
    throw new StorageError({
      operation: `read the database migrations in ${folder}`,
      hint: 'The installation looks incomplete; reinstall golem (the drizzle/ folder ships with the package).',
      cause: error,
    });
  }
  const newestKnown = Math.max(0, ...known.map((migration) => migration.folderMillis));
  const lastApplied = lastAppliedMillis(sqlite);
  if (lastApplied !== null && lastApplied > newestKnown) {
    throw new StorageError({
      operation: `open ${path}: its schema was written by a newer golem than this one`,
      hint: 'Please upgrade golem (npm install -g golem-requestor@latest), or set GOLEM_REQUESTOR_DB_PATH to another file.',
    });
  }
  if (pendingCount(sqlite, known) === 0) return null;

  const backupPath = existed && hasUserTables(sqlite) ? backUp(sqlite, path) : null;
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, {migrationsFolder: folder});
      return backupPath;
    } catch (error) {
      // Another process may have migrated (or be migrating) the same file at the same moment.
      if (pendingCount(sqlite, known) === 0) return backupPath;
      if (isBusyError(error) && attempt < MIGRATE_ATTEMPTS) {
        sleepSync(100 * attempt);
        continue;
      }
      throw new StorageError({
        operation: `upgrade the schema of ${path}`,
        hint: backupPath
          ? `The database was left unchanged; a copy taken before the upgrade is at ${backupPath}.`
          : 'The database was left unchanged.',
        cause: error,
      });
    }
  }
}
