/**
 * Rental (issue 7 §4, issue 16) through the built CLI as a user runs it, on two devnets side by side:
 * - plain: `golem devnet up` (no added latency, a block every 1 s);
 * - slow: `golem devnet up --latency 200ms --block-time 2s` — every RPC and provider reply 200 ms late (the
 *   devnet's fault proxies, source/devnet/faults/), as on a public L2.
 * Each run does, on each devnet (alternating which goes first): `vm create --yes` → `vm ssh NAME -- true`
 * succeeds, `vm stream topup`, `wallet`, `vm stream list` (with 3 side streams open besides the VM's), and
 * `vm destroy` → refund received (bench/lib/rental-steps.ts).
 *
 * Rows:
 * - plain devnet: wall times of create and destroy (reported), transactions (= 1, the protocol minimum), and
 *   golem's requests per step against the protocol minimum: create ≤ 6 RPC and ≤ 4 provider requests counted in
 *   the `vm create` process only (the `vm ssh` probes are a row of their own), destroy ≤ 5 RPC, `wallet` and
 *   `vm stream list` ≤ 2 RPC each, top-up reported; the home's first `wallet` (untimed set-up, before the runs:
 *   its event scan finds the contract's deployment block once) is a reported row of its own;
 * - slow devnet: each step's wall time against its protocol floor — the plain devnet's median for the same step
 *   + round trips × 200 ms + blocks × 2 s, round trips being the protocol minimum per step as documented in
 *   bench/lib/protocol-floor.ts (create 3 RPC + 2 provider and 1 block, top-up and destroy 3 and 1 block, wallet
 *   and stream list 2) — target ≤ 1.5× the floor; and, as a strict view with the same target, the time the
 *   network added (slow run − plain run) against round trips × latency + blocks × block time alone.
 * Requests are counted by a fetch hook in golem's own processes (bench/lib/devnet.ts), per process.
 */
import {sample, type Benchmark, type BenchRow, type Sample} from './lib/benchmark.js';
import {startBenchDevnet, type BenchDevnet} from './lib/devnet.js';
import {floorRows, STEP_FLOORS, type SlowNetwork} from './lib/protocol-floor.js';
import {firstScan, openSideStreams, RENTAL_STEP_KEYS, runRental, type RentalRun, type RentalStepKey, type StepFigures} from './lib/rental-steps.js';

const RUNS = 5;
const SIDE_STREAMS = 3;
const SLOW: SlowNetwork = {latencyMs: 200, blockMs: 2000};

const minimum = (median: number, label = 'protocol minimum'): Sample & {label: string} => ({median, spread: 0, runs: 1, label});

/** A request-count row: golem's median against the protocol minimum, met when every run is within `max` (or reported). */
function countRow(name: string, values: readonly number[], least: number, max: number | null): BenchRow {
  const figures = sample(values);
  return {
    name,
    unit: 'requests',
    golem: figures,
    baseline: least === 0 ? null : minimum(least),
    target: max === null ? 'reported' : `≤ ${max}`,
    met: max === null || Math.max(...values) <= max,
  };
}

