/**
 * A shared "data version": `refresh()` bumps it and every data hook that lists it in its dependencies loads
 * again. Used by the `r` key and after any action that changes data (create, stop, destroy, top-up).
 */
import {createContext, useCallback, useContext, useMemo, useState, type ReactNode} from 'react';

/** The current data version and the function that bumps it. */
export type RefreshSignal = {readonly version: number; readonly refresh: () => void};

const RefreshContext = createContext<RefreshSignal>({version: 0, refresh: () => {}});

/** Owns the data version for everything below it. */
export function RefreshProvider({children}: {readonly children?: ReactNode}) {
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((current) => current + 1), []);
  const value = useMemo(() => ({version, refresh}), [version, refresh]);
  return <RefreshContext.Provider value={value}>{children}</RefreshContext.Provider>;
}

/** The data version (for hook dependencies) and `refresh()`. */
export function useRefreshSignal(): RefreshSignal {
  return useContext(RefreshContext);
}
