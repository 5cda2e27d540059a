/**
 * The one table `npm run bench` prints (issue 7): what was measured, golem's figure, the baseline's figure from
 * the same run, the ratio and the target, aligned by display width (string-width) so wide names line up.
 */
import stringWidth from 'string-width';
import type {BenchRow, Sample} from './benchmark.js';

/** A benchmark module's outcome: its rows, or the error that stopped it. */
export type BenchOutcome = {readonly benchmark: string; readonly file: string; readonly rows: readonly BenchRow[]; readonly error: string | null};

/** A number at a precision that suits its size (3 significant digits at least, no exponent). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size >= 100) return value.toFixed(0);
  if (size >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** `median ±spread unit (n=runs)`. */
export function formatSample(figure: Sample, unit: string): string {
  return `${formatNumber(figure.median)} ±${formatNumber(figure.spread)} ${unit} (n=${figure.runs})`;
}

/** golem ÷ baseline medians, e.g. `1.84×`, or `—` without a baseline (or a zero one). */
export function formatRatio(row: BenchRow): string {
  if (!row.baseline || row.baseline.median === 0) return '—';
  return `${formatNumber(row.golem.median / row.baseline.median)}×`;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - stringWidth(text)));

/** The table's lines: header, rule, one line per row, and one line per failed benchmark. */
export function formatTable(outcomes: readonly BenchOutcome[]): string[] {
  const header = ['measured', 'golem', 'baseline', 'ratio', 'target', 'met'];
  const body = outcomes.flatMap((outcome) =>
    outcome.error !== null
      ? [[`${outcome.benchmark}: FAILED — ${outcome.error}`, '', '', '', '', 'no']]
      : outcome.rows.map((row) => [
          row.name,
          formatSample(row.golem, row.unit),
          row.baseline ? `${formatSample(row.baseline, row.unit)} ${row.baseline.label}` : '—',
          formatRatio(row),
          row.target,
          row.met ? 'yes' : 'NO',
        ]),
  );
  const widths = header.map((title, column) => Math.max(stringWidth(title), ...body.map((cells) => stringWidth(cells[column]!))));
  const line = (cells: readonly string[]) => cells.map((cell, column) => pad(cell, widths[column]!)).join('  ').trimEnd();
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...body.map(line)];
}
