/**
 * The VM list, live: the local rows at once (`listVms`, no network), then statuses refreshed from the providers
 * (`refreshVms`) right away and then on an adaptive timer while the VMs screen is shown (issue 7 idle cost):
 * - every `VM_POLL_MS` (2 s) while something moves — a VM is `creating`/`stopping`, or the last refresh changed a
 *   row — and right after a refresh signal (`r`, or an action that called `refresh()`);
 * - when a refresh changed nothing the wait doubles, up to `VM_POLL_MAX_MS` (30 s): a list of settled VMs, or of VMs
 *   whose provider does not answer (refreshVms leaves those rows unchanged), is asked rarely;
 * - refreshes never overlap (the next one is scheduled when the previous one ended), and an answer equal to what is
 *   shown does not re-render the screen.
 * Each load takes a sequence number and only a newer answer replaces an older one, so a slow poll that started
 * before a destroy cannot bring the destroyed VM back.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {Vm} from '../../services/types.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';

/** The shortest wait between two status refreshes (while VMs change), in ms. */
export const VM_POLL_MS = 2000;
/** The longest wait between two status refreshes (nothing changed for a while), in ms. */
export const VM_POLL_MAX_MS = 30_000;

/** What `useVms` returns. `error` is the last failed load (cleared by the next success). */
export type VmsState = {readonly vms: Vm[] | undefined; readonly error: unknown; readonly isLoading: boolean};

/** Statuses that are expected to change soon (refreshed every `VM_POLL_MS`). */
const MOVING: ReadonlySet<Vm['status']> = new Set(['creating', 'stopping']);

/**
 * The wait before the next refresh, in ms: `minMs` when `changed` or any VM is moving, else twice `previousMs`
 * capped at `maxMs`.
 */
export function nextVmPollMs(
  previousMs: number,
  {changed, vms}: {readonly changed: boolean; readonly vms: readonly Vm[] | undefined},
  {minMs = VM_POLL_MS, maxMs = VM_POLL_MAX_MS}: {readonly minMs?: number; readonly maxMs?: number} = {},
): number {
  if (changed || (vms ?? []).some((vm) => MOVING.has(vm.status))) return minMs;
  return Math.min(maxMs, Math.max(minMs, previousMs * 2));
}

/** True when two VM lists would draw the same (same rows, same fields, same order). */
export function sameVms(left: readonly Vm[] | undefined, right: readonly Vm[] | undefined): boolean {
  if (left === right) return true;
  if (!left || !right || left.length !== right.length) return false;
  return left.every((vm, index) => {
    const other = right[index]!;
    return (Object.keys(vm) as (keyof Vm)[]).every((key) => {
      const a = vm[key];
      const b = other[key];
      return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
    });
  });
}

/**
 * Live VM list. `pollMs` is the shortest wait between refreshes (`null` stops polling); `maxPollMs` the longest.
 */
export function useVms({pollMs = VM_POLL_MS, maxPollMs = VM_POLL_MAX_MS}: {readonly pollMs?: number | null; readonly maxPollMs?: number} = {}): VmsState {
  const services = useServices();
  const {version} = useRefreshSignal();
  const [state, setState] = useState<VmsState>({vms: undefined, error: undefined, isLoading: true});
  const stateRef = useRef(state);
  const sequenceRef = useRef(0);
  const appliedRef = useRef(0);
  const isMountedRef = useRef(true);
  useEffect(() => {
    isMountedRef.current = true;
    return () => {
      isMountedRef.current = false;
    };
  }, []);

  /** Loads with `read`; resolves whether the shown list changed. */
  const load = useCallback(async (read: () => Promise<Vm[]>): Promise<boolean> => {
    const sequence = ++sequenceRef.current;
    try {
      const vms = await read();
      if (!isMountedRef.current || sequence < appliedRef.current) return false;
      appliedRef.current = sequence;
      const previous = stateRef.current;
      if (sameVms(previous.vms, vms) && previous.error === undefined && !previous.isLoading) return false;
      stateRef.current = {vms, error: undefined, isLoading: false};
      setState(stateRef.current);
      return true;
    } catch (error) {
      if (!isMountedRef.current || sequence < appliedRef.current) return false;
      stateRef.current = {...stateRef.current, error, isLoading: false};
      setState(stateRef.current);
      return false;
    }
  }, []);

  // One chain of refreshes per (services, refresh signal): listVms, refreshVms, wait, refreshVms… A refresh signal
  // starts a new chain at the shortest wait; the old one schedules nothing more after the refresh it has in flight.
  useEffect(() => {
    let isCurrent = true;
    let timer: NodeJS.Timeout | undefined;
    let waitMs = pollMs ?? 0;
    const refresh = async () => {
      const changed = await load(() => services.refreshVms());
      if (!isCurrent || pollMs === null) return;
      waitMs = nextVmPollMs(waitMs, {changed, vms: stateRef.current.vms}, {minMs: pollMs, maxMs: maxPollMs});
      timer = setTimeout(() => void refresh(), waitMs);
    };
    void load(() => services.listVms()).then(() => (isCurrent ? refresh() : undefined));
    return () => {
      isCurrent = false;
      if (timer) clearTimeout(timer);
    };
  }, [load, services, version, pollMs, maxPollMs]);
  return state;
}
