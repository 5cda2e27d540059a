/**
 * What `npm run bench` prints and writes (issues 7 and 16): the terminal table (what was measured, golem's figure,
 * the baseline's figure from the same run, the ratio and the target, aligned by display width so wide names line
 * up), the markdown table the README pastes (`bench/results.md`), and `bench/results.json` with a numeric `ratio`
 * per row, merged with an earlier file when only some benchmarks ran (`--only`).
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

/** golem ÷ baseline medians, or null without a baseline (or with a zero one, where no ratio exists). */
export function ratioOf(row: BenchRow): number | null {
  if (!row.baseline || row.baseline.median === 0) return null;
  return row.golem.median / row.baseline.median;
}

/** golem ÷ baseline medians, e.g. `1.84×`, or `—` without a baseline (or a zero one). */
export function formatRatio(row: BenchRow): string {
  const ratio = ratioOf(row);
  return ratio === null ? '—' : `${formatNumber(ratio)}×`;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - stringWidth(text)));

const HEADER = ['measured', 'golem', 'baseline', 'ratio', 'target', 'met'] as const;

/** The cells of every row (`missed` in the met column when a target was not met), one `FAILED` row per failed benchmark. */
function tableCells(outcomes: readonly BenchOutcome[], missed: string): string[][] {
  return outcomes.flatMap((outcome) =>
    outcome.error !== null
      ? [[`${outcome.benchmark}: FAILED — ${outcome.error}`, '', '', '', '', 'no']]
      : outcome.rows.map((row) => [
          row.name,
          formatSample(row.golem, row.unit),
          row.baseline ? `${formatSample(row.baseline, row.unit)} ${row.baseline.label}` : '—',
          formatRatio(row),
          row.target,
          row.met ? 'yes' : missed,
        ]),
  );
}

/** The table's lines: header, rule, one line per row, and one line per failed benchmark. */
export function formatTable(outcomes: readonly BenchOutcome[]): string[] {
  const header = HEADER;
  const body = tableCells(outcomes, 'NO');
  const widths = header.map((title, column) => Math.max(stringWidth(title), ...body.map((cells) => stringWidth(cells[column]!))));
  const line = (cells: readonly string[]) => cells.map((cell, column) => pad(cell, widths[column]!)).join('  ').trimEnd();
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...body.map(line)];
}

/** `|` and line breaks would break a markdown table cell: escaped / folded to spaces. */
const markdownCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/**
 * The markdown table the README pastes: measured, golem, baseline (with its label), ratio, target, met — one row
 * per figure, one `FAILED` row per benchmark that did not run. Figures as in {@link formatTable}.
 */
export function formatMarkdownTable(outcomes: readonly BenchOutcome[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(HEADER), '|---|---|---|---|---|---|', ...tableCells(outcomes, '**no**').map(line)];
}

/** A row as `bench/results.json` stores it: the row plus `ratio` (golem ÷ baseline medians; null without baseline). */
export type StoredRow = BenchRow & {readonly ratio: number | null};

/** A benchmark's outcome as stored, rows with their ratio. */
export type StoredOutcome = Omit<BenchOutcome, 'rows'> & {readonly rows: readonly StoredRow[]};

/** The whole `bench/results.json`. */
export type BenchResults = {
  readonly date: string;
  readonly node: string;
  readonly commit: string;
  readonly platform: string;
  readonly benchmarks: readonly StoredOutcome[];
};

/** `outcomes` with each row's numeric `ratio` (recomputed, so rows read from an older file get one too). */
export function withRatios(outcomes: readonly BenchOutcome[]): StoredOutcome[] {
  return outcomes.map((outcome) => ({...outcome, rows: outcome.rows.map((row) => ({...row, ratio: ratioOf(row)}))}));
}

/**
 * The benchmarks to store after a partial run (`--only`): `previous`'s outcomes whose file did not run now, then
 * the fresh ones, sorted by file so the order does not depend on which ran last. A fresh outcome replaces the
 * stored one of the same file (a benchmark that now failed replaces its old rows: stale figures are not kept).
 */
export function mergeOutcomes(previous: readonly BenchOutcome[], fresh: readonly BenchOutcome[]): BenchOutcome[] {
  const ran = new Set(fresh.map((outcome) => outcome.file));
  return [...previous.filter((outcome) => !ran.has(outcome.file)), ...fresh].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * Which `*.bench.ts` files a run selects: all without patterns; otherwise those whose name matches one pattern —
 * a substring (`rental`), or a glob with `*` (`rental*`, `*.bench.ts`) matched against the whole file name.
 */
export function selectBenchFiles(files: readonly string[], patterns: readonly string[]): string[] {
  if (patterns.length === 0) return [...files];
  const matchers = patterns.map((pattern) => {
    if (!pattern.includes('*')) return (file: string) => file.includes(pattern);
    const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return (file: string) => regex.test(file);
  });
  return files.filter((file) => matchers.some((matches) => matches(file)));
}