/** The plain devnet's rows: create/destroy wall times, transactions, and request counts per step. */
function plainRows(runs: readonly RentalRun[], first: StepFigures): BenchRow[] {
  const of = (step: RentalStepKey) => runs.map((run) => run[step]);
  const pick = (step: RentalStepKey, figure: (entry: StepFigures) => number) => of(step).map(figure);
  const transactionRow = (step: RentalStepKey): BenchRow => {
    const transactions = sample(pick(step, (entry) => entry.transactions));
    return {
      name: `rental: ${STEP_FLOORS[step].title} transactions`,
      unit: 'tx',
      golem: transactions,
      baseline: minimum(1),
      target: '= 1',
      met: transactions.median === 1 && transactions.spread === 0,
    };
  };
  const wallRow = (step: RentalStepKey): BenchRow => ({
    name: `rental: ${STEP_FLOORS[step].title} wall time`,
    unit: 'ms',
    golem: sample(pick(step, (entry) => entry.ms)),
    baseline: null,
    target: 'reported',
    met: true,
  });
  const probes = pick('create', (entry) => (entry.probes ? entry.probes.rpc + entry.probes.provider : 0));
  return [
    wallRow('create'),
    transactionRow('create'),
    countRow('rental: vm create RPC requests (vm create process, before SSH is polled)', pick('create', (entry) => entry.requests.rpc), STEP_FLOORS.create.minRpcRequests, 6),
    countRow('rental: vm create provider requests (vm create process, before SSH is polled)', pick('create', (entry) => entry.requests.provider), STEP_FLOORS.create.minProviderRequests, 4),
    {
      ...countRow('rental: vm ssh probes until reachable, RPC + provider requests (all probes)', probes, 0, null),
      target: `reported (${sample(pick('create', (entry) => entry.probes?.attempts ?? 0)).median} probes, median)`,
    },
    wallRow('destroy'),
    transactionRow('destroy'),
    countRow('rental: vm destroy RPC requests', pick('destroy', (entry) => entry.requests.rpc), STEP_FLOORS.destroy.minRpcRequests, 5),
    countRow('rental: vm destroy provider requests', pick('destroy', (entry) => entry.requests.provider), STEP_FLOORS.destroy.minProviderRequests, null),
    transactionRow('topUp'),
    countRow('rental: vm stream topup RPC requests', pick('topUp', (entry) => entry.requests.rpc), STEP_FLOORS.topUp.minRpcRequests, null),
    countRow(`rental: wallet RPC requests, first call of a new home (finds the contract's deployment block once)`, [first.requests.rpc], STEP_FLOORS.wallet.minRpcRequests, null),
    countRow(`rental: wallet RPC requests (${SIDE_STREAMS + 1} streams open)`, pick('wallet', (entry) => entry.requests.rpc), STEP_FLOORS.wallet.minRpcRequests, 2),
    countRow(`rental: vm stream list RPC requests (${SIDE_STREAMS + 1} streams open)`, pick('streamList', (entry) => entry.requests.rpc), STEP_FLOORS.streamList.minRpcRequests, 2),
  ];
}

/** Rental rows: counts and wall times on the plain devnet, wall time against the protocol floor on the slow one. */
export const benchmark: Benchmark = {
  name: 'rental',
  async run(): Promise<BenchRow[]> {
    const devnets: BenchDevnet[] = [];
    try {
      const started = await Promise.allSettled([
        startBenchDevnet('rental'),
        startBenchDevnet('rental-slow', 2, ['--latency', `${SLOW.latencyMs}ms`, '--block-time', `${SLOW.blockMs / 1000}s`]),
      ]);
      for (const result of started) if (result.status === 'fulfilled') devnets.push(result.value);
      for (const result of started) if (result.status === 'rejected') throw result.reason;
      const [plain, slow] = devnets as [BenchDevnet, BenchDevnet];
      await Promise.all([openSideStreams(plain, SIDE_STREAMS), openSideStreams(slow, SIDE_STREAMS)]);
      // Each home's one-time deployment-block search, before the timed steps (its count is a row of its own).
      const [first] = await Promise.all([firstScan(plain), firstScan(slow)]);
      const plainRuns: RentalRun[] = [];
      const slowRuns: RentalRun[] = [];
      for (let run = 0; run < RUNS; run++) {
        // Alternate which devnet goes first, so machine load drifts affect both alike.
        const order = run % 2 === 0 ? ([['plain', plain, plainRuns], ['slow', slow, slowRuns]] as const) : ([['slow', slow, slowRuns], ['plain', plain, plainRuns]] as const);
        for (const [label, devnet, runs] of order) {
          process.stderr.write(`  run ${run + 1}/${RUNS}, ${label} devnet\n`);
          runs.push(await runRental(devnet, `bench-${run}`));
        }
      }
      const slowStepRows = RENTAL_STEP_KEYS.flatMap((step) =>
        floorRows(step, plainRuns.map((entry) => entry[step].ms), slowRuns.map((entry) => entry[step].ms), SLOW),
      );
      return [...plainRows(plainRuns, first), ...slowStepRows];
    } finally {
      await Promise.allSettled(devnets.map((devnet) => devnet.stop()));
    }
  },
};
