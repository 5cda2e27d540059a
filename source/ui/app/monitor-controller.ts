/**
 * The auto top-up monitor as the dashboard runs it (issue 3 item 6): one `services.runMonitor({role: 'tui'})`
 * for the whole `golem tui` session, owned by `commands/tui.tsx` rather than by the App, so it keeps funding while
 * the terminal is lent to an SSH shell (the App is unmounted then). The App reads its latest state with
 * `useSyncExternalStore` (`subscribe` / `getSnapshot`) and hears each event for the notice line (`onEvent`).
 *
 * Only types are imported from `services/`: the controller gets the one facade method it needs as a parameter.
 */
import type {Services} from '../../services/services.js';
import type {FundingHolder, MonitorEvent} from '../../services/types.js';

/** Where the dashboard's monitor is, for the status bar. */
export type MonitorSnapshot = {
  /** `running` while `runMonitor` has not returned; `failed` when it threw; `stopped` before start / after stop. */
  readonly status: 'stopped' | 'running' | 'failed';
  /** `self` once this process holds the funding lease, `standby` while another process holds it. */
  readonly role: 'self' | 'standby' | null;
  /** The lease holder the last `funding`/`standby` event named. */
  readonly holder: FundingHolder | null;
  /** ISO-8601 time of the last monitor pass. */
  readonly lastPassAt: string | null;
  /** The last warning (a top-up the monitor could not send, the spend cap…) or why the monitor stopped. */
  readonly lastProblem: {readonly text: string; readonly hint?: string} | null;
  /** What `runMonitor` threw, when `status` is `failed`. */
  readonly error: unknown;
};

/** Handle on the dashboard's monitor. */
export type MonitorController = {
  /** Starts the monitor if it is not running (F on the status bar, or at start-up when `config.monitor.enabled`). */
  readonly start: () => void;
  /** Stops it and waits until `runMonitor` returned (it releases the lease). Never throws. */
  readonly stop: () => Promise<void>;
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => MonitorSnapshot;
  /** Listens to every event as it comes; returns the unsubscribe function. */
  readonly onEvent: (listener: (event: MonitorEvent) => void) => () => void;
};

const INITIAL: MonitorSnapshot = {status: 'stopped', role: null, holder: null, lastPassAt: null, lastProblem: null, error: undefined};

/** Builds the controller over `services.runMonitor`; nothing runs until `start()`. */
export function createMonitorController(services: Pick<Services, 'runMonitor'>): MonitorController {
  let snapshot = INITIAL;
  let run: {controller: AbortController; done: Promise<void>} | null = null;
  const listeners = new Set<() => void>();
  const eventListeners = new Set<(event: MonitorEvent) => void>();
  const update = (changes: Partial<MonitorSnapshot>) => {
    snapshot = {...snapshot, ...changes};
    for (const listener of listeners) listener();
  };

  const handleEvent = (event: MonitorEvent) => {
    switch (event.type) {
      case 'funding':
        update({role: 'self', holder: event.holder});
        break;
      case 'standby':
        update({role: 'standby', holder: event.holder});
        break;
      case 'pass':
        update({lastPassAt: event.at});
        break;
      case 'warning':
        update({lastProblem: {text: event.message}});
        break;
      case 'topped-up':
        break;
    }
    for (const listener of eventListeners) listener(event);
  };

  const start = () => {
    if (run) return;
    const controller = new AbortController();
    update({status: 'running', error: undefined});
    // Through a promise, so even a synchronous throw ends as `failed` on the status bar, never as a crash.
    const done = Promise.resolve()
      .then(() => services.runMonitor({role: 'tui', signal: controller.signal, onEvent: handleEvent}))
      .then(
      () => update({status: 'stopped', role: null, holder: null}),
      (error: unknown) => {
        if (controller.signal.aborted) update({status: 'stopped', role: null, holder: null});
        else update({status: 'failed', role: null, holder: null, error});
      },
    );
    run = {controller, done: done.finally(() => (run = null))};
  };

  const stop = async () => {
    const current = run;
    if (!current) return;
    current.controller.abort();
    await current.done;
  };

  return {
    start,
    stop,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    onEvent: (listener) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  };
}
