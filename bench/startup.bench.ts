/**
 * Start-up (issue 7 §1): the built CLI's wall time for `golem --help` and `golem vm list --json` with 200 VMs in the
 * database, against `node -e 0` measured in the same run (runs interleaved so load noise hits all alike). Target:
 * within 2.5× of bare Node. Also counts the viem modules `vm list --local` loads (lazy imports: none, and never
 * `viem/chains` — design.md, +440 ms).
 */
import {rmSync} from 'node:fs';
import {sample, type Benchmark, type BenchRow} from './lib/benchmark.js';
import {freePort} from './lib/free-port.js';
import {requireBuiltCli, runProcess, tempDir} from './lib/process.js';
import {seedVms} from './lib/seed-vms.js';

const RUNS = 15;
const WARMUP = 2;
const VM_COUNT = 200;
const MAX_RATIO = 2.5;

/** A loader hook (`node --import`) that prints every loaded module URL to stderr, one per line. */
const TRACE_HOOK = `data:text/javascript,${encodeURIComponent(
  `import {register} from 'node:module';
register('data:text/javascript,' + encodeURIComponent('export async function load(url, context, next) { process.stderr.write("LOADED " + url + "\\\\n"); return next(url, context); }'));`,
)}`;

async function wallMs(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  const result = await runProcess(process.execPath, args, {env});
  const elapsed = performance.now() - start;
  if (result.exitCode !== 0) throw new Error(`node ${args.join(' ')} exited ${result.exitCode}: ${result.stderr.trim()}`);
  return elapsed;
}

/** Start-up rows: `--help`, `vm list --local --json`, `vm list --json` (ms, vs `node -e 0`), viem modules loaded. */
export const benchmark: Benchmark = {
  name: 'start-up',
  async run(): Promise<BenchRow[]> {
    const cli = requireBuiltCli();
    const baseDir = tempDir('startup');
    try {
      // A closed port: `vm list` (refreshing) finds every provider unreachable at once (connection refused).
      const closedPort = await freePort();
      seedVms({baseDir, count: VM_COUNT, provider: {id: `0x${'ab'.repeat(20)}`, host: '127.0.0.1', port: closedPort}});
      const env = {...process.env, GOLEM_REQUESTOR_BASE_DIR: baseDir, NO_COLOR: '1'};
      const cases = {
        node: ['-e', '0'],
        help: [cli, '--help'],
        listLocal: [cli, 'vm', 'list', '--local', '--json'],
        list: [cli, 'vm', 'list', '--json'],
      } as const;
      const times: Record<keyof typeof cases, number[]> = {node: [], help: [], listLocal: [], list: []};
      for (let round = 0; round < WARMUP + RUNS; round++) {
        for (const [key, args] of Object.entries(cases) as [keyof typeof cases, readonly string[]][]) {
          const elapsed = await wallMs(args, env);
          if (round >= WARMUP) times[key].push(elapsed);
        }
      }
      const vmCount = (JSON.parse((await runProcess(process.execPath, cases.listLocal, {env})).stdout) as {vms: unknown[]}).vms.length;
      if (vmCount !== VM_COUNT) throw new Error(`vm list printed ${vmCount} VMs, expected ${VM_COUNT}.`);

      const traced = await runProcess(process.execPath, ['--import', TRACE_HOOK, ...cases.listLocal], {env});
      const loaded = traced.stderr.split('\n').filter((line) => line.startsWith('LOADED '));
      const viemModules = loaded.filter((line) => line.includes('/node_modules/viem/'));
      const loadsChains = viemModules.some((line) => line.includes('/chains/'));

      const node = sample(times.node);
      const baseline = {...node, label: 'node -e 0'};
      const row = (name: string, values: number[]): BenchRow => {
        const golem = sample(values);
        return {name, unit: 'ms', golem, baseline, target: `≤ ${MAX_RATIO}× baseline`, met: golem.median <= MAX_RATIO * node.median};
      };
      return [
        row('start-up: golem --help', times.help),
        row(`start-up: golem vm list --local --json (${VM_COUNT} VMs)`, times.listLocal),
        row(`start-up: golem vm list --json (${VM_COUNT} VMs, providers unreachable)`, times.list),
        {
          name: `start-up: viem modules loaded by vm list --local (${loaded.length} modules in all)`,
          unit: 'modules',
          golem: {median: viemModules.length, spread: 0, runs: 1},
          baseline: null,
          target: '0, never viem/chains',
          met: viemModules.length === 0 && !loadsChains,
        },
      ];
    } finally {
      rmSync(baseDir, {recursive: true, force: true});
    }
  },
};
