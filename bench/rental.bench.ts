/**
 * Rental (issue 7 §4) on the devnet, through the built CLI as a user runs it:
 * - `vm create --yes` until `vm ssh NAME -- true` succeeds: wall time, wallet transactions, requests to providers;
 * - `vm destroy --yes` until the refund is received (the terminate receipt; destroy prints the refund): the same.
 * Transactions are the wallet's nonce difference on anvil; requests are counted by a fetch hook in golem's own
 * processes (every `vm ssh` retry counted too). There is no second client to compare with, so the baseline
 * is the least the protocol needs (reference §4, §7): 1 transaction each (createStream / terminate); provider
 * requests are reported without a target.
 */
import {join} from 'node:path';
import {sample, type Benchmark, type BenchRow} from './lib/benchmark.js';
import {readFetchLog, startBenchDevnet, transactionCount, type BenchDevnet} from './lib/devnet.js';
import {golem, runProcess, requireBuiltCli, sleep} from './lib/process.js';

const RUNS = 3;
const SSH_DEADLINE_MS = 120_000;

type Phase = {ms: number; transactions: number; providerRequests: number; rpcRequests: number};

async function measurePhase(devnet: BenchDevnet, logPath: string, body: (env: NodeJS.ProcessEnv) => Promise<void>): Promise<Phase> {
  const {rpcUrl, walletAddress, providers} = devnet.state;
  const providerPorts = new Set(providers.map((provider) => String(provider.port)));
  const nonceBefore = await transactionCount(rpcUrl, walletAddress);
  const start = performance.now();
  await body(devnet.tracedEnv(logPath));
  const ms = performance.now() - start;
  const fetched = readFetchLog(logPath);
  return {
    ms,
    transactions: (await transactionCount(rpcUrl, walletAddress)) - nonceBefore,
    providerRequests: fetched.filter((entry) => providerPorts.has(entry.url.port)).length,
    rpcRequests: fetched.filter((entry) => entry.url.href.startsWith(rpcUrl)).length,
  };
}

/** Rental rows: wall time (ms), transactions, provider and RPC requests for create → SSH and destroy → refund. */
export const benchmark: Benchmark = {
  name: 'rental',
  async run(): Promise<BenchRow[]> {
    const cli = requireBuiltCli();
    const devnet = await startBenchDevnet('rental');
    try {
      const providerId = devnet.state.providers[0]!.providerId;
      const creates: Phase[] = [];
      const destroys: Phase[] = [];
      for (let run = 0; run < RUNS; run++) {
        const name = `bench-${run}`;
        creates.push(
          await measurePhase(devnet, join(devnet.baseDir, `create-${run}.log`), async (env) => {
            await golem(['vm', 'create', name, '--provider-id', providerId, '--cpu', '1', '--memory', '1', '--storage', '10', '--hours', '1', '--yes', '--json'], env);
            const deadline = Date.now() + SSH_DEADLINE_MS;
            for (;;) {
              const probe = await runProcess(process.execPath, [cli, 'vm', 'ssh', name, '--', 'true'], {env, timeoutMs: 60_000});
              if (probe.exitCode === 0) return;
              if (Date.now() > deadline) throw new Error(`${name} not reachable over SSH: ${probe.stderr.trim()}`);
              await sleep(200);
            }
          }),
        );
        destroys.push(
          await measurePhase(devnet, join(devnet.baseDir, `destroy-${run}.log`), async (env) => {
            const destroyed = JSON.parse(await golem(['vm', 'destroy', name, '--yes', '--json'], env)) as {refund_wei?: string};
            if (!(BigInt(destroyed.refund_wei ?? '0') > 0n)) throw new Error(`destroy ${name} reported no refund: ${JSON.stringify(destroyed)}`);
          }),
        );
      }
      const rows = (phase: string, phases: Phase[]): BenchRow[] => {
        const transactions = sample(phases.map((entry) => entry.transactions));
        return [
          {name: `rental: ${phase} wall time`, unit: 'ms', golem: sample(phases.map((entry) => entry.ms)), baseline: null, target: 'reported', met: true},
          {
            name: `rental: ${phase} transactions`,
            unit: 'tx',
            golem: transactions,
            baseline: {median: 1, spread: 0, runs: 1, label: 'protocol minimum'},
            target: '= 1',
            met: transactions.median === 1 && transactions.spread === 0,
          },
          {name: `rental: ${phase} provider requests`, unit: 'requests', golem: sample(phases.map((entry) => entry.providerRequests)), baseline: null, target: 'reported', met: true},
          {name: `rental: ${phase} RPC requests`, unit: 'requests', golem: sample(phases.map((entry) => entry.rpcRequests)), baseline: null, target: 'reported', met: true},
        ];
      };
      return [...rows('vm create --yes → SSH reachable', creates), ...rows('vm destroy → refund received', destroys)];
    } finally {
      await devnet.stop();
    }
  },
};
