/** The shell's `Layout` for everything below it (screens size their tables from it). */
import {createContext, useContext, type ReactNode} from 'react';
import {computeLayout, type Layout} from '../layout.js';

const LayoutContext = createContext<Layout>(computeLayout({columns: 80, rows: 24, notice: null, problem: null}));

/** Provides `layout` to the screens. */
export function LayoutProvider({layout, children}: {readonly layout: Layout; readonly children?: ReactNode}) {
  return <LayoutContext.Provider value={layout}>{children}</LayoutContext.Provider>;
}

/** The current layout; outside a provider, the layout of an 80×24 terminal with no notice. */
export function useLayout(): Layout {
  return useContext(LayoutContext);
}
