/**
 * The selected row of a screen's list, kept in the router state by key (so it survives reloads, reordering
 * and an SSH handoff) with the last index as fallback when the selected row disappears.
 */
import {useCallback, useMemo} from 'react';
import {useNavigation} from '../app/navigation-context.js';
import type {ScreenName} from '../app/router.js';
import type {CommandHandlers} from './use-commands.js';

/** What `useListSelection` returns. `index` is -1 for an empty list. */
export type ListSelection = {
  readonly index: number;
  readonly selectedKey: string | null;
  readonly previous: () => void;
  readonly next: () => void;
  /** Moves by `rows` (a page: the table's visible rows) up or down, clamped to the list. */
  readonly pageUp: (rows: number) => void;
  readonly pageDown: (rows: number) => void;
  readonly first: () => void;
  readonly last: () => void;
  readonly selectKey: (key: string) => void;
};

/**
 * The list keys of every screen (↑/k, ↓/j, PgUp, PgDn, g, G from `keymap.ts`) bound to `selection`, for
 * `useCommands`; `pageRows` is how many rows a page moves (the table's visible rows).
 */
export function listCommands(selection: ListSelection, pageRows: number): CommandHandlers {
  return {
    'list.up': selection.previous,
    'list.down': selection.next,
    'list.page-up': () => selection.pageUp(pageRows),
    'list.page-down': () => selection.pageDown(pageRows),
    'list.first': selection.first,
    'list.last': selection.last,
  };
}

/** Selection over `keys` (the rows' keys, in display order) for `screen`. */
export function useListSelection(screen: ScreenName, keys: readonly string[]): ListSelection {
  const {state, select} = useNavigation();
  const stored = state.selection[screen];
  const index = useMemo(() => {
    if (keys.length === 0) return -1;
    const byKey = stored.key === null ? -1 : keys.indexOf(stored.key);
    return byKey >= 0 ? byKey : Math.min(Math.max(stored.index, 0), keys.length - 1);
  }, [keys, stored]);

  const moveTo = useCallback(
    (target: number) => {
      if (keys.length === 0) return;
      const clamped = Math.min(Math.max(target, 0), keys.length - 1);
      select(screen, {key: keys[clamped] ?? null, index: clamped});
    },
    [keys, screen, select],
  );
  const selectKey = useCallback(
    (key: string) => select(screen, {key, index: Math.max(keys.indexOf(key), 0)}),
    [keys, screen, select],
  );
  return {
    index,
    selectedKey: index >= 0 ? (keys[index] ?? null) : null,
    previous: () => moveTo(index - 1),
    next: () => moveTo(index + 1),
    pageUp: (rows: number) => moveTo(index - Math.max(1, rows)),
    pageDown: (rows: number) => moveTo(index + Math.max(1, rows)),
    first: () => moveTo(0),
    last: () => moveTo(keys.length - 1),
    selectKey,
  };
}
