/**
 * The dashboard's one table: box-drawn borders, columns fitted to the terminal width by display width,
 * grapheme-safe truncation with "…" (case-13), a highlighted selected row, and a window that scrolls to keep
 * the selection visible when there are more rows than fit. Every line of the table has the same display width,
 * never more than `width`.
 *
 * Virtualised: only the rows in the visible window are turned into cells and drawn. The column widths need every
 * row's text once; that pass is memoised on `rows` and `columns`, so a keypress that only moves the selection
 * costs the visible rows alone (10,000 providers stay responsive). Pass stable `rows`/`columns` (useMemo).
 */
import {Box, Text} from 'ink';
import {useMemo, useRef} from 'react';
import {sanitizeText} from '../../lib/sanitize.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {displayWidth, fitToWidth} from '../../lib/text-width.js';
import {theme, type ThemeColor} from '../theme.js';
import {useLayout} from '../app/layout-context.js';

/** One column: how to read its text from a row and how wide it may be (in terminal columns). */
export type TableColumn<Row> = {
  readonly key: string;
  readonly header: string;
  readonly cell: (row: Row) => string;
  /** Narrowest width before other columns give up space. @default min(header width, 6) */
  readonly minWidth?: number;
  /** Widest the column gets even when its content is wider. @default unlimited */
  readonly maxWidth?: number;
  /** @default 'left' */
  readonly align?: 'left' | 'right';
  /** Theme colour of a cell (e.g. a status), or undefined for the default. */
  readonly color?: (row: Row) => ThemeColor;
  /**
   * Left out (last optional column first) while the columns' natural widths overflow the table, so a narrow
   * terminal (80 columns) drops a secondary column rather than cutting every header. @default false
   */
  readonly isOptional?: boolean;
};

/** Props of `Table`. */
export type TableProps<Row> = {
  readonly rows: readonly Row[];
  readonly columns: ReadonlyArray<TableColumn<Row>>;
  readonly rowKey: (row: Row) => string;
  /** Index of the highlighted row; -1 or undefined for none. */
  readonly selectedIndex?: number;
  /** Total width in columns. @default the terminal's width */
  readonly width?: number;
  /** Most body rows shown at once; more rows scroll. @default all rows */
  readonly maxRows?: number;
  /** Shown in place of the body when there are no rows. @default 'Nothing to show.' */
  readonly emptyText?: string;
  /** @default the layout's (boxed from a body of 9 lines up) */
  readonly style?: TableStyle;
};

/**
 * Chooses each column's content width so the whole table fits `totalWidth`: natural widths (the widest cell,
 * within min/max) when they fit; otherwise the widest columns shrink first, down to their minimum, then below
 * it down to 1 as a last resort so a line never overflows (an overflowing line would wrap and break borders).
 */
export function fitColumnWidths(
  naturalWidths: readonly number[],
  minWidths: readonly number[],
  totalWidth: number,
  style: TableStyle = 'boxed',
): number[] {
  const widths = [...naturalWidths];
  const budget = totalWidth - overhead(widths.length, style);
  const shrink = (floor: (index: number) => number) => {
    let total = widths.reduce((sum, width) => sum + width, 0);
    while (total > budget) {
      let widest = -1;
      for (let index = 0; index < widths.length; index++) {
        if (widths[index]! > floor(index) && (widest < 0 || widths[index]! > widths[widest]!)) widest = index;
      }
      if (widest < 0) return;
      widths[widest]! -= 1;
      total -= 1;
    }
  };
  shrink((index) => minWidths[index] ?? 1);
  shrink(() => 1);
  return widths;
}

/** `boxed`: borders and rules; `bare`: a header line and rows, for short terminals (ui/layout.ts). */
export type TableStyle = 'boxed' | 'bare';

/** Columns a table's lines take besides the cells: boxed "│ " before each cell, " " after, a final "│"; bare " " + " ". */
function overhead(columnCount: number, style: TableStyle): number {
  return style === 'boxed' ? 3 * columnCount + 1 : 2 * columnCount;
}

function clean(text: string): string {
  // Services sanitise outside text already; a stray newline or escape here would still break every border.
  return sanitizeText(text);
}

/** Each column's natural content width: its widest cell or header, capped at `maxWidth` (one pass over all rows). */
function naturalWidths<Row>(rows: readonly Row[], columns: ReadonlyArray<TableColumn<Row>>): number[] {
  return columns.map((column) => {
    const cap = column.maxWidth ?? Number.POSITIVE_INFINITY;
    let widest = displayWidth(column.header);
    for (const row of rows) {
      if (widest >= cap) break;
      widest = Math.max(widest, displayWidth(clean(column.cell(row))));
    }
    return Math.min(widest, cap);
  });
}

/**
 * Indexes of the columns to draw in `totalWidth`: all, less optional ones (last first) while the natural `widths`
 * overflow; then, while even the minimum widths overflow (a 40-column terminal), the last columns, keeping the
 * first (the row's name).
 */
function keptColumns<Row>(
  columns: ReadonlyArray<TableColumn<Row>>,
  widths: readonly number[],
  minimums: readonly number[],
  totalWidth: number,
  style: TableStyle,
): number[] {
  const kept = columns.map((_, index) => index);
  const needed = (of: readonly number[]) => kept.reduce((sum, index) => sum + of[index]!, 0) + overhead(kept.length, style);
  while (needed(widths) > totalWidth) {
    const optional = kept.findLastIndex((index) => columns[index]!.isOptional === true);
    if (optional < 0) break;
    kept.splice(optional, 1);
  }
  while (kept.length > 1 && needed(minimums) > totalWidth) kept.pop();
  return kept;
}

