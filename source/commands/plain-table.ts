/**
 * Aligned plain-text tables for one-shot CLI output. Its own module (not output.ts) because string-width compiles
 * large Unicode regular expressions when loaded (~25 ms): a `--json` run never loads it (issue 16 §3, start-up).
 */
import {displayWidth, fitToWidth, truncateToWidth} from '../lib/text-width.js';

/** A column of a plain table: header, max display width (cells longer are cut with "…"), alignment. */
export type PlainColumn = {readonly header: string; readonly maxWidth?: number; readonly align?: 'left' | 'right'};

/**
 * Renders rows as an aligned plain-text table for one-shot CLI output. Widths are display widths
 * (string-width), so CJK, emoji and combining marks keep columns aligned; long cells are truncated with "…"
 * between grapheme clusters — case-13.
 */
export function plainTable(columns: readonly PlainColumn[], rows: readonly (readonly string[])[]): string[] {
  const cells = rows.map((row) => row.map((cell, index) => truncateToWidth(cell, columns[index]?.maxWidth ?? 60)));
  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[index] ?? ''))),
  );
  const line = (row: readonly string[]) =>
    row.map((text, index) => fitToWidth(text, widths[index]!, columns[index]?.align)).join('  ').trimEnd();
  return [line(columns.map((column) => column.header)), line(widths.map((width) => '─'.repeat(width))), ...cells.map(line)];
}
