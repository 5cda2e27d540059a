/**
 * The shape every benchmark under `bench/` exports, so `npm run bench` can run them all and print one table
 * (issue 7). A benchmark module exports `benchmark: Benchmark`; its `run` measures golem and the baseline in the
 * same process run and returns one row per figure.
 */

/** One measured figure: golem's median against a baseline measured in the same run. */
export type BenchRow = {
  /** What was measured, e.g. `start-up: golem vm list --json (200 VMs)`. */
  readonly name: string;
  /** Unit of `golem`/`baseline`: `ms`, `MB/s`, `requests`, `round trips`, `%cpu`, `MB`. */
  readonly unit: string;
  readonly golem: Sample;
  /** The baseline's figure and what it is (`node -e 0`, `OpenSSH client`, `one request per advert`), or null. */
  readonly baseline: (Sample & {readonly label: string}) | null;
  /** The target in words, e.g. `≤ 2.5× baseline`, and whether this run met it. */
  readonly target: string;
  readonly met: boolean;
};

/** A median and its spread over `runs` repetitions (spread = max − min). */
export type Sample = {readonly median: number; readonly spread: number; readonly runs: number};

export type Benchmark = {
  readonly name: string;
  run(): Promise<BenchRow[]>;
};

/** Median and spread of `values` (must be non-empty). */
export function sample(values: readonly number[]): Sample {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {median, spread: sorted[sorted.length - 1]! - sorted[0]!, runs: sorted.length};
}

/** Runs `body` `runs` times (after `warmup` unmeasured runs) and returns the wall-time sample in ms. */
export async function timeRuns(body: () => Promise<unknown> | unknown, runs: number, warmup = 1): Promise<Sample> {
  for (let index = 0; index < warmup; index++) await body();
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  return sample(times);
}
