import {toJson} from '../lib/json.js';
import {displayWidth, fitToWidth, truncateToWidth} from '../lib/text-width.js';
import type {OnProgress} from '../services/types.js';
import type {CommandIo} from './command.js';

/** Writes exactly one JSON document (bigints as decimal strings) and a newline to stdout (case-04, case-24). */
export function writeJson(io: CommandIo, value: unknown): void {
  io.stdout.write(`${toJson(value)}\n`);
}

/** Writes lines of text to stdout. */
export function writeLines(io: CommandIo, lines: readonly string[]): void {
  io.stdout.write(lines.map((line) => `${line}\n`).join(''));
}

/** A progress reporter that writes `→ message` lines to stderr (never stdout, so `--json` stays clean). */
export function progressToStderr(io: CommandIo): OnProgress {
  return ({message}) => io.stderr.write(`→ ${message}\n`);
}

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
