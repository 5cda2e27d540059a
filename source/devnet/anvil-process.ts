/**
 * The devnet's chain: an anvil process spawned from the binary that ships in the `@foundry-rs/anvil` npm
 * platform package (works offline, no `prool`: design.md "Stack"). Binds 127.0.0.1 on a free port, automines.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {createServer} from 'node:net';
import {dirname, join} from 'node:path';
import type {Address, Hex} from 'viem';
import {ChainError, ConfigError} from '../errors.js';
import {describeError} from '../lib/json.js';

/** Chain id of the devnet (anvil's default, what `GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet` expects). */
export const DEVNET_CHAIN_ID = 31_337;

/**
 * Anvil's first deterministic dev account (mnemonic "test test … junk", index 0). It deploys StreamPayment
 * and is its oracle. Public knowledge: never use it outside the devnet.
 */
export const ANVIL_DEV_ACCOUNT = {
  address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as Address,
  privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as Hex,
} as const;

/** A running anvil. */
export type AnvilProcess = {
  /** `http://127.0.0.1:<port>` */
  readonly rpcUrl: string;
  readonly port: number;
  readonly pid: number;
  /** Resolves when the process has exited, for whatever reason (stop, crash, kill from outside). */
  readonly exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5000 ms); resolves once the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
};

/** Parameters of {@link startAnvil}. */
export type StartAnvilParameters = {
  /** @default 31337 */
  readonly chainId?: number;
  /** How long to wait for `eth_chainId` to answer, in ms. @default 30000 */
  readonly startTimeoutMs?: number;
  /** Seconds between blocks (anvil `--block-time`). @default 1 */
  readonly blockTimeSeconds?: number;
};

const PLATFORM_PACKAGES: Record<string, string | undefined> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
  'win32-x64': '@foundry-rs/anvil-win32-amd64',
};

/**
 * Absolute path of the anvil executable: `<platform package>/bin/anvil`, resolved from `@foundry-rs/anvil`'s own
 * location (the platform package is its optional dependency), falling back to the wrapper's `dist/` folder as
 * its `bin.mjs` does. We run the binary itself, not the `bin.mjs` wrapper, so its pid is anvil's pid.
 *
 * Throws `ConfigError` (hint: `npm ci`) when the package or the binary is missing, or the platform is unknown.
 */
export function resolveAnvilBinary(): string {
  const require = createRequire(import.meta.url);
  const binaryName = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  const hint = 'Run `npm ci` in the golem package folder to install @foundry-rs/anvil and its platform binary.';
  let wrapperPackageJson: string;
  try {
    wrapperPackageJson = require.resolve('@foundry-rs/anvil/package.json');
  } catch (error) {
    throw new ConfigError({shortMessage: 'The anvil package (@foundry-rs/anvil) is not installed.', hint, cause: error});
  }
  const platformPackage = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!platformPackage) {
    throw new ConfigError({
      shortMessage: `anvil has no binary for ${process.platform}/${process.arch}.`,
      hint: 'The devnet runs on Linux and macOS (x64, arm64) and Windows x64.',
    });
  }
  const candidates: string[] = [];
  try {
    candidates.push(createRequire(wrapperPackageJson).resolve(`${platformPackage}/bin/${binaryName}`));
  } catch {
    // Not resolvable as a module path: try the wrapper's fallback location below.
  }
  candidates.push(join(dirname(wrapperPackageJson), '..', 'dist', binaryName));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new ConfigError({shortMessage: `The anvil binary (${platformPackage}) is missing.`, hint});
  }
  return found;
}

/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it: listen on port 0). */
export async function findFreePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * One JSON-RPC call over HTTP with a timeout (ms). Returns `result`; throws `ChainError` for an RPC error object,
 * a non-2xx answer or no answer.
 */
