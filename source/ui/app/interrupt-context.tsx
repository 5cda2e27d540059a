/**
 * Who handles Ctrl-C. By default it quits the dashboard (the App shell); a component running something that must
 * be stopped safely first — the create wizard while it pays and provisions (issue 5 item 3) — claims it with
 * `useInterruptHandler(handler)` and Ctrl-C then calls that handler instead, until released (null or unmount).
 */
import {createContext, useContext, useLayoutEffect, useRef, type MutableRefObject, type ReactNode} from 'react';

const InterruptContext = createContext<MutableRefObject<(() => void) | null> | null>(null);

/** Props of `InterruptProvider`: the ref the shell reads when Ctrl-C arrives. */
export type InterruptProviderProps = {readonly handlerRef: MutableRefObject<(() => void) | null>; readonly children?: ReactNode};

/** Lets components below take over Ctrl-C. */
export function InterruptProvider({handlerRef, children}: InterruptProviderProps) {
  return <InterruptContext.Provider value={handlerRef}>{children}</InterruptContext.Provider>;
}

/** Makes Ctrl-C call `handler` (the latest one) while it is not null; outside a provider it does nothing. */
export function useInterruptHandler(handler: (() => void) | null): void {
  const ref = useContext(InterruptContext);
  const latest = useRef(handler);
  latest.current = handler;
  const isClaimed = handler !== null;
  useLayoutEffect(() => {
    if (!ref || !isClaimed) return;
    const claim = () => latest.current?.();
    ref.current = claim;
    return () => {
      if (ref.current === claim) ref.current = null;
    };
  }, [ref, isClaimed]);
}
