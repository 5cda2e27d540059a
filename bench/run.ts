/**
 * `npm run bench` (issues 7 and 16): finds every `bench/*.bench.ts` module exporting `benchmark: Benchmark`, runs
 * them one after another (never in parallel: they time things), prints one table, and writes
 * - `bench/results.json`: the rows (each with golem, baseline and a numeric `ratio`, null without baseline), the
 *   Node version, the commit, the machine and the date;
 * - `bench/results.md`: the same rows as a markdown table for the README (measured, golem, baseline, ratio,
 *   target, met).
 *
 * Usage: `tsx bench/run.ts [--only PATTERN …] [PATTERN …]` (`npm run bench -- --only rental`). A pattern is a
 * substring of the file name or a glob with `*`; with patterns only the matching modules run and their outcomes
 * are merged into the existing results.json (other benchmarks' rows are kept, the date and commit are this run's).
 * Exit code 1 when a benchmark failed to run (a missed target is reported, not an error), 2 for a bad argument.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {availableParallelism, loadavg} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {Benchmark} from './lib/benchmark.js';
import {formatMarkdownTable, formatTable, mergeOutcomes, selectBenchFiles, withRatios, type BenchOutcome, type BenchResults} from './lib/report.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const resultsPath = join(benchDir, 'results.json');
const markdownPath = join(benchDir, 'results.md');

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

/** The file-name patterns of `--only P`, `--only=P` and bare arguments; throws for an unknown flag or a missing value. */
function parsePatterns(args: readonly string[]): string[] {
  const patterns: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--only') {
      const value = args[++index];
      if (value === undefined || value === '') throw new Error('--only needs a file-name pattern, e.g. --only rental');
      patterns.push(value);
    } else if (arg.startsWith('--only=')) patterns.push(arg.slice('--only='.length));
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg} (usage: tsx bench/run.ts [--only PATTERN …])`);
    else patterns.push(arg);
  }
  return patterns;
}

/** The outcomes of an earlier results.json, or none when it is missing or unreadable (said on stderr). */
function previousOutcomes(): BenchOutcome[] {
  if (!existsSync(resultsPath)) return [];
  try {
    const stored = JSON.parse(readFileSync(resultsPath, 'utf8')) as Partial<BenchResults>;
    return Array.isArray(stored.benchmarks) ? (stored.benchmarks as BenchOutcome[]) : [];
  } catch (error) {
    process.stderr.write(`${resultsPath} is unreadable (${error instanceof Error ? error.message : String(error)}); writing this run's rows only\n`);
    return [];
  }
}

async function runOne(file: string): Promise<BenchOutcome> {
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
  return outcome;
}

async function main(args: readonly string[]): Promise<number> {
  let patterns: string[];
  try {
    patterns = parsePatterns(args);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const files = selectBenchFiles(readdirSync(benchDir).filter((file) => file.endsWith('.bench.ts')).sort(), patterns);
  if (files.length === 0) {
    process.stderr.write(`no bench/*.bench.ts matches ${patterns.join(', ')}\n`);
    return 2;
  }
  const outcomes: BenchOutcome[] = [];
  for (const file of files) outcomes.push(await runOne(file));
  process.stdout.write(`${formatTable(outcomes).join('\n')}\n`);

  const stored = patterns.length === 0 ? outcomes : mergeOutcomes(previousOutcomes(), outcomes);
  const results: BenchResults = {
    date: new Date().toISOString(),
    node: process.version,
    commit: gitCommit(),
    platform: `${process.platform} ${process.arch}, ${availableParallelism()} cores, load ${loadavg().map((load) => load.toFixed(2)).join(' ')}`,
    benchmarks: withRatios(stored),
  };
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(markdownPath, `${formatMarkdownTable(stored).join('\n')}\n`);
  process.stderr.write(`Wrote ${resultsPath}${patterns.length === 0 ? '' : ' (merged with the rows of benchmarks that did not run)'} and ${markdownPath}\n`);
  return outcomes.some((outcome) => outcome.error !== null) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
