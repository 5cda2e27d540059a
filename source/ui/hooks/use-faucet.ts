/**
 * Runs `services.requestFaucet` for the Wallet screen and tracks it: the current step, the proof-of-work count
 * (solved/total), then the result or the error. Leaving the screen aborts the request (its `AbortSignal`).
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {FaucetProgress, FaucetResult} from '../../services/types.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';

/** Where the faucet request is. */
export type FaucetState =
  | {readonly status: 'idle'}
  | {readonly status: 'running'; readonly progress: FaucetProgress | null}
  | {readonly status: 'done'; readonly result: FaucetResult}
  | {readonly status: 'failed'; readonly error: unknown};

/** `{state, request}`; `request()` while one runs is ignored. A finished request refreshes the data. */
export function useFaucet(): {readonly state: FaucetState; readonly request: () => void} {
  const services = useServices();
  const {refresh} = useRefreshSignal();
  const [state, setState] = useState<FaucetState>({status: 'idle'});
  const controllerRef = useRef<AbortController | null>(null);
  useEffect(() => () => controllerRef.current?.abort(), []);

  const request = useCallback(() => {
    if (controllerRef.current) return;
    const controller = new AbortController();
    controllerRef.current = controller;
    const update = (next: FaucetState) => {
      if (!controller.signal.aborted) setState(next);
    };
    update({status: 'running', progress: null});
    services
      .requestFaucet({onProgress: (progress) => update({status: 'running', progress}), signal: controller.signal})
      .then(
        (result) => {
          update({status: 'done', result});
          if (!controller.signal.aborted) refresh();
        },
        (error: unknown) => update({status: 'failed', error}),
      )
      .finally(() => {
        if (controllerRef.current === controller) controllerRef.current = null;
      });
  }, [services, refresh]);

  return {state, request};
}
