/**
 * A scrollable column of one-line rows (the help overlay, the event log): as many rows as `height` allows, a scroll
 * line when they do not all fit, and ↑/↓ (k/j), PgUp/PgDn, g/G to move. Each row is cut to one line by its owner
 * (`wrap="truncate-end"`), so the view is exactly as tall as it says.
 */
import {Box, Text} from 'ink';
import {useState, type ReactNode} from 'react';
import {useCommands} from '../hooks/use-commands.js';
import {theme} from '../theme.js';

/** One row: a stable key and its one-line content. */
export type ScrollRow = {readonly key: string; readonly node: ReactNode};

/** Props of `ScrollView`. */
export type ScrollViewProps = {
  readonly rows: readonly ScrollRow[];
  /** Lines the view may take, the scroll line included. At least 2 are used. */
  readonly height: number;
  readonly isActive: boolean;
  /** Start scrolled to the end (the newest events), and follow new rows while at the end. @default false */
  readonly startAtEnd?: boolean;
};

/** The top row shown for `offset` (null: the end), clamped to `count` rows in a window of `size`. Pure. */
export function clampOffset(offset: number | null, count: number, size: number): number {
  const last = Math.max(0, count - size);
  return offset === null ? last : Math.min(Math.max(0, offset), last);
}

/** The view. */
export function ScrollView({rows, height, isActive, startAtEnd = false}: ScrollViewProps) {
  const fitsAll = rows.length <= Math.max(1, height);
  const size = fitsAll ? rows.length : Math.max(1, height - 1);
  // null follows the end (new rows stay in view); a number is a top row the user scrolled to.
  const [wanted, setWanted] = useState<number | null>(startAtEnd ? null : 0);
  const offset = clampOffset(wanted, rows.length, size);
  const moveTo = (next: number) => setWanted(next >= rows.length - size ? (startAtEnd ? null : next) : Math.max(0, next));
  useCommands(
    {
      'list.up': () => moveTo(offset - 1),
      'list.down': () => moveTo(offset + 1),
      'list.page-up': () => moveTo(offset - size),
      'list.page-down': () => moveTo(offset + size),
      'list.first': () => moveTo(0),
      'list.last': () => moveTo(rows.length),
    },
    {isActive: isActive && !fitsAll},
  );
  const below = rows.length - offset - size;
  return (
    <Box flexDirection="column" flexShrink={0}>
      {rows.slice(offset, offset + size).map((row) => (
        <Box key={row.key} flexShrink={0}>
          {row.node}
        </Box>
      ))}
      {fitsAll ? null : (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {`${offset + 1}–${offset + size} of ${rows.length}` + (offset > 0 ? ` · ↑ ${offset} more` : '') + (below > 0 ? ` · ↓ ${below} more` : '') + ' · ↑↓ PgUp PgDn scroll'}
        </Text>
      )}
    </Box>
  );
}
