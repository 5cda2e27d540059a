/**
 * Runs one long action (create, stop, destroy, top-up) and tracks it for rendering: its progress lines from
 * the service's `onProgress`, then its result or error. Updates after unmount are dropped.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {OnProgress, Progress} from '../../services/types.js';

/** Where an operation is. `progress` keeps every line reported so far. */
export type OperationState<T> =
  | {readonly status: 'idle'}
  | {readonly status: 'running'; readonly progress: readonly Progress[]}
  | {readonly status: 'done'; readonly progress: readonly Progress[]; readonly result: T}
  | {readonly status: 'failed'; readonly progress: readonly Progress[]; readonly error: unknown};

/** What `useOperation` returns. `run` resolves with the result, or `undefined` when the task threw. */
export type Operation<T> = {
  readonly state: OperationState<T>;
  readonly run: (task: (onProgress: OnProgress) => Promise<T>) => Promise<T | undefined>;
  readonly reset: () => void;
};

/** One action at a time: `run` while running is ignored (resolves `undefined`). */
export function useOperation<T>(): Operation<T> {
  const [state, setState] = useState<OperationState<T>>({status: 'idle'});
  const isMountedRef = useRef(true);
  const isRunningRef = useRef(false);
  useEffect(() => {
    isMountedRef.current = true;
    return () => {
      isMountedRef.current = false;
    };
  }, []);

  const run = useCallback(async (task: (onProgress: OnProgress) => Promise<T>) => {
    if (isRunningRef.current) return undefined;
    isRunningRef.current = true;
    let progress: Progress[] = [];
    const update = (next: OperationState<T>) => {
      if (isMountedRef.current) setState(next);
    };
    update({status: 'running', progress});
    try {
      const result = await task((line) => {
        progress = [...progress, line];
        update({status: 'running', progress});
      });
      update({status: 'done', progress, result});
      return result;
    } catch (error) {
      update({status: 'failed', progress, error});
      return undefined;
    } finally {
      isRunningRef.current = false;
    }
  }, []);

  const reset = useCallback(() => {
    if (!isRunningRef.current) setState({status: 'idle'});
  }, []);
  return {state, run, reset};
}
