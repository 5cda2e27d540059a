/**
 * The session's event log (issue 13 item 7): what golem and the monitor did since `golem tui` started — operations
 * started and finished from the dashboard, monitor top-ups and warnings, errors, SSH sessions, port forwards — each
 * with the wall-clock time it happened. In memory only, newest last, capped at `MAX_EVENTS` (the oldest go first).
 * `golem tui` owns one per session so it outlives SSH handoffs; `useSyncExternalStore` reads it.
 */

/** How an event reads: as the notice tones. */
export type EventTone = 'info' | 'success' | 'warning' | 'error';

/** One logged event. `at` is milliseconds since the epoch (wall clock). */
export type LoggedEvent = {readonly id: number; readonly at: number; readonly tone: EventTone; readonly text: string};

/** The log. `record` is safe to call from anywhere (render effects, service callbacks). */
export type EventLog = {
  readonly record: (event: {readonly tone: EventTone; readonly text: string}) => void;
  /** The events, oldest first (a new array after each change, for `useSyncExternalStore`). */
  readonly entries: () => readonly LoggedEvent[];
  readonly subscribe: (listener: () => void) => () => void;
};

/** Most events kept. */
export const MAX_EVENTS = 1000;

/** A repeat of one of the last few events within this many ms is not logged again (a notice shown after its operation). */
const REPEAT_WINDOW_MS = 10 * 60 * 1000;

/** A new, empty log; `now` gives the time in ms (tests pass a fixed clock). */
export function createEventLog(now: () => number = Date.now): EventLog {
  let events: readonly LoggedEvent[] = [];
  let nextId = 1;
  const listeners = new Set<() => void>();
  return {
    record({tone, text}) {
      const at = now();
      const isRepeat = events.slice(-5).some((event) => event.text === text && at - event.at < REPEAT_WINDOW_MS);
      if (isRepeat || text.trim() === '') return;
      events = [...events, {id: nextId++, at, tone, text}].slice(-MAX_EVENTS);
      for (const listener of listeners) listener();
    },
    entries: () => events,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** `14:03:07` in the local time zone. */
export function formatEventTime(at: number): string {
  const date = new Date(at);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}
