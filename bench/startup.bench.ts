/**
 * Start-up (issue 16 §3 and §5): the built CLI's wall time for `golem --help` and `golem vm list --local --json`
 * against `node -e 0` measured in the same run (runs interleaved so load noise hits all alike). Targets: `--help`
 * ≤ 1.5× and `vm list --local --json` (10 VMs) ≤ 2× bare Node. Scale: the same list with 1,000 VMs and 1,000
 * streams in the database within 1.2× of the 10-VM figure. Also counts the modules `vm list --local` loads (files
 * of the bundle, of node_modules, and viem's: none, and never `viem/chains` — design.md, +440 ms).
 * `vm list --json` with unreachable providers is bench/vm-list-unreachable.bench.ts.
 */
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {sample, type Benchmark, type BenchRow} from './lib/benchmark.js';
import {requireBuiltCli, runProcess, tempDir} from './lib/process.js';
import {seedVms} from './lib/seed-vms.js';

const RUNS = 21;
const WARMUP = 2;
const SMALL = 10;
const LARGE = 1000;
const HELP_MAX_RATIO = 1.5;
const LIST_MAX_RATIO = 2;
const SCALE_MAX_RATIO = 1.2;

/**
 * A loader hook (`node --import`) that prints every loaded module to stderr, one per line: ESM through a `load`
 * hook, CommonJS through `Module._load` (better-sqlite3 and its helpers are CommonJS).
 */
const TRACE_HOOK = `data:text/javascript,${encodeURIComponent(
  `import Module, {register} from 'node:module';
register('data:text/javascript,' + encodeURIComponent('export async function load(url, context, next) { if (!url.startsWith("node:")) process.stderr.write("LOADED " + url + "\\\\n"); return next(url, context); }'));
const load = Module._load; const seen = new Set();
Module._load = function (request, parent, isMain) {
  const loaded = load.apply(this, arguments);
  try { const file = Module._resolveFilename(request, parent, isMain); if (!Module.isBuiltin(file) && !seen.has(file)) { seen.add(file); process.stderr.write('LOADED file://' + file + '\\n'); } } catch {}
  return loaded;
};`,
)}`;

async function wallMs(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  const result = await runProcess(process.execPath, args, {env});
  const elapsed = performance.now() - start;
  if (result.exitCode !== 0) throw new Error(`node ${args.join(' ')} exited ${result.exitCode}: ${result.stderr.trim()}`);
  return elapsed;
}

/** Start-up rows: `--help` and `vm list --local --json` vs `node -e 0`, 1,000 VMs vs 10, modules loaded. */
export const benchmark: Benchmark = {
  name: 'start-up',
  async run(): Promise<BenchRow[]> {
    const cli = requireBuiltCli();
    const baseDir = tempDir('startup');
    try {
      // Providers on a closed port: nothing here asks them (`--local`), the rows only need somewhere to point.
      const provider = {id: `0x${'ab'.repeat(20)}` as const, host: '127.0.0.1', port: 9};
      const smallDir = join(baseDir, 'small');
      const largeDir = join(baseDir, 'large');
      seedVms({baseDir: smallDir, count: SMALL, provider});
      seedVms({baseDir: largeDir, count: LARGE, provider, streams: {chainId: 31337, contractAddress: `0x${'cd'.repeat(20)}`}});
      const envOf = (dir: string) => ({...process.env, GOLEM_REQUESTOR_BASE_DIR: dir, NO_COLOR: '1'});
      const listArgs = [cli, 'vm', 'list', '--local', '--json'];
      const cases = {
        node: {args: ['-e', '0'], env: envOf(smallDir)},
        help: {args: [cli, '--help'], env: envOf(smallDir)},
        listSmall: {args: listArgs, env: envOf(smallDir)},
        listLarge: {args: listArgs, env: envOf(largeDir)},
      } as const;
      const times: Record<keyof typeof cases, number[]> = {node: [], help: [], listSmall: [], listLarge: []};
      for (let round = 0; round < WARMUP + RUNS; round++) {
        for (const [key, {args, env}] of Object.entries(cases) as [keyof typeof cases, (typeof cases)[keyof typeof cases]][]) {
          const elapsed = await wallMs(args, env);
          if (round >= WARMUP) times[key].push(elapsed);
        }
      }
      for (const [dir, expected] of [[smallDir, SMALL], [largeDir, LARGE]] as const) {
        const listed = JSON.parse((await runProcess(process.execPath, listArgs, {env: envOf(dir)})).stdout) as {vms: unknown[]};
        if (listed.vms.length !== expected) throw new Error(`vm list printed ${listed.vms.length} VMs, expected ${expected}.`);
      }

      const traced = await runProcess(process.execPath, ['--import', TRACE_HOOK, ...listArgs], {env: envOf(smallDir)});
      const loaded = traced.stderr.split('\n').filter((line) => line.startsWith('LOADED '));
      const packages = loaded.filter((line) => line.includes('/node_modules/'));
      const viemModules = packages.filter((line) => line.includes('/node_modules/viem/'));
      const loadsChains = viemModules.some((line) => line.includes('/chains/'));

      const node = sample(times.node);
      const baseline = {...node, label: 'node -e 0'};
      const ratioRow = (name: string, values: number[], maxRatio: number): BenchRow => {
        const golem = sample(values);
        return {name, unit: 'ms', golem, baseline, target: `≤ ${maxRatio}× baseline`, met: golem.median <= maxRatio * node.median};
      };
      const small = sample(times.listSmall);
      const large = sample(times.listLarge);
      return [
        ratioRow('start-up: golem --help', times.help, HELP_MAX_RATIO),
        ratioRow(`start-up: golem vm list --local --json (${SMALL} VMs)`, times.listSmall, LIST_MAX_RATIO),
        {
          name: `scale: golem vm list --local --json (${LARGE} VMs, ${LARGE} streams)`,
          unit: 'ms',
          golem: large,
          baseline: {...small, label: `the same, ${SMALL} VMs`},
          target: `≤ ${SCALE_MAX_RATIO}× baseline`,
          met: large.median <= SCALE_MAX_RATIO * small.median,
        },
        {
          name: `start-up: modules vm list --local loads (${loaded.length - packages.length} of golem's bundle, ${packages.length} in node_modules)`,
          unit: 'modules',
          golem: {median: loaded.length, spread: 0, runs: 1},
          baseline: null,
          target: `viem: 0 (loaded ${viemModules.length}), never viem/chains`,
          met: viemModules.length === 0 && !loadsChains,
        },
      ];
    } finally {
      rmSync(baseDir, {recursive: true, force: true});
    }
  },
};
