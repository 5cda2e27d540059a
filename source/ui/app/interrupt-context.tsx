/**
 * Who handles Ctrl-C. By default it quits the dashboard (the App shell, exit 130); a component running something
 * that must be stopped safely first — the create wizard while it pays and provisions (issue 5 item 3) — claims it
 * with `useInterruptHandler(handler, describe)` and the first Ctrl-C then calls that handler instead, until released
 * (null or unmount). A second Ctrl-C while the claim still holds quits at once (issue 13 item 6); `describe()` says
 * what exists at that moment (the lines are printed after the dashboard left the screen).
 */
import {createContext, useContext, useLayoutEffect, useRef, type MutableRefObject, type ReactNode} from 'react';

/** A claim on Ctrl-C: what the first press does, and what to print if the user insists. */
export type InterruptClaim = {readonly cancel: () => void; readonly describe: () => readonly string[]};

const InterruptContext = createContext<MutableRefObject<InterruptClaim | null> | null>(null);

/** Props of `InterruptProvider`: the ref the shell reads when Ctrl-C arrives. */
export type InterruptProviderProps = {readonly handlerRef: MutableRefObject<InterruptClaim | null>; readonly children?: ReactNode};

/** Lets components below take over Ctrl-C. */
export function InterruptProvider({handlerRef, children}: InterruptProviderProps) {
  return <InterruptContext.Provider value={handlerRef}>{children}</InterruptContext.Provider>;
}

/**
 * Makes the first Ctrl-C call `handler` (the latest one) while it is not null; `describe` (latest) gives the lines
 * printed when a second Ctrl-C quits anyway. Outside a provider it does nothing.
 */
export function useInterruptHandler(handler: (() => void) | null, describe: () => readonly string[] = () => []): void {
  const ref = useContext(InterruptContext);
  const latest = useRef(handler);
  latest.current = handler;
  const latestDescribe = useRef(describe);
  latestDescribe.current = describe;
  const isClaimed = handler !== null;
  useLayoutEffect(() => {
    if (!ref || !isClaimed) return;
    const claim: InterruptClaim = {cancel: () => latest.current?.(), describe: () => latestDescribe.current()};
    ref.current = claim;
    return () => {
      if (ref.current === claim) ref.current = null;
    };
  }, [ref, isClaimed]);
}
