/**
 * The rental steps the rental benchmark times (issue 7 §4, issue 16), each run through the built CLI as a user
 * runs it, with golem's own requests counted per process by the devnet's fetch hook (bench/lib/devnet.ts):
 * - create: `vm create --yes`, then `vm ssh NAME -- true` every 200 ms until it succeeds (the SSH probes are
 *   separate processes, counted apart from `vm create`);
 * - top-up: `vm stream topup --stream-id ID --hours 1 --yes` (returns after the receipt);
 * - wallet: `wallet --json`; stream list: `vm stream list --json` (with the side streams of
 *   {@link openSideStreams} open, so "several streams");
 * - destroy: `vm destroy --yes` until the refund is received (destroy prints it after the terminate receipt).
 * Transactions are the wallet's nonce difference on anvil. `GOLEM_BENCH_TRACE=1` lists each step's requests on
 * stderr.
 */
import {join} from 'node:path';
import {readFetchLog, transactionCount, type BenchDevnet} from './devnet.js';
import {golem, requireBuiltCli, runProcess, sleep} from './process.js';

/** How long the SSH probes may take before the create step fails. */
const SSH_DEADLINE_MS = 120_000;

/** Requests one golem process (or a group of them) sent: to the devnet's RPC and to its providers. */
export type RequestCount = {readonly rpc: number; readonly provider: number};

/** One timed step: wall time (ms), wallet transactions, golem's requests; for create also the SSH probes'. */
export type StepFigures = {
  readonly ms: number;
  readonly transactions: number;
  readonly requests: RequestCount;
  readonly probes?: RequestCount & {readonly attempts: number};
};

/** The steps of one rental, in the order they run. */
export const RENTAL_STEP_KEYS = ['create', 'topUp', 'wallet', 'streamList', 'destroy'] as const;
export type RentalStepKey = (typeof RENTAL_STEP_KEYS)[number];
export type RentalRun = Record<RentalStepKey, StepFigures>;

/** RPC and provider requests in the fetch log at `logPath` (other hosts, e.g. discovery, are not counted). */
function countRequests(devnet: BenchDevnet, logPath: string): RequestCount {
  const providerPorts = new Set(devnet.state.providers.map((provider) => String(provider.port)));
  const rpcOrigin = new URL(devnet.state.rpcUrl).origin;
  const fetched = readFetchLog(logPath);
  return {
    rpc: fetched.filter((entry) => entry.url.origin === rpcOrigin).length,
    provider: fetched.filter((entry) => providerPorts.has(entry.url.port)).length,
  };
}

/**
 * With `GOLEM_BENCH_TRACE=1`, writes the step's requests to stderr in order (`rpc eth_chainId,eth_getCode`,
 * `provider POST /api/v1/vms`), so the rows' counts can be read request by request.
 */
function traceStep(devnet: BenchDevnet, label: string, logPath: string): void {
  if (!process.env['GOLEM_BENCH_TRACE']) return;
  const rpcOrigin = new URL(devnet.state.rpcUrl).origin;
  const lines = readFetchLog(logPath).map((entry) =>
    entry.url.origin === rpcOrigin ? `rpc ${entry.rpcMethods.join(',')}` : `${entry.url.host} ${entry.method} ${entry.url.pathname}`,
  );
  process.stderr.write(`    ${label}: ${lines.length} requests\n${lines.map((line) => `      ${line}\n`).join('')}`);
}

/** Times `body` (which runs golem with env traced to `logPath`) and counts its transactions and requests. */
async function timeStep(devnet: BenchDevnet, logPath: string, body: (env: NodeJS.ProcessEnv) => Promise<Partial<StepFigures> | void>): Promise<StepFigures> {
  const {rpcUrl, walletAddress} = devnet.state;
  const nonceBefore = await transactionCount(rpcUrl, walletAddress);
  const start = performance.now();
  const extra = await body(devnet.tracedEnv(logPath));
  const ms = performance.now() - start;
  traceStep(devnet, logPath.slice(logPath.lastIndexOf('/') + 1, -'.log'.length), logPath);
  return {ms, transactions: (await transactionCount(rpcUrl, walletAddress)) - nonceBefore, requests: countRequests(devnet, logPath), ...(extra ?? {})};
}