/** Keeps the selected row inside the visible window, moving the window as little as possible. */
function useScrollOffset(selectedIndex: number, rowCount: number, visible: number): number {
  const offsetRef = useRef(0);
  let offset = offsetRef.current;
  if (selectedIndex >= 0 && selectedIndex < offset) offset = selectedIndex;
  if (selectedIndex >= offset + visible) offset = selectedIndex - visible + 1;
  offset = Math.max(0, Math.min(offset, Math.max(0, rowCount - visible)));
  offsetRef.current = offset;
  return offset;
}

/** A bordered, width-fitted table with an optional selected row and scrolling. */
export function Table<Row>({
  rows,
  columns: allColumns,
  rowKey,
  selectedIndex = -1,
  width,
  maxRows,
  emptyText = 'Nothing to show.',
  style: styleProp,
}: TableProps<Row>) {
  const terminal = useTerminalSize();
  const layout = useLayout();
  const style = styleProp ?? layout.table;
  const isBoxed = style === 'boxed';
  const visible = Math.max(1, maxRows ?? rows.length);
  const offset = useScrollOffset(selectedIndex, rows.length, visible);

  const allNatural = useMemo(() => naturalWidths(rows, allColumns), [rows, allColumns]);
  const allMinimums = allColumns.map((column, index) =>
    Math.min(allNatural[index]!, column.minWidth ?? Math.min(displayWidth(column.header), 6)),
  );
  const available = width ?? terminal.columns;
  const kept = keptColumns(allColumns, allNatural, allMinimums, available, style);
  const columns = kept.map((index) => allColumns[index]!);
  const natural = kept.map((index) => allNatural[index]!);
  const minimums = kept.map((index) => allMinimums[index]!);
  const totalWidth = Math.max(available, overhead(columns.length, style) + columns.length);
  const widths = fitColumnWidths(natural, minimums, totalWidth, style);
  // With no rows, widen the last column so the empty-state text fits (within the terminal).
  const used = widths.reduce((sum, w) => sum + w, 0) + overhead(widths.length, style);
  if (rows.length === 0 && widths.length > 0) {
    const wanted = Math.min(totalWidth, Math.max(used, displayWidth(emptyText) + 4));
    widths[widths.length - 1]! += wanted - used;
  }
  const tableWidth = widths.reduce((sum, w) => sum + w, 0) + overhead(widths.length, style);

  const rule = (left: string, middle: string, right: string) =>
    left + widths.map((w) => '─'.repeat(w + 2)).join(middle) + right;
  const shown = rows.slice(offset, offset + visible).map((row) => columns.map((column) => clean(column.cell(row))));
  const hiddenAbove = offset;
  const hiddenBelow = Math.max(0, rows.length - offset - visible);

  const bar = isBoxed ? '│' : '';
  return (
    <Box flexDirection="column">
      {isBoxed ? <Text color={theme.ui.border}>{rule('┌', '┬', '┐')}</Text> : null}
      <Text wrap="truncate-end">
        {columns.map((column, index) => (
          <Text key={column.key}>
            <Text color={theme.ui.border}>{`${bar} `}</Text>
            <Text bold underline={!isBoxed && theme.isColorEnabled}>
              {fitToWidth(clean(column.header), widths[index]!, column.align)}
            </Text>
            <Text> </Text>
          </Text>
        ))}
        <Text color={theme.ui.border}>{bar}</Text>
      </Text>
      {isBoxed ? <Text color={theme.ui.border}>{rule('├', '┼', '┤')}</Text> : null}
      {rows.length === 0 ? (
        <Text wrap="truncate-end">
          <Text color={theme.ui.border}>{`${bar} `}</Text>
          <Text color={theme.text.secondary}>{fitToWidth(emptyText, tableWidth - (isBoxed ? 4 : 2))}</Text>
          <Text color={theme.ui.border}>{` ${bar}`}</Text>
        </Text>
      ) : (
        shown.map((line, shownIndex) => {
          const rowIndex = offset + shownIndex;
          const row = rows[rowIndex]!;
          const isSelected = rowIndex === selectedIndex;
          return (
            <Text key={rowKey(row)} inverse={isSelected && theme.isColorEnabled} wrap="truncate-end">
              {columns.map((column, index) => (
                <Text key={column.key}>
                  <Text color={theme.ui.border}>{bar}</Text>
                  <Text color={theme.ui.selection}>{isSelected && index === 0 ? '›' : ' '}</Text>
                  <Text color={column.color?.(row)} bold={isSelected}>
                    {fitToWidth(line[index] ?? '', widths[index]!, column.align)}
                  </Text>
                  <Text> </Text>
                </Text>
              ))}
              <Text color={theme.ui.border}>{bar}</Text>
            </Text>
          );
        })
      )}
      {isBoxed ? <Text color={theme.ui.border}>{rule('└', '┴', '┘')}</Text> : null}
      {hiddenAbove + hiddenBelow > 0 ? (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {scrollLine(offset, shown.length, rows.length, available - 1)}
        </Text>
      ) : null}
    </Box>
  );
}

/** `rows 11–20 of 200 · ↑ 10 more · ↓ 180 more`, shortened to `11–20/200 ↑10 ↓180` when `width` is narrow. */
export function scrollLine(offset: number, shown: number, total: number, width: number): string {
  const above = offset;
  const below = Math.max(0, total - offset - shown);
  const long =
    `rows ${offset + 1}–${offset + shown} of ${total}` + (above > 0 ? ` · ↑ ${above} more` : '') + (below > 0 ? ` · ↓ ${below} more` : '');
  if (displayWidth(long) <= width) return long;
  return `${offset + 1}–${offset + shown}/${total}` + (above > 0 ? ` ↑${above}` : '') + (below > 0 ? ` ↓${below}` : '');
}
