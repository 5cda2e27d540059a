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

/**
 * Runs `load` on mount, whenever `deps` change and on `reload()`. Pass `isEnabled: false` to skip loading
 * (e.g. until a form is valid); the state then keeps its last value.
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  {isEnabled = true}: {readonly isEnabled?: boolean} = {},
): AsyncState<T> {
  const [state, setState] = useState<LoadState<T>>({
    data: undefined,
    error: undefined,
    isLoading: isEnabled,
    loadedAtMs: null,
  });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (!isEnabled) return;
    const controller = new AbortController();
    setState((previous) => (previous.isLoading ? previous : {...previous, isLoading: true}));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({data, error: undefined, isLoading: false, loadedAtMs: Date.now()});
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({...previous, error, isLoading: false}));
      },
    );
    return () => controller.abort();
    // `deps` are the caller's; `load` is read through a ref so an inline function does not reload every render.
  }, [...deps, attempt, isEnabled]);

  const reload = useCallback(() => setAttempt((current) => current + 1), []);
  return {...state, reload};
}
