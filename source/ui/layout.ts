/**
 * How the dashboard divides the terminal's lines (issue 13 item 2, case-33). Pure: the App shell computes one
 * `Layout` per render from the terminal size and what the chrome must show, and screens size their tables from it.
 *
 * The frame is one line shorter than the terminal (a full-height frame makes Ink clear the screen on every render).
 * Chrome shrinks with the height: the blank spacer lines go below 24 rows, the status bar below 14; the header and
 * the key hints always stay. Tables draw their box below a body of 9 lines and become a bare header + rows list.
 * Below `MIN_COLUMNS`×`MIN_ROWS` the frame is one line saying how big the terminal must be.
 */
import stringWidth from 'string-width';

/** The smallest terminal the dashboard draws in, in columns and rows. */
export const MIN_COLUMNS = 40;
/** @see MIN_COLUMNS */
export const MIN_ROWS = 10;

/**
 * The line drawn instead of the dashboard in a terminal smaller than `MIN_COLUMNS`×`MIN_ROWS`, as long as fits
 * `columns`: `golem needs at least 40×10 (this is 30×8)`, `golem needs 40×10 (now 30×8)`, `needs 40×10`.
 */
export function tooSmallMessage(columns: number, rows: number): string {
  const variants = [
    `golem needs at least ${MIN_COLUMNS}×${MIN_ROWS} (this is ${columns}×${rows})`,
    `golem needs ${MIN_COLUMNS}×${MIN_ROWS} (now ${columns}×${rows})`,
    `needs ${MIN_COLUMNS}×${MIN_ROWS}`,
  ];
  return variants.find((text) => stringWidth(text) < columns) ?? variants.at(-1)!;
}

/** What the shell decided for this size. */
export type Layout = {
  readonly columns: number;
  readonly rows: number;
  /** Smaller than the minimum: draw `tooSmallMessage` only. */
  readonly isTooSmall: boolean;
  /** Lines the frame has (the terminal's rows less one). */
  readonly frameRows: number;
  /** Whether the status bar (network, wallet, funding, update time) has its line. */
  readonly showStatus: boolean;
  /** Whether the status bar's problem line is drawn (a problem exists and there is room). */
  readonly showProblem: boolean;
  /** Lines the problem takes: its text cut to one line, and from 24 rows up its hint wrapped (0 when not shown). */
  readonly problemLines: number;
  /** The status bar's line listing the port forwards (issue 12 item 4): 1 when some run and there is room, else 0. */
  readonly forwardLines: 0 | 1;
  /** Blank lines around the body: 1 from 24 rows up, else 0. */
  readonly gap: 0 | 1;
  /** Lines the notice takes (0 without one); each is cut to the width. */
  readonly noticeLines: number;
  /** Lines left for the current screen or the open dialog. */
  readonly bodyRows: number;
  /** Tables draw borders (box) or only a header line (bare). */
  readonly table: 'boxed' | 'bare';
};

/** What the chrome has to show besides the header and the hints. */
export type LayoutInput = {
  readonly columns: number;
  readonly rows: number;
  /** The notice's text and hint, or null. */
  readonly notice: {readonly text: string; readonly hint?: string | undefined} | null;
  /** The status bar's problem (text and hint), or null. */
  readonly problem: {readonly text: string; readonly hint?: string | undefined} | null;
  /** Whether port forwards run in this dashboard (they get a status line). @default false */
  readonly hasForwards?: boolean | undefined;
};

/** Divides `rows` lines; see the module comment. */
export function computeLayout({columns, rows, notice, problem, hasForwards = false}: LayoutInput): Layout {
  const hasProblem = problem !== null;
  const isTooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  const frameRows = Math.max(1, rows - 1);
  const showStatus = rows >= 14;
  const showProblem = showStatus && hasProblem && rows >= 16;
  const gap: 0 | 1 = rows >= 24 ? 1 : 0;
  const noticeLines = notice === null ? 0 : notice.hint && rows >= 24 && stringWidth(notice.hint) > 0 ? 2 : 1;
  const hintLines = problem?.hint && rows >= 24 ? Math.min(3, Math.ceil(stringWidth(`  ${problem.hint}`) / Math.max(1, columns))) : 0;
  const problemLines = showProblem ? 1 + hintLines : 0;
  const forwardLines: 0 | 1 = showStatus && hasForwards && rows >= 16 ? 1 : 0;
  const chrome = 1 + (showStatus ? 1 : 0) + forwardLines + problemLines + 2 * gap + noticeLines + 1;
  const bodyRows = Math.max(1, frameRows - chrome);
  return {columns, rows, isTooSmall, frameRows, showStatus, showProblem, problemLines, forwardLines, gap, noticeLines, bodyRows, table: bodyRows >= 9 ? 'boxed' : 'bare'};
}

/** Lines a table takes besides its body rows: box (top, header, rule, bottom) or bare (header). */
export function tableChromeLines(table: Layout['table']): number {
  return table === 'boxed' ? 4 : 1;
}

/**
 * Body rows a table gets in `layout` when the screen uses `extraLines` of its body for other lines, with one line
 * kept for the "rows 1–5 of 200" scroll line when `rowCount` rows do not all fit. At least 1.
 */
export function tableBodyRows(layout: Layout, extraLines: number, rowCount: number): number {
  const room = layout.bodyRows - extraLines - tableChromeLines(layout.table);
  if (rowCount <= room) return Math.max(1, room);
  return Math.max(1, room - 1);
}
