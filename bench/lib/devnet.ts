/**
 * The devnet for benchmarks: `golem devnet up --detach` in a temp base dir (the same network the e2e tests use),
 * its state file, and a request log of what golem's processes fetch (a `--import` hook), so a benchmark can count
 * provider requests and RPC calls made by golem itself.
 */
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {golem, tempDir} from './process.js';

/** What the benchmarks read from `<baseDir>/devnet/state.json`. */
export type BenchDevnetState = {
  readonly rpcUrl: string;
  readonly discoveryUrl: string;
  readonly walletAddress: `0x${string}`;
  readonly providers: readonly {readonly name: string; readonly providerId: `0x${string}`; readonly port: number}[];
};

/** A running detached devnet and the environment that points golem at it. */
export type BenchDevnet = {
  readonly baseDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly state: BenchDevnetState;
  /** Env for a golem process whose fetches are appended to `logPath`, one `METHOD URL` line each. */
  tracedEnv(logPath: string): NodeJS.ProcessEnv;
  /** `golem devnet down` and removes the base dir. */
  stop(): Promise<void>;
};

/** Hook module (`node --import`) that logs every `fetch` of the process to `$GOLEM_BENCH_FETCH_LOG`. */
const FETCH_HOOK = `import {appendFileSync} from 'node:fs';
const log = process.env.GOLEM_BENCH_FETCH_LOG;
const original = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET');
  let methods = '';
  try {
    const parsed = typeof init?.body === 'string' ? JSON.parse(init.body) : null;
    const calls = Array.isArray(parsed) ? parsed : parsed ? [parsed] : [];
    methods = calls.map((call) => call && call.method).filter((name) => typeof name === 'string').join(',');
  } catch {}
  if (log) appendFileSync(log, method + ' ' + url + (methods ? ' ' + methods : '') + '\\n');
  return original(input, init);
};
`;

/**
 * Starts a devnet with `providers` providers; `upArgs` go to `golem devnet up` as given (e.g. `--latency 200ms
 * --block-time 2s`, source/devnet/faults/). Throws with golem's stderr when it does not come up.
 */
export async function startBenchDevnet(name: string, providers = 2, upArgs: readonly string[] = []): Promise<BenchDevnet> {
  const baseDir = tempDir(name);
  const env: NodeJS.ProcessEnv = {...process.env, GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', NO_COLOR: '1'};
  const hookPath = join(baseDir, 'fetch-hook.mjs');
  writeFileSync(hookPath, FETCH_HOOK);
  await golem(['devnet', 'up', '--detach', '--providers', String(providers), ...upArgs], env, 180_000);
  const state = JSON.parse(readFileSync(join(baseDir, 'devnet', 'state.json'), 'utf8')) as BenchDevnetState;
  return {
    baseDir,
    env,
    state,
    tracedEnv: (logPath) => ({...env, GOLEM_BENCH_FETCH_LOG: logPath, NODE_OPTIONS: `${env['NODE_OPTIONS'] ?? ''} --import ${hookPath}`.trim()}),
    async stop() {
      try {
        await golem(['devnet', 'down'], env, 60_000);
      } finally {
        rmSync(baseDir, {recursive: true, force: true});
      }
    },
  };
}

/** Sends one JSON-RPC request to the devnet's anvil and returns its `result`. */
export async function rpc(rpcUrl: string, method: string, params: readonly unknown[] = []): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params}),
  });
  const body = (await response.json()) as {result?: unknown; error?: {message: string}};
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** The number of transactions `address` has sent (its `latest` nonce). */
export async function transactionCount(rpcUrl: string, address: string): Promise<number> {
  return Number(BigInt((await rpc(rpcUrl, 'eth_getTransactionCount', [address, 'latest'])) as string));
}

/** One fetch of a traced golem process: HTTP method, URL and the JSON-RPC methods in its body (a batch lists all). */
export type FetchLogEntry = {readonly method: string; readonly url: URL; readonly rpcMethods: readonly string[]};

/** Lines of a fetch log (`METHOD URL [rpc,methods]`), or none when nothing was fetched. */
export function readFetchLog(path: string): FetchLogEntry[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [method = '', url = '', methods = ''] = line.split(' ');
      return {method, url: new URL(url), rpcMethods: methods === '' ? [] : methods.split(',')};
    });
}
