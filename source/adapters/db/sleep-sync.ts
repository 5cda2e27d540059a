/**
 * Blocks the thread for `ms` milliseconds. Used only between attempts of a synchronous SQLite step (a
 * transaction or a migration that lost a lock race), where callers are synchronous anyway.
 */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
