/** The session's `EventLog` for everything below it; without a provider, `record` does nothing. */
import {createContext, useContext, useState, useSyncExternalStore, type ReactNode} from 'react';
import {createEventLog, type EventLog, type LoggedEvent} from './event-log.js';

const EventLogContext = createContext<EventLog | null>(null);

/** Provides `log`, or a fresh one for this App when null (tests, an App without a session). */
export function EventLogProvider({log, children}: {readonly log: EventLog | null; readonly children?: ReactNode}) {
  const [own] = useState(() => log ?? createEventLog());
  return <EventLogContext.Provider value={log ?? own}>{children}</EventLogContext.Provider>;
}

const NO_EVENTS: readonly LoggedEvent[] = [];
const IGNORE = () => {};

/** `record(event)` of the session's log (a no-op outside a provider). */
export function useRecordEvent(): EventLog['record'] {
  return useContext(EventLogContext)?.record ?? IGNORE;
}

/** The logged events, oldest first, re-rendering on each new one. */
export function useEventLog(): readonly LoggedEvent[] {
  const log = useContext(EventLogContext);
  return useSyncExternalStore(
    log?.subscribe ?? (() => IGNORE),
    log?.entries ?? (() => NO_EVENTS),
  );
}
