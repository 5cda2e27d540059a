/**
 * The `/` filter of a list (issue 5 item 1): `/` opens a filter line, typed text narrows the rows to those whose
 * visible text contains it (case-insensitive, after sanitising, so what matches is what the table shows), Enter
 * keeps the filter and gives the keys back to the list, Esc clears it. While the line is open, the screen's own
 * keys and the global keys stand down (`useTextEntry`).
 */
import {useCallback, useMemo, useState} from 'react';
import {sanitizeText} from '../../lib/sanitize.js';
import {useTextEntry} from '../app/text-entry-context.js';
import type {TableColumn} from '../components/table.js';
import {useCommands} from './use-commands.js';

/** What `useListFilter` returns. */
export type ListFilter = {
  /** The filter text ('' for none). */
  readonly query: string;
  /** True while the filter line takes typed text. */
  readonly isEditing: boolean;
  readonly setQuery: (query: string) => void;
  /** Clears the filter and closes the line. */
  readonly clear: () => void;
};

/**
 * Rows whose cells (as `columns` draw them) contain `query`, case-insensitively; all rows for an empty query.
 * Returns `rows` itself when nothing is filtered, so a memoised table keeps its column widths.
 */
export function filterRows<Row>(rows: readonly Row[], columns: ReadonlyArray<TableColumn<Row>>, query: string): readonly Row[] {
  const needle = sanitizeText(query).trim().toLowerCase();
  if (needle === '') return rows;
  return rows.filter((row) => columns.some((column) => sanitizeText(column.cell(row)).toLowerCase().includes(needle)));
}

/**
 * Binds `/` (open), Enter (keep) and Esc (clear) for a list while `isActive`. Esc with a filter set and the line
 * closed also clears it; with no filter, Esc is left to the screen (e.g. leaving a detail view).
 */
export function useListFilter({isActive}: {readonly isActive: boolean}): ListFilter {
  const [query, setQuery] = useState('');
  const [isEditing, setEditing] = useState(false);
  const clear = useCallback(() => {
    setQuery('');
    setEditing(false);
  }, []);
  useTextEntry(isActive && isEditing);
  useCommands({'form.submit': () => setEditing(false), 'app.back': clear}, {isActive: isActive && isEditing});
  useCommands(
    {'list.filter': () => setEditing(true), 'app.back': query === '' ? undefined : clear},
    {isActive: isActive && !isEditing},
  );
  return useMemo(() => ({query, isEditing, setQuery, clear}), [query, isEditing, clear]);
}
