/**
 * The funding lease: at most one golem process (TUI, `golem monitor`, `golem server api`) sends auto top-ups for a
 * wallet at a time. A proper-lockfile lock (`<lockPath>.lock`, its mtime refreshed as a heartbeat) decides who
 * holds it; a small JSON file next to it says who that is, for the processes standing by. A holder that dies stops
 * refreshing the lock, which goes stale and is taken over by the next process that asks.
 */
import {closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {dirname} from 'node:path';
import lockfile from 'proper-lockfile';
import {z} from 'zod';
import {StorageError} from '../../errors.js';
import type {FundingLease} from '../../services/ports.js';
import type {FundingHolder, FundingStatus} from '../../services/types.js';

/** Parameters of {@link createFundingLease}. */
export type CreateFundingLeaseParameters = {
  /** File the lock is taken on (created if missing); the holder file is `<lockPath>.holder.json`. */
  readonly lockPath: string;
  /** Milliseconds without a heartbeat after which a holder counts as dead (≥ 2000; the monitor uses ~3 intervals). */
  readonly staleMs: number;
};

const HolderFile = z.object({
  pid: z.number().int(),
  hostname: z.string(),
  role: z.enum(['tui', 'monitor', 'api']),
  since: z.string(),
  heartbeatAt: z.string(),
});

/** proper-lockfile refuses `stale` below 2 s. */
const MIN_STALE_MS = 2000;

/**
 * Builds the funding lease over `lockPath`. One instance holds the lease at most once; `acquire` is idempotent
 * while held and takes a lost (compromised) lease again when it is free.
 *
 * Errors: `StorageError` when the lock or holder file cannot be written (never for "held by another process",
 * which is a normal answer: `{state: 'other'}`).
 *
 * @example
 * const lease = createFundingLease({lockPath: '/home/me/.golem/requestor/wallet/funding.lock', staleMs: 90_000})
 * const status = await lease.acquire('monitor') // {state: 'self', holder} or {state: 'other', holder}
 */
export function createFundingLease({lockPath, staleMs}: CreateFundingLeaseParameters): FundingLease {
  const stale = Math.max(staleMs, MIN_STALE_MS);
  const update = Math.max(1000, Math.floor(stale / 3));
  const holderPath = `${lockPath}.holder.json`;
  let held: {holder: FundingHolder; release: () => Promise<void>; timer: NodeJS.Timeout} | undefined;
  let isCompromised = false;

  function writeHolder(holder: FundingHolder): void {
    const temporary = `${holderPath}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(holder)}\n`, {mode: 0o600});
    renameSync(temporary, holderPath);
  }

  function readHolder(): FundingHolder | null {
    try {
      const parsed = HolderFile.safeParse(JSON.parse(readFileSync(holderPath, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      // Missing or half-written: the holder is between taking the lock and writing the file.
      return null;
    }
  }

  /** The holder of a lock that is held by someone else (waits briefly for the holder file to appear). */
  async function otherHolder(): Promise<FundingHolder> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const holder = readHolder();
      if (holder && holder.pid !== process.pid) return holder;
      if (holder && !held) return holder;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const now = new Date().toISOString();
    return {pid: 0, hostname: 'unknown', role: 'monitor', since: now, heartbeatAt: now};
  }

  async function dropHeld(): Promise<void> {
    if (!held) return;
    const {release, timer} = held;
    clearInterval(timer);
    held = undefined;
    if (!isCompromised) await release().catch(() => undefined);
    isCompromised = false;
  }

  async function acquire(role: FundingHolder['role']): Promise<FundingStatus> {
    if (held && !isCompromised) return {state: 'self', holder: held.holder};
    await dropHeld();
    let release: () => Promise<void>;
    try {
      mkdirSync(dirname(lockPath), {recursive: true});
      closeSync(openSync(lockPath, 'a'));
      release = await lockfile.lock(lockPath, {
        stale,
        update,
        retries: 0,
        onCompromised: () => {
          // Another process took it over (we stalled longer than `stale`) or the lock dir vanished.
          isCompromised = true;
        },
      });
    } catch (error) {
      if ((error as {code?: unknown}).code === 'ELOCKED') return {state: 'other', holder: await otherHolder()};
      throw new StorageError({operation: `take the funding lease ${lockPath}`, cause: error});
    }
    const now = new Date().toISOString();
    const holder: FundingHolder = {pid: process.pid, hostname: hostname(), role, since: now, heartbeatAt: now};
    try {
      writeHolder(holder);
    } catch (error) {
      await release().catch(() => undefined);
      throw new StorageError({operation: `write the funding holder file ${holderPath}`, cause: error});
    }
    const timer = setInterval(() => {
      if (!held || isCompromised) return;
      held.holder = {...held.holder, heartbeatAt: new Date().toISOString()};
      try {
        writeHolder(held.holder);
      } catch {
        // The lock itself is the heartbeat that counts; the file only describes the holder.
      }
    }, update);
    timer.unref();
    held = {holder, release, timer};
    return {state: 'self', holder};
  }

  return {
    acquire,

    async status(): Promise<FundingStatus> {
      if (held && !isCompromised) return {state: 'self', holder: held.holder};
      let isLocked: boolean;
      try {
        isLocked = await lockfile.check(lockPath, {stale});
      } catch (error) {
        if ((error as {code?: unknown}).code === 'ENOENT') return {state: 'none'};
        throw new StorageError({operation: `read the funding lease ${lockPath}`, cause: error});
      }
      return isLocked ? {state: 'other', holder: await otherHolder()} : {state: 'none'};
    },

    isHeld: () => Boolean(held) && !isCompromised,

    release: dropHeld,
  };
}
