/**
 * Runs one long action (create, stop, destroy, top-up) and tracks it for rendering: its progress lines from
 * the service's `onProgress`, then its result or error. Updates after unmount are dropped.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {OnProgress, Progress} from '../../services/types.js';
import {describeError} from '../describe-error.js';
import {useRecordEvent} from '../event-log/event-log-context.js';

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

/**
 * What the session's event log says about an operation (issue 13 item 7): `label` ("Destroy web-1") is logged when
 * it starts, fails, and — unless `describe` words the result ("Destroyed web-1. Refund: …") — when it finishes.
 */
export type OperationLogging<T> = {readonly label: string; readonly describe?: (result: T) => string};

/**
 * One action at a time: `run` while running is ignored (resolves `undefined`). With `logging`, its start and end
 * go to the event log.
 */
export function useOperation<T>(logging?: OperationLogging<T>): Operation<T> {
  const [state, setState] = useState<OperationState<T>>({status: 'idle'});
  const record = useRecordEvent();
  const loggingRef = useRef(logging);
  loggingRef.current = logging;
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
    const log = loggingRef.current;
    if (log) record({tone: 'info', text: `Started: ${log.label}`});
    try {
      const result = await task((line) => {
        progress = [...progress, line];
        update({status: 'running', progress});
      });
      update({status: 'done', progress, result});
      if (log) record({tone: 'success', text: log.describe ? log.describe(result) : `Finished: ${log.label}`});
      return result;
    } catch (error) {
      update({status: 'failed', progress, error});
      if (log) record({tone: 'error', text: `Failed: ${log.label}: ${describeError(error).text}`});
      return undefined;
    } finally {
      isRunningRef.current = false;
    }
  }, [record]);

  const reset = useCallback(() => {
    if (!isRunningRef.current) setState({status: 'idle'});
  }, []);
  return {state, run, reset};
}
