/**
 * The dashboard's port forwards (issue 12 item 4): the session's list (held once for the App by
 * `ForwardsProvider`, ui/app/forwards-context.tsx), optionally only those of one VM, and start/stop.
 */
import {useMemo} from 'react';
import type {ForwardEntry} from '../../services/ssh-access/forward-registry.js';
import {useForwardsContext} from '../app/forwards-context.js';

/** What `useForwards` returns. `start` resolves with an error sentence, or null when the forward started. */
export type UseForwardsReturnType = {
  readonly forwards: readonly ForwardEntry[];
  start(name: string, forward: string): Promise<string | null>;
  stop(id: number): Promise<void>;
};

/** Forwards of the session, optionally only those of VM `name`. Must be used inside `ForwardsProvider`. */
export function useForwards(name?: string): UseForwardsReturnType {
  const {forwards, start, stop} = useForwardsContext();
  const shown = useMemo(() => (name === undefined ? forwards : forwards.filter((entry) => entry.name === name)), [forwards, name]);
  return useMemo(() => ({forwards: shown, start, stop}), [shown, start, stop]);
}
