/**
 * The key hints of what has focus right now, when that is finer than the route and the modal's name: a dialog's
 * step (the create wizard's form, confirm and progress steps each have their own keys), a finished operation
 * (Enter/Esc close), the palette. A component calls `useFocusHints(hints)` while it shows them; the footer shows
 * the latest claim, so the footer never says "Enter next" while the dialog says "Enter pay and create" (issue 13
 * item 5).
 */
import {createContext, useContext, useLayoutEffect, type ReactNode} from 'react';
import type {Command} from '../keymap.js';

/** Command ids with a short label. */
export type FocusHints = ReadonlyArray<readonly [Command, string]>;

const HintsContext = createContext<(hints: FocusHints | null) => void>(() => {});

/** Props of `HintsProvider`: `onChange` receives the claimed hints, or null when released. */
export type HintsProviderProps = {readonly onChange: (hints: FocusHints | null) => void; readonly children?: ReactNode};

/** Lets components below set the footer's hints. */
export function HintsProvider({onChange, children}: HintsProviderProps) {
  return <HintsContext.Provider value={onChange}>{children}</HintsContext.Provider>;
}

/**
 * Shows `hints` in the footer while the caller is mounted (null: leave the footer to the route's hints). Compared
 * by content, so a new array with the same hints does not re-render the shell.
 */
export function useFocusHints(hints: FocusHints | null): void {
  const set = useContext(HintsContext);
  const key = hints === null ? null : `[${hints.map(([command, label]) => `${command}=${label}`).join('|')}]`;
  useLayoutEffect(() => {
    if (key === null) return;
    set(hints);
    return () => set(null);
    // `key` stands for `hints`' content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, set]);
}

/** A finished operation's dialog: Enter or Esc closes it. */
export const CLOSE_HINTS: FocusHints = [
  ['form.submit', 'close'],
  ['modal.close', 'close'],
];
