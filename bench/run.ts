/**
 * `npm run bench` (issue 7): finds every `bench/*.bench.ts` module exporting `benchmark: Benchmark`, runs them one
 * after another (never in parallel: they time things), prints one table and writes `bench/results.json` with the
 * rows, the Node version, the commit and the date.
 *
 * Usage: `tsx bench/run.ts [name-filter …]` — with filters, only modules whose file name contains one of them run.
 * Exit code 1 when a benchmark failed to run (a missed target is reported, not an error).
 */
import {execFileSync} from 'node:child_process';
import {readdirSync, writeFileSync} from 'node:fs';
import {availableParallelism, loadavg} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {Benchmark} from './lib/benchmark.js';
import {formatTable, type BenchOutcome} from './lib/report.js';

const benchDir = dirname(fileURLToPath(import.meta.url));

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {cwd: benchDir, encoding: 'utf8'}).trim();
    const isDirty = execFileSync('git', ['status', '--porcelain'], {cwd: benchDir, encoding: 'utf8'}).trim() !== '';
    return isDirty ? `${commit}+dirty` : commit;
  } catch {
    return 'unknown';
  }
}

const isBenchmark = (value: unknown): value is Benchmark =>
  typeof value === 'object' && value !== null && typeof (value as Benchmark).name === 'string' && typeof (value as Benchmark).run === 'function';

async function main(filters: readonly string[]): Promise<number> {
  const files = readdirSync(benchDir)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
  const outcomes: BenchOutcome[] = [];
  for (const file of files) {
    const started = performance.now();
    let outcome: BenchOutcome;
    try {
      const module = (await import(pathToFileURL(join(benchDir, file)).href)) as {benchmark?: unknown};
      if (!isBenchmark(module.benchmark)) throw new Error('exports no `benchmark: Benchmark` (see bench/lib/benchmark.ts)');
      process.stderr.write(`▶ ${module.benchmark.name} (${file})\n`);
      outcome = {benchmark: module.benchmark.name, file, rows: await module.benchmark.run(), error: null};
    } catch (error) {
      outcome = {benchmark: file, file, rows: [], error: error instanceof Error ? error.message : String(error)};
    }
    process.stderr.write(`  ${outcome.error === null ? 'done' : `failed: ${outcome.error}`} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    outcomes.push(outcome);
  }
  process.stdout.write(`${formatTable(outcomes).join('\n')}\n`);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    commit: gitCommit(),
    platform: `${process.platform} ${process.arch}, ${availableParallelism()} cores, load ${loadavg().map((load) => load.toFixed(2)).join(' ')}`,
    benchmarks: outcomes,
  };
  const resultsPath = join(benchDir, 'results.json');
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write(`Wrote ${resultsPath}\n`);
  return outcomes.some((outcome) => outcome.error !== null) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
