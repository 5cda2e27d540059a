/**
 * `golem devnet up --detach`: runs `golem devnet up` as a background process in its own session, logging to
 * `<devnetDir>/devnet.log`, and waits until it has written its state file (or died trying).
 */
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync} from 'node:fs';
import {StorageError} from '../errors.js';
import {devnetLogPath, isProcessAlive, readDevnetState, type DevnetState} from './state.js';

/** Environment variable through which the detached child learns its log path (and that it is detached). */
export const DEVNET_LOG_PATH_ENV = 'GOLEM_DEVNET_LOG_PATH';

/** Parameters of {@link startDetachedDevnet}. */
export type StartDetachedDevnetParameters = {
  readonly devnetDir: string;
  /** Absolute path of the CLI entry (`CommandIo.cliPath`). */
  readonly cliPath: string;
  /** Arguments after the entry, e.g. `['devnet', 'up', '--providers', '2']`. */
  readonly args: readonly string[];
  /** Environment for the child (passed through whole, plus the log path). @default process.env */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** How long to wait for the state file, in ms. @default 120000 */
  readonly timeoutMs?: number | undefined;
};

/** The child wrote its state (`started`), or exited / timed out first (`failed`, with the end of its log). */
export type StartDetachedDevnetReturnType =
  | {readonly kind: 'started'; readonly state: DevnetState; readonly logPath: string}
  | {readonly kind: 'failed'; readonly reason: string; readonly logPath: string; readonly logTail: string};

/** Last `lines` lines of a text file ('' when missing). */
export function readLogTail(path: string, lines = 20): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8').trimEnd();
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Spawns `node [execArgv] cliPath ...args` detached (`setsid`: own session and process group, so it survives the
 * terminal and `down` can kill the group), stdin ignored, stdout+stderr appended to `<devnetDir>/devnet.log`
 * (truncated first). TypeScript entries (`.ts`/`.tsx`, under tsx) get our `execArgv` so the loader comes along.
 * Polls until the state file names the child's pid (→ `started`), or the child exits, or `timeoutMs` passes
 * (→ `failed`; on timeout the child's group is killed).
 *
 * Throws `StorageError` if the log file cannot be opened.
 */
export async function startDetachedDevnet({
  devnetDir,
  cliPath,
  args,
  env = process.env,
  timeoutMs = 120_000,
}: StartDetachedDevnetParameters): Promise<StartDetachedDevnetReturnType> {
  const logPath = devnetLogPath(devnetDir);
  let logFd: number;
  try {
    mkdirSync(devnetDir, {recursive: true});
    logFd = openSync(logPath, 'w', 0o600);
  } catch (error) {
    throw new StorageError({operation: `open ${logPath}`, cause: error});
  }
  const isTypeScript = /\.m?tsx?$/.test(cliPath);
  const child = spawn(process.execPath, [...(isTypeScript ? process.execArgv : []), cliPath, ...args], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: {...env, [DEVNET_LOG_PATH_ENV]: logPath},
  });
  closeSync(logFd);
  let exitReason: string | null = null;
  child.once('exit', (code, signal) => {
    exitReason = `the devnet process exited during start-up (${signal ?? `code ${String(code)}`})`;
  });
  child.once('error', (error) => {
    exitReason = `the devnet process could not start: ${error.message}`;
  });
  const failed = (reason: string): StartDetachedDevnetReturnType => ({kind: 'failed', reason, logPath, logTail: readLogTail(logPath)});

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const read = readDevnetState(devnetDir);
    if (read.kind === 'valid' && read.state.pid === child.pid) {
      child.unref();
      return {kind: 'started', state: read.state, logPath};
    }
    if (exitReason !== null) return failed(exitReason);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (child.pid !== undefined && isProcessAlive(child.pid)) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
  child.unref();
  return failed(`the devnet did not start within ${Math.round(timeoutMs / 1000)} s`);
}
