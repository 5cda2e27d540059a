/** The benchmark table and figures (bench/lib): medians, spreads, ratios and width-aligned columns. */
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {sample} from '../../../bench/lib/benchmark.js';
import {
  formatMarkdownTable,
  formatNumber,
  formatRatio,
  formatTable,
  mergeOutcomes,
  ratioOf,
  selectBenchFiles,
  withRatios,
  type BenchOutcome,
} from '../../../bench/lib/report.js';

const row = {
  name: 'start-up: 東京 vm list',
  unit: 'ms',
  golem: sample([120, 100, 140]),
  baseline: {...sample([50, 40, 60, 70]), label: 'node -e 0'},
  target: '≤ 2.5× baseline',
  met: true,
};

describe('bench report', () => {
  it('takes the median and the max − min spread', () => {
    expect(sample([3, 1, 2])).toEqual({median: 2, spread: 2, runs: 3});
    expect(sample([4, 1, 2, 3])).toEqual({median: 2.5, spread: 3, runs: 4});
  });

  it('formats numbers by size and the ratio of medians', () => {
    expect([formatNumber(1234.5), formatNumber(12.34), formatNumber(1.234)]).toEqual(['1235', '12.3', '1.23']);
    expect(formatRatio(row)).toBe('2.18×');
    expect(formatRatio({...row, baseline: null})).toBe('—');
  });

  it('aligns columns by display width, wide characters included, and lists failed benchmarks', () => {
    const lines = formatTable([
      {benchmark: 'start-up', file: 'startup.bench.ts', rows: [row, {...row, name: 'ascii', met: false}], error: null},
      {benchmark: 'ssh', file: 'ssh.bench.ts', rows: [], error: 'sshd did not start'},
    ]);
    expect(lines).toHaveLength(5);
    const columnOf = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)));
    const golemColumn = columnOf(lines[0]!, 'golem');
    expect([columnOf(lines[2]!, '120 ±40.0 ms'), columnOf(lines[3]!, '120 ±40.0 ms')]).toEqual([golemColumn, golemColumn]);
    expect(lines[2]!.startsWith('start-up: 東京 vm list')).toBe(true);
    expect(lines[3]).toMatch(/NO$/);
    expect(lines[4]).toContain('ssh: FAILED — sshd did not start');
  });

  it('gives a numeric ratio of medians, null without a baseline or with a zero one', () => {
    expect(ratioOf(row)).toBeCloseTo(120 / 55, 10);
    expect(ratioOf({...row, baseline: null})).toBeNull();
    expect(ratioOf({...row, baseline: {...row.baseline, median: 0}})).toBeNull();
    const [stored] = withRatios([{benchmark: 'start-up', file: 'startup.bench.ts', rows: [row, {...row, baseline: null}], error: null}]);
    expect(stored!.rows.map((entry) => entry.ratio)).toEqual([120 / 55, null]);
    expect(stored!.rows[0]).toMatchObject({golem: row.golem, baseline: row.baseline});
    expect(JSON.parse(JSON.stringify(stored)).rows[1].ratio).toBeNull();
  });

  it('writes a markdown table with one row per figure, pipes escaped and misses in bold', () => {
    const lines = formatMarkdownTable([
      {benchmark: 'rental', file: 'rental.bench.ts', rows: [row, {...row, name: 'wallet | 2 streams', baseline: null, met: false}], error: null},
      {benchmark: 'ssh', file: 'ssh.bench.ts', rows: [], error: 'sshd did not start'},
    ]);
    expect(lines).toEqual([
      '| measured | golem | baseline | ratio | target | met |',
      '|---|---|---|---|---|---|',
      '| start-up: 東京 vm list | 120 ±40.0 ms (n=3) | 55.0 ±30.0 ms (n=4) node -e 0 | 2.18× | ≤ 2.5× baseline | yes |',
      '| wallet \\| 2 streams | 120 ±40.0 ms (n=3) | — | — | ≤ 2.5× baseline | **no** |',
      '| ssh: FAILED — sshd did not start |  |  |  |  | no |',
    ]);
  });

  it('merges a partial run into the stored outcomes: fresh ones replace theirs, the rest are kept, sorted by file', () => {
    const outcome = (file: string, name: string): BenchOutcome => ({benchmark: file, file, rows: [{...row, name}], error: null});
    const previous = [outcome('ssh.bench.ts', 'old ssh'), outcome('rental.bench.ts', 'old rental'), outcome('cp.bench.ts', 'old cp')];
    const merged = mergeOutcomes(previous, [outcome('rental.bench.ts', 'new rental'), outcome('zzz.bench.ts', 'new')]);
    expect(merged.map((entry) => entry.rows[0]!.name)).toEqual(['old cp', 'new rental', 'old ssh', 'new']);
    const failed: BenchOutcome = {benchmark: 'rental', file: 'rental.bench.ts', rows: [], error: 'devnet did not start'};
    expect(mergeOutcomes(previous, [failed]).find((entry) => entry.file === 'rental.bench.ts')).toBe(failed);
  });

  it('selects bench files by substring or by a * glob over the whole name', () => {
    const files = ['cp.bench.ts', 'rental.bench.ts', 'startup.bench.ts', 'vm-list-unreachable.bench.ts'];
    expect(selectBenchFiles(files, [])).toEqual(files);
    expect(selectBenchFiles(files, ['rental'])).toEqual(['rental.bench.ts']);
    expect(selectBenchFiles(files, ['st', 'cp'])).toEqual(['cp.bench.ts', 'startup.bench.ts', 'vm-list-unreachable.bench.ts']);
    expect(selectBenchFiles(files, ['s*.bench.ts'])).toEqual(['startup.bench.ts']);
    expect(selectBenchFiles(files, ['vm-list.*'])).toEqual([]);
  });
});
