/** Runs a callback on an interval (Dan Abramov's `useInterval`): the latest callback is always the one called. */
import {useEffect, useRef} from 'react';

/** Calls `callback` every `delayMs` milliseconds while `delayMs` is a number; `null` pauses it. */
export function useInterval(callback: () => void, delayMs: number | null): void {
  const callbackRef = useRef(callback);
  callbackRef.current = callback;
  useEffect(() => {
    if (delayMs === null) return;
    const timer = setInterval(() => callbackRef.current(), delayMs);
    return () => clearInterval(timer);
  }, [delayMs]);
}
