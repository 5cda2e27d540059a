import type {ServiceContext} from '../context.js';
import type {PortForwardSpec} from '../ports.js';
import {forwardPorts, parsePortForward} from './forward-ports.js';

/** A forward the dashboard runs (issue 12 item 4): which VM, which ports, and how it is doing. */
export type ForwardEntry = {
  readonly id: number;
  readonly name: string;
  readonly spec: PortForwardSpec;
  /** The bound local port (the spec's, or the free one picked for 0); null until listening. */
  readonly localPort: number | null;
  readonly state: 'starting' | 'connected' | 'reconnecting' | 'failed';
  /** Why it failed or is reconnecting, one sentence. */
  readonly message: string | null;
};

/** Forwards that outlive one screen: started and stopped by the dashboard, listed while it runs. */
export type ForwardRegistry = {
  /** Starts forwarding `forward` (`LOCAL:REMOTE` text) to VM `name`; throws `InvalidInputError` for a bad spec. */
  start(name: string, forward: string): ForwardEntry;
  /** Stops forward `id` (closes its local port); unknown ids are fine. */
  stop(id: number): void;
  list(): ForwardEntry[];
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Stops every forward (when the dashboard closes). */
  stopAll(): void;
};

/**
 * The forward registry of one service context: each entry runs `forwardPorts` (reconnecting after drops) until it
 * is stopped; a forward whose first connection fails stays listed as `failed` with the reason until removed.
 *
 * @example
 * const registry = createForwardRegistry(ctx); const entry = registry.start('web-1', '8080:80'); registry.stop(entry.id)
 */
export function createForwardRegistry(ctx: ServiceContext): ForwardRegistry {
  const entries = new Map<number, {entry: ForwardEntry; controller: AbortController}>();
  const listeners = new Set<() => void>();
  let nextId = 1;
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const update = (id: number, patch: Partial<ForwardEntry>) => {
    const current = entries.get(id);
    if (!current) return;
    current.entry = {...current.entry, ...patch};
    changed();
  };
  const registry: ForwardRegistry = {
    start(name, forward) {
      const spec = parsePortForward(forward);
      const id = nextId++;
      const controller = new AbortController();
      const entry: ForwardEntry = {id, name, spec, localPort: null, state: 'starting', message: null};
      entries.set(id, {entry, controller});
      changed();
      forwardPorts(ctx, {
        name,
        forwards: [spec],
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'listening') update(id, {localPort: event.localPort});
          else if (event.type === 'connected') update(id, {state: 'connected', message: null});
          else if (event.type === 'connection-lost') update(id, {state: 'reconnecting', message: event.message});
          else if (event.type === 'tunnel-failed') update(id, {message: event.message});
        },
      }).catch((error: unknown) => {
        update(id, {state: 'failed', message: error instanceof Error ? ((error as {shortMessage?: string}).shortMessage ?? error.message) : String(error)});
      });
      return entry;
    },
    stop(id) {
      const current = entries.get(id);
      if (!current) return;
      current.controller.abort();
      entries.delete(id);
      changed();
    },
    list: () => [...entries.values()].map(({entry}) => entry),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stopAll() {
      for (const id of [...entries.keys()]) registry.stop(id);
    },
  };
  return registry;
}
