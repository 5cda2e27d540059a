/**
 * The devnet's state file (`<devnetDir>/state.json`): what runs where, written atomically by `golem devnet up`
 * once everything answers, removed by `stop()`/`golem devnet down`. Its endpoint fields are exactly what
 * `loadConfig()` reads for `GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet` (`DevnetEndpoints`); the rest tells
 * `status`/`down` which processes belong to the devnet.
 */
import {existsSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {isAddress} from 'viem';
import {z} from 'zod';
import {DevnetEndpoints, devnetStatePath} from '../config/settings.js';
import {ConfigError, StorageError} from '../errors.js';
import {describeError} from '../lib/json.js';
import {LatencyRange} from './faults/fault-rules.js';

/** One devnet provider as recorded in the state file. `url` is the API base (`http://127.0.0.1:<port>/api/v1`). */
export const DevnetProviderEntry = z.object({
  name: z.string(),
  providerId: z.string().refine(isAddress),
  country: z.string(),
  url: z.string().url(),
  port: z.number().int().positive(),
  stateDir: z.string(),
});
export type DevnetProviderEntry = z.infer<typeof DevnetProviderEntry>;

/** One fault proxy of the devnet: where clients connect (`url`), what it forwards to, and its control API. */
export const DevnetProxyEntry = z.object({
  /** `rpc`, or the provider's name. */
  name: z.string(),
  url: z.string().url(),
  targetUrl: z.string().url(),
  /** `<url>/__faults` (GET shows, PUT sets, POST …/reset clears; source/devnet/faults/fault-proxy.ts). */
  controlUrl: z.string().url(),
});
export type DevnetProxyEntry = z.infer<typeof DevnetProxyEntry>;

/**
 * The fault layer of a devnet started with `--latency`/`--faults` (issue 11 item 1): the base latency and anvil's
 * block time, and one proxy in front of the RPC and of each provider. When present, `rpcUrl` and each provider's
 * `url`/`port` are the proxies', so every golem request crosses them.
 */
export const DevnetFaults = z.object({
  latency: LatencyRange.nullable(),
  blockTimeSeconds: z.number().positive(),
  proxies: z.array(DevnetProxyEntry),
});
export type DevnetFaults = z.infer<typeof DevnetFaults>;

/**
 * The whole state file: `DevnetEndpoints` (chainId, rpcUrl, discoveryUrl, streamPaymentAddress, ethUsdPrice as a
 * decimal USD string) plus the owning process (`pid`; `detached` when it leads its own process group), anvil's
 * pid, the funded wallet, the providers, the deployments file, the log file (detached runs) and the start time.
 */
export const DevnetState = z.object({
  ...DevnetEndpoints.shape,
  pid: z.number().int().positive(),
  detached: z.boolean(),
  anvilPid: z.number().int().positive(),
  walletAddress: z.string().refine(isAddress),
  providers: z.array(DevnetProviderEntry),
  deploymentPath: z.string(),
  logPath: z.string().nullable(),
  startedAt: z.string(),
  /** Anvil's block time in seconds (`--block-time`); absent in state files of older devnets (1 s). */
  blockTimeSeconds: z.number().positive().optional(),
  /** The fault layer, when `up` was given `--latency` or `--faults`. */
  faults: DevnetFaults.optional(),
});
export type DevnetState = z.infer<typeof DevnetState>;

/** What is on disk: nothing, a valid state, or a file that does not parse (`error` says why). */
export type ReadDevnetStateReturnType =
  | {readonly kind: 'absent'}
  | {readonly kind: 'valid'; readonly state: DevnetState}
  | {readonly kind: 'invalid'; readonly error: string};

/** Reads and validates `<devnetDir>/state.json`; never throws for a missing or malformed file. */
export function readDevnetState(devnetDir: string): ReadDevnetStateReturnType {
  const path = devnetStatePath(devnetDir);
  if (!existsSync(path)) return {kind: 'absent'};
  try {
    const parsed = DevnetState.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? {kind: 'valid', state: parsed.data} : {kind: 'invalid', error: parsed.error.message};
  } catch (error) {
    return {kind: 'invalid', error: describeError(error)};
  }
}

/**
 * Writes a JSON file atomically (temp file in the same folder, then rename), so a reader never sees half a file.
 * Throws `StorageError`.
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, {mode: 0o644});
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, {force: true});
    throw new StorageError({operation: `write ${path}`, cause: error});
  }
}

/** Writes `<devnetDir>/state.json` atomically after validating it. Throws `StorageError`. */
export function writeDevnetState(devnetDir: string, state: DevnetState): void {
  writeJsonAtomic(devnetStatePath(devnetDir), DevnetState.parse(state));
}

/** Removes the state file if present. */
export function removeDevnetState(devnetDir: string): void {
  rmSync(devnetStatePath(devnetDir), {force: true});
}

/** Path of the lock that one devnet process holds for a devnet dir while it starts and runs (holds its pid). */
export function devnetLockPath(devnetDir: string): string {
  return join(devnetDir, 'devnet.pid');
}

/** Path of the log a detached devnet writes (`<devnetDir>/devnet.log`). */
export function devnetLogPath(devnetDir: string): string {
  return join(devnetDir, 'devnet.log');
}

/** Path of the deployments file of the devnet (reference §2.4 format): `<devnetDir>/deployments/devnet.json`. */
export function devnetDeploymentPath(devnetDir: string): string {
  return join(devnetDir, 'deployments', 'devnet.json');
}

/**
 * True when a process with this pid exists (a zombie counts as gone). `EPERM` means it exists but belongs to
 * someone else: alive.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Linux: `/proc/<pid>/stat` field 3 is the state; Z = zombie (exited, not yet reaped).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * True unless we can tell that `pid` runs something other than `expected` (Linux `/proc/<pid>/cmdline`); guards
 * against signalling an unrelated process that reused a recorded pid. Elsewhere it cannot tell, and says true.
 */
export function processLooksLike(pid: number, expected: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(expected);
  } catch {
    return !existsSync('/proc/self/cmdline');
  }
}

/** The `ConfigError` for "a devnet already runs for this dir" (hint: `golem devnet down`). */
export function devnetAlreadyRunningError(devnetDir: string, pid: number): ConfigError {
  return new ConfigError({
    shortMessage: `A devnet is already running for ${devnetDir} (pid ${pid}).`,
    hint: 'Use it as it is, or stop it with `golem devnet down` (with the same GOLEM_REQUESTOR_BASE_DIR).',
  });
}

/**
 * Throws `devnetAlreadyRunningError` when the state file or the lock of `devnetDir` names a live process; returns
 * quietly otherwise (stale files are left for `startDevnet` to clear).
 */
export function assertDevnetNotRunning(devnetDir: string): void {
  const read = readDevnetState(devnetDir);
  if (read.kind === 'valid' && isProcessAlive(read.state.pid)) throw devnetAlreadyRunningError(devnetDir, read.state.pid);
  const lockPid = readPidFile(devnetLockPath(devnetDir));
  if (lockPid !== null && isProcessAlive(lockPid)) throw devnetAlreadyRunningError(devnetDir, lockPid);
}

/** The positive integer pid a pid file holds, or null (missing, empty, junk). */
export function readPidFile(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
