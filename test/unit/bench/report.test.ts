/** The benchmark table and figures (bench/lib): medians, spreads, ratios and width-aligned columns. */
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {sample} from '../../../bench/lib/benchmark.js';
import {formatNumber, formatRatio, formatTable} from '../../../bench/lib/report.js';

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
});