export async function rpcRequest(rpcUrl: string, method: string, params: readonly unknown[] = [], timeoutMs = 3000): Promise<unknown> {
  let body: unknown;
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw new ChainError({shortMessage: `${method} to ${rpcUrl} failed.`, details: describeError(error), cause: error});
  }
  const envelope = body as {result?: unknown; error?: {message?: unknown}};
  if (envelope.error) {
    throw new ChainError({shortMessage: `${method} to ${rpcUrl} failed.`, details: String(envelope.error.message ?? 'RPC error')});
  }
  return envelope.result;
}

function exitPromise(child: ChildProcess): Promise<{code: number | null; signal: NodeJS.Signals | null}> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({code: child.exitCode, signal: child.signalCode});
      return;
    }
    child.once('exit', (code, signal) => resolve({code, signal}));
    // A binary that cannot be executed emits 'error' and never 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) resolve({code: null, signal: null});
    });
  });
}

async function launchOnce(binary: string, chainId: number, startTimeoutMs: number, blockTimeSeconds: number): Promise<AnvilProcess | {retry: string}> {
  const port = await findFreePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  // A block every second, so chain time moves like a real L2's: runway counts down and the providers' monitors
  // see streams run dry (with automine alone, the latest block's timestamp stands still between transactions).
  const child = spawn(
    binary,
    ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--block-time', String(blockTimeSeconds), '--silent'],
    // Its own process group: a Ctrl+C in the terminal reaches the devnet process, which stops anvil in order,
    // instead of killing anvil under running providers. stop(), the exit hook and `devnet down` (by pid) end it.
    {stdio: ['ignore', 'pipe', 'pipe'], detached: true},
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const exited = exitPromise(child);
  // If this process ends without stop() (uncaught error, process.exit), anvil must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  const stop = async (graceMs = 5000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + startTimeoutMs;
  let lastError: unknown;
  let isGone = false;
  void exited.then(() => (isGone = true));
  void spawnError.then((error) => {
    lastError = error;
    isGone = true;
  });
  while (Date.now() < deadline) {
    if (isGone) break;
    let answer: unknown;
    try {
      answer = await rpcRequest(rpcUrl, 'eth_chainId', [], 1000);
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    if (Number(answer) !== chainId) {
      await stop();
      throw new ChainError({shortMessage: `anvil on ${rpcUrl} answered chain id ${String(answer)}, expected ${chainId}.`});
    }
    if (child.pid === undefined) throw new ChainError({shortMessage: 'anvil started without a pid.'});
    return {rpcUrl, port, pid: child.pid, exited, stop};
  }
  await stop(1000);
  if (/address already in use|os error 98|EADDRINUSE/i.test(output)) return {retry: output.trim()};
  throw new ChainError({
    shortMessage: isGone ? 'anvil exited while starting.' : `anvil did not answer on ${rpcUrl} within ${startTimeoutMs} ms.`,
    details: output.trim() || describeError(lastError),
    cause: lastError,
  });
}

/**
 * Starts anvil on 127.0.0.1 at a free port (`--chain-id`, `--silent`, automine) and waits until `eth_chainId`
 * answers with that chain id. Retries with another port if the one picked was taken in between.
 *
 * Throws `ConfigError` when the binary is missing (hint `npm ci`), `ChainError` when anvil exits or does not
 * answer in `startTimeoutMs`.
 *
 * @example
 * const anvil = await startAnvil();
 * // … anvil.rpcUrl …
 * await anvil.stop();
 */
export async function startAnvil({chainId = DEVNET_CHAIN_ID, startTimeoutMs = 30_000, blockTimeSeconds = 1}: StartAnvilParameters = {}): Promise<AnvilProcess> {
  const binary = resolveAnvilBinary();
  let lastOutput = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const launched = await launchOnce(binary, chainId, startTimeoutMs, blockTimeSeconds);
    if (!('retry' in launched)) return launched;
    lastOutput = launched.retry;
  }
  throw new ChainError({shortMessage: 'anvil could not bind a free port on 127.0.0.1.', details: lastOutput});
}
