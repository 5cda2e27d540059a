import {AppError, ConflictError, StorageError} from '../../errors.js';

/**
 * The SQLite result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`, …) of a better-sqlite3 error, looked for
 * along the `cause` chain because drizzle wraps driver errors in `DrizzleQueryError` and we wrap them again in
 * `StorageError`. `undefined` when no SQLite error is involved.
 */
export function sqliteErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    const code = (current as {code?: unknown}).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

/** True for `SQLITE_BUSY` and its extended codes (`SQLITE_BUSY_SNAPSHOT`, …) — another connection holds a lock. */
export function isBusyError(error: unknown): boolean {
  return sqliteErrorCode(error)?.startsWith('SQLITE_BUSY') ?? false;
}

function isUniqueViolation(code: string | undefined): boolean {
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Runs one synchronous database step and maps its failures once, at the edge (style.md §5): `AppError`s pass
 * through, UNIQUE/PRIMARY KEY violations become `ConflictError` (with `conflictMessage` when given), every
 * other SQLite failure becomes `StorageError({operation})` keeping the driver error as `cause`. Errors that are
 * not SQLite's (bugs) are rethrown unchanged.
 */
export function guardStorage<T>(operation: string, step: () => T, conflictMessage?: string): T {
  try {
    return step();
  } catch (error) {
    throw toStorageFailure(error, operation, conflictMessage);
  }
}

/** The mapping of `guardStorage`, for callers that catch themselves. */
export function toStorageFailure(error: unknown, operation: string, conflictMessage?: string): unknown {
  if (error instanceof AppError) return error;
  const code = sqliteErrorCode(error);
  if (code === undefined) return error;
  if (isUniqueViolation(code)) {
    return new ConflictError({
      shortMessage: conflictMessage ?? `Cannot ${operation}: a record with the same key already exists.`,
      cause: error,
    });
  }
  return new StorageError({operation, cause: error});
}
