/**
 * A `Services` facade that exists before the real one is built (issue 16 item 4: the dashboard draws its first frame
 * before it opens the database or imports an adapter). Every call waits until `start()` has been called and the
 * real services are built, then is forwarded; the dashboard calls `start()` once its first frame is on the screen.
 */
import type {Services} from './services.js';

/** What `deferServices` returns. */
export type DeferredServices = {
  /** The facade to hand to the UI: every member but `close` waits for the build; `close` closes what was built. */
  readonly services: Services;
  /**
   * Builds the real services (once; later calls return the same promise). Rejects with what `build` threw (e.g.
   * a `StorageError` when the database cannot be opened); calls made through the facade then reject with it too.
   */
  readonly start: () => Promise<Services>;
};

/**
 * Wraps `build` (the composition root, e.g. `createLazyServices`) so nothing of it runs until `start()`.
 *
 * - Calls made before `start()` are queued (their promises settle after the build); none starts the build itself.
 * - `close()` before the build finished closes the services as soon as they exist (so a quit during start-up
 *   leaves no database open); after it, it closes them at once.
 * - The facade is not a thenable (`then` is undefined), so it may be awaited or returned from an async function.
 */
export function deferServices(build: () => Promise<Services> | Services): DeferredServices {
  let release: () => void = () => {};
  const started = new Promise<void>((resolve) => (release = resolve));
  let built: Services | undefined;
  let isClosed = false;
  const ready: Promise<Services> = started.then(async () => {
    built = await build();
    if (isClosed) built.close();
    return built;
  });
  // A build error is reported through `start()` and through every call; never as an unhandled rejection.
  ready.catch(() => {});
  const start = () => {
    release();
    return ready;
  };
  const forwarders = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const forwarder = (key: string) => {
    let found = forwarders.get(key);
    if (!found) {
      found = async (...args: unknown[]) => {
        const services = await ready;
        const member: unknown = services[key as keyof Services];
        if (typeof member !== 'function') throw new TypeError(`Services has no method ${key}.`);
        return (member as (...parameters: unknown[]) => unknown).apply(services, args);
      };
      forwarders.set(key, found);
    }
    return found;
  };
  const close = () => {
    if (isClosed) return;
    isClosed = true;
    built?.close();
  };
  const services = new Proxy({} as Services, {
    get(_target, key) {
      if (typeof key !== 'string' || key === 'then') return undefined;
      if (key === 'close') return close;
      return forwarder(key);
    },
  });
  return {services, start};
}
