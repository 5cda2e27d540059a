/**
 * `golem devnet down`: stops the devnet that another process runs, using what its state file recorded.
 */
import {rmSync} from 'node:fs';
import {describeError} from '../lib/json.js';
import {
  devnetLockPath,
  isProcessAlive,
  processLooksLike,
  readDevnetState,
  readPidFile,
  removeDevnetState,
  type DevnetState,
} from './state.js';

/** Parameters of {@link stopDevnet}. */
export type StopDevnetParameters = {
  readonly devnetDir: string;
  /** How long the devnet process gets to stop by itself after SIGTERM, in ms. @default 10000 */
  readonly timeoutMs?: number | undefined;
  /** Receives one line per step. @default no-op */
  readonly onLog?: ((line: string) => void) | undefined;
};

/**
 * What `stopDevnet` did: nothing was running (`removedStale` when it cleaned a dead devnet's files), or it stopped
 * process `pid` (`isForced` when SIGTERM was not enough and it had to SIGKILL).
 */
export type StopDevnetReturnType =
  | {readonly kind: 'not-running'; readonly removedStale: boolean}
  | {readonly kind: 'stopped'; readonly pid: number; readonly isForced: boolean; readonly state: DevnetState | null};

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(100);
  }
  return !isProcessAlive(pid);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Kills an anvil left behind (by recorded pid) if it still runs and is really anvil. */
async function killOrphanAnvil(anvilPid: number, log: (line: string) => void): Promise<void> {
  if (!isProcessAlive(anvilPid) || !processLooksLike(anvilPid, 'anvil')) return;
  signal(anvilPid, 'SIGTERM');
  if (!(await waitForExit(anvilPid, 2000))) signal(anvilPid, 'SIGKILL');
  await waitForExit(anvilPid, 2000);
  log(`stopped anvil (pid ${anvilPid})`);
}

/**
 * Stops the devnet of `devnetDir`: SIGTERMs the process named in the state file (or, while it is still starting,
 * in the lock file) — it stops its providers, discovery and anvil and removes its state — and waits up to
 * `timeoutMs`. If it is still alive then, SIGKILLs it (its whole process group when it was started with
 * `--detach`), then anvil by its recorded pid. Finally removes the state and lock files if they are left over.
 * A state whose process is gone is cleaned up (orphaned anvil included) and reported as not running.
 *
 * Throws only for a signal that cannot be sent for a reason other than "no such process" (e.g. EPERM).
 */
export async function stopDevnet({devnetDir, timeoutMs = 10_000, onLog}: StopDevnetParameters): Promise<StopDevnetReturnType> {
  const log = onLog ?? (() => {});
  const read = readDevnetState(devnetDir);
  const state = read.kind === 'valid' ? read.state : null;
  const lockPid = readPidFile(devnetLockPath(devnetDir));
  const pid = state?.pid ?? lockPid;
  const cleanFiles = () => {
    removeDevnetState(devnetDir);
    const holder = readPidFile(devnetLockPath(devnetDir));
    if (holder === null || !isProcessAlive(holder)) rmSync(devnetLockPath(devnetDir), {force: true});
  };

  if (pid === null || !isProcessAlive(pid)) {
    if (state) await killOrphanAnvil(state.anvilPid, log);
    const hadFiles = read.kind !== 'absent' || lockPid !== null;
    cleanFiles();
    if (hadFiles) log('removed the files of a devnet that is no longer running');
    return {kind: 'not-running', removedStale: hadFiles};
  }

  log(`stopping the devnet (pid ${pid})`);
  signal(pid, 'SIGTERM');
  let isForced = false;
  if (!(await waitForExit(pid, timeoutMs))) {
    isForced = true;
    log(`pid ${pid} did not stop within ${timeoutMs} ms; killing it`);
    try {
      // A detached devnet leads its own process group (setsid): kill the group, sandbox shells included. Anvil
      // runs in a group of its own and is killed by its pid below.
      if (state?.detached) process.kill(-pid, 'SIGKILL');
      else signal(pid, 'SIGKILL');
    } catch (error) {
      log(`could not kill the process group of ${pid}: ${describeError(error)}`);
      signal(pid, 'SIGKILL');
    }
    await waitForExit(pid, 2000);
  }
  if (state) await killOrphanAnvil(state.anvilPid, log);
  cleanFiles();
  return {kind: 'stopped', pid, isForced, state};
}
