/**
 * The cross-process lock that lets one golem process at a time send transactions from the wallet (CLI, TUI and
 * monitor share it), so two sends never pick the same `pending` nonce (case-21).
 */
import {closeSync, mkdirSync, openSync, readFileSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {dirname} from 'node:path';
import lockfile from 'proper-lockfile';
import {ChainError} from '../../errors.js';

/** A lock older than this (ms without a heartbeat) belongs to a dead process and may be taken over. */
export const WALLET_LOCK_STALE_MS = 60_000;

/** Backoff from 100 ms up to 2 s (randomised ×1–2) between tries: 3 to 6 minutes in all, longer than one receipt wait. */
const RETRIES = {retries: 100, factor: 1.5, minTimeout: 100, maxTimeout: 2000, randomize: true};

/** Who holds the lock: `<pid>@<hostname>`, written next to it (`<lockPath>.holder`) once it is taken. */
function holderPath(lockPath: string): string {
  return `${lockPath}.holder`;
}

/** True when the last holder recorded is a process of this host that no longer exists (killed with the lock). */
function isHolderDead(lockPath: string): boolean {
  try {
    const [pid, host] = readFileSync(holderPath(lockPath), 'utf8').trim().split('@');
    if (host !== hostname() || Number(pid) === process.pid || !Number.isSafeInteger(Number(pid))) return false;
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * `lockfile.lock` with the backoff of `RETRIES`, where a lock whose recorded holder died (SIGKILL, power cut on the
 * same host) counts as stale after 2 s instead of `WALLET_LOCK_STALE_MS`, so the next command does not wait a
 * minute after a crash (issue 6 item 1). A fresh lock is never taken over: its holder writes itself down well
 * within those 2 s. Throws proper-lockfile's `ELOCKED` error when every try failed.
 */
async function lockTakingOverDeadHolder(lockPath: string, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const release = await lockfile.lock(lockPath, {stale: isHolderDead(lockPath) ? 2000 : WALLET_LOCK_STALE_MS, retries: 0, onCompromised});
      writeFileSync(holderPath(lockPath), `${process.pid}@${hostname()}\n`);
      return release;
    } catch (error) {
      if ((error as {code?: unknown}).code !== 'ELOCKED' || attempt >= RETRIES.retries) throw error;
      const delay = Math.min(RETRIES.minTimeout * RETRIES.factor ** attempt, RETRIES.maxTimeout) * (1 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Passed to the locked callback: throws if the lock was lost (e.g. the lock directory was removed). */
export type AssertWalletLockHeld = () => void;

/**
 * Runs `task` while holding the file lock on `lockPath` (proper-lockfile: `<lockPath>.lock`, heartbeat every 30 s,
 * stale after 60 s), creating the file and its directory if missing; releases it on every exit path.
 *
 * Throws `ChainError` when the lock cannot be taken within 3–6 minutes (another process keeps sending) or when the
 * lock file cannot be created; re-throws whatever `task` throws.
 *
 * @example
 * await withWalletLock(paths.walletLockPath, async (assertHeld) => { …; assertHeld(); await send(); })
 */
export async function withWalletLock<T>(
  lockPath: string,
  task: (assertHeld: AssertWalletLockHeld) => Promise<T>,
): Promise<T> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    mkdirSync(dirname(lockPath), {recursive: true});
    closeSync(openSync(lockPath, 'a'));
    release = await lockTakingOverDeadHolder(lockPath, (error) => {
      compromised = error;
    });
  } catch (error) {
    const isBusy = (error as {code?: unknown}).code === 'ELOCKED';
    throw new ChainError({
      shortMessage: isBusy
        ? 'Another golem process is still sending a transaction from this wallet.'
        : `Cannot take the wallet lock ${lockPath}.`,
      details: error instanceof Error ? error.message : undefined,
      hint: isBusy
        ? 'Wait for it to finish (golem vm list shows pending operations) and try again.'
        : 'Check that the golem base directory is writable.',
      cause: error,
    });
  }

  const assertHeld: AssertWalletLockHeld = () => {
    if (compromised) {
      throw new ChainError({
        shortMessage: 'The wallet lock was lost before sending; nothing was sent.',
        details: compromised.message,
        hint: 'Try again.',
        cause: compromised,
      });
    }
  };

  try {
    return await task(assertHeld);
  } finally {
    // A compromised lock is already gone. A failed release must not turn a sent payment into an error: the lock
    // then goes stale after WALLET_LOCK_STALE_MS and the next process takes it over.
    if (!compromised) await release().catch(() => undefined);
  }
}