/**
 * Opens `count` payment streams to the devnet's first provider (`vm stream open --hours 1`), untimed, so the
 * wallet and stream list steps read several open streams. Returns their ids.
 */
export async function openSideStreams(devnet: BenchDevnet, count: number): Promise<string[]> {
  const providerId = devnet.state.providers[0]!.providerId;
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const args = ['vm', 'stream', 'open', '--provider-id', providerId, '--cpu', '1', '--memory', '1', '--storage', '10', '--hours', '1', '--yes', '--json'];
    ids.push(String((JSON.parse(await golem(args, devnet.env)) as {stream_id: unknown}).stream_id));
  }
  return ids;
}

/**
 * The first `wallet --json` of this devnet's home, counted: its event scan starts by finding the contract's
 * deployment block (once per home, issue 11 item 3), so it is reported on its own and every later wallet and
 * stream list step measures the steady state.
 */
export async function firstScan(devnet: BenchDevnet): Promise<StepFigures> {
  return timeStep(devnet, join(devnet.baseDir, 'first-scan.log'), async (env) => {
    await golem(['wallet', '--json'], env);
  });
}

/** Runs one rental named `name` on `devnet`: create → SSH, top-up, wallet, stream list, destroy → refund. */
export async function runRental(devnet: BenchDevnet, name: string): Promise<RentalRun> {
  const cli = requireBuiltCli();
  const providerId = devnet.state.providers[0]!.providerId;
  const log = (step: string) => join(devnet.baseDir, `${name}-${step}.log`);
  let streamId = '';

  const create = await timeStep(devnet, log('create'), async (env) => {
    const args = ['vm', 'create', name, '--provider-id', providerId, '--cpu', '1', '--memory', '1', '--storage', '10', '--hours', '1', '--yes', '--json'];
    const created = JSON.parse(await golem(args, env)) as {vm?: {config?: {stream_id?: unknown}}};
    streamId = String(created.vm?.config?.stream_id ?? '');
    if (!/^\d+$/.test(streamId)) throw new Error(`vm create ${name} printed no stream id`);
    const probeLog = log('ssh-probes');
    const probeEnv = devnet.tracedEnv(probeLog);
    const deadline = Date.now() + SSH_DEADLINE_MS;
    for (let attempts = 1; ; attempts++) {
      const probe = await runProcess(process.execPath, [cli, 'vm', 'ssh', name, '--', 'true'], {env: probeEnv, timeoutMs: 60_000});
      if (probe.exitCode === 0) return {probes: {...countRequests(devnet, probeLog), attempts}};
      if (Date.now() > deadline) throw new Error(`${name} not reachable over SSH: ${probe.stderr.trim()}`);
      await sleep(200);
    }
  });
  const topUp = await timeStep(devnet, log('top-up'), async (env) => {
    const result = JSON.parse(await golem(['vm', 'stream', 'topup', '--stream-id', streamId, '--hours', '1', '--yes', '--json'], env)) as {tx?: unknown};
    if (typeof result.tx !== 'string') throw new Error(`top-up of stream ${streamId} printed no transaction: ${JSON.stringify(result)}`);
  });
  const wallet = await timeStep(devnet, log('wallet'), async (env) => {
    await golem(['wallet', '--json'], env);
  });
  const streamList = await timeStep(devnet, log('stream-list'), async (env) => {
    const listed = JSON.parse(await golem(['vm', 'stream', 'list', '--json'], env)) as {streams?: unknown[]};
    if (!Array.isArray(listed.streams) || listed.streams.length < 2) throw new Error(`vm stream list listed ${JSON.stringify(listed.streams)}`);
  });
  const destroy = await timeStep(devnet, log('destroy'), async (env) => {
    const destroyed = JSON.parse(await golem(['vm', 'destroy', name, '--yes', '--json'], env)) as {refund_wei?: string};
    if (!(BigInt(destroyed.refund_wei ?? '0') > 0n)) throw new Error(`destroy ${name} reported no refund: ${JSON.stringify(destroyed)}`);
  });
  return {create, topUp, wallet, streamList, destroy};
}
