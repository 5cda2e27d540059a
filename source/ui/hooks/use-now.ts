/** A clock for live values (runway countdowns). */
import {useState} from 'react';
import {useInterval} from './use-interval.js';

/** `Date.now()` in milliseconds, re-read (and re-rendered) every `tickMs` (default 1 s). */
export function useNow(tickMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useInterval(() => setNow(Date.now()), tickMs);
  return now;
}
