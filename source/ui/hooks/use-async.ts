/**
 * Loads data through a service call and tracks it for rendering: `{data, error, isLoading, loadedAtMs, reload}`.
 * Results of a superseded or unmounted load are ignored (its `AbortSignal` is aborted); the last data stays
 * on screen while a reload runs, so polling does not flicker.
 */
import {useCallback, useEffect, useRef, useState, type DependencyList} from 'react';

/** The state of a load. `error` is whatever the service threw (an `AppError` when expected). */
export type AsyncState<T> = {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly isLoading: boolean;
  /** `Date.now()` when `data` arrived (ms), for values that age (runway). */
  readonly loadedAtMs: number | null;
  /** Loads again (keeps the current data meanwhile). */
  readonly reload: () => void;
};

type LoadState<T> = Omit<AsyncState<T>, 'reload'>;

/** Options of `useAsync`. */
export type UseAsyncOptions<T = unknown> = {
  /** False skips loading (e.g. until a form is valid); the state then keeps its last value. @default true */
  readonly isEnabled?: boolean;
  /**
   * When true, a reload whose data equals the shown data (same JSON, bigints included) changes nothing — no
   * re-render, `loadedAtMs` kept — so a frequent poll of a value that rarely changes costs no frame (issue 7 idle
   * cost). A function decides what "equal" means instead (e.g. ignoring a read's timestamp); pass a stable one
   * (module level): it is an effect dependency. @default false
   */
  readonly skipUnchanged?: boolean | ((previous: T, next: T) => boolean);
};

/** JSON of a value with bigints as decimal text, for comparing loads. */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `${item}n` : item)) ?? 'undefined';
}

/**
 * Runs `load` on mount and whenever `deps` change (then `isLoading` turns true until it settles), and on
 * `reload()` (which keeps `isLoading` false and the current data on screen, so a poll costs one render, not three).
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  {isEnabled = true, skipUnchanged = false}: UseAsyncOptions<T> = {},
): AsyncState<T> {
  const [state, setState] = useState<LoadState<T>>({
    data: undefined,
    error: undefined,
    isLoading: isEnabled,
    loadedAtMs: null,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const reloadRef = useRef<() => void>(() => {});

  useEffect(() => {
    if (!isEnabled) return;
    let controller: AbortController | undefined;
    const run = (isReload: boolean) => {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      if (!isReload) setState((previous) => (previous.isLoading ? previous : {...previous, isLoading: true}));
      loadRef.current(current.signal).then(
        (data) => {
          if (current.signal.aborted) return;
          const isSame = typeof skipUnchanged === 'function' ? skipUnchanged : (left: T, right: T) => fingerprint(left) === fingerprint(right);
          setState((previous) =>
            skipUnchanged !== false && previous.error === undefined && !previous.isLoading && previous.loadedAtMs !== null && isSame(previous.data as T, data)
              ? previous
              : {data, error: undefined, isLoading: false, loadedAtMs: Date.now()},
          );
        },
        (error: unknown) => {
          if (!current.signal.aborted) setState((previous) => ({...previous, error, isLoading: false}));
        },
      );
    };
    reloadRef.current = () => run(true);
    run(false);
    return () => {
      controller?.abort();
      reloadRef.current = () => {};
    };
    // `deps` are the caller's; `load` is read through a ref so an inline function does not reload every render.
  }, [...deps, isEnabled, skipUnchanged]);

  const reload = useCallback(() => reloadRef.current(), []);
  return {...state, reload};
}
