import {CancelledError, ProviderError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {ProviderApi, ProviderVm, Repositories} from '../ports.js';
import type {Vm, VmStatus} from '../types.js';
import {providerForVm} from './provider-for-vm.js';

/**
 * What a provider said about one VM in one pass (issue 11 item 4: status is a fact with a date):
 * - `present`: it answered with the VM (its status word; `unknown` for a boot state outside its enum);
 * - `missing`: it answered "not found" (404, or absent from its list); `isConfirmed` once it said so twice (list and
 *   `GET /vms/{name}`, or two passes) or while it answered for other VMs in the same pass;
 * - `unreachable`: no answer it could stand by: timeout, refused, reset, 5xx, redirect, the pass's deadline.
 */
export type VmObservation =
  | {readonly kind: 'present'; readonly status: VmStatus}
  | {readonly kind: 'missing'; readonly isConfirmed: boolean}
  | {readonly kind: 'unreachable'; readonly reason: string};

/** Options of {@link observeVms}. */
export type ObserveVmsOptions = {
  /** Every request of the pass is aborted after this many ms; what has not answered by then is `unreachable`. */
  readonly deadlineMs: number;
};

const isNotFound = (error: unknown) => error instanceof ProviderError && error.status === 404;
/** A provider without `GET /vms` (route unknown or method refused) is asked VM by VM instead. */
const hasNoListRoute = (error: unknown) => error instanceof ProviderError && (error.status === 404 || error.status === 405);

function reasonOf(error: unknown, deadlineMs: number): string {
  if (error instanceof CancelledError) return `no answer within ${(deadlineMs / 1000).toFixed(1)} s`;
  if (error instanceof ProviderError) return error.shortMessage.replace(/\.$/, '');
  return error instanceof Error ? error.message : String(error);
}

/**
 * Asks the providers of `vms` what they run — one `GET /vms` per provider (grouped by API address), in parallel,
 * all under one deadline — and returns an observation per VM name. A VM absent from a provider's list is asked for
 * by name once (`GET /vms/{name}`): a 404 there as well confirms it is gone. A provider without a list route is asked
 * VM by VM; a 404 there is confirmed when the same provider answered 200 for another VM in the pass or when the row
 * already had an unconfirmed "not found" (`notFoundAt`). Never throws.
 *
 * @example
 * const seen = await observeVms(ctx, vms, {deadlineMs: 2000}) // Map { 'web-1' => {kind: 'present', status: 'running'} }
 */
export async function observeVms(ctx: ServiceContext, vms: readonly Vm[], {deadlineMs}: ObserveVmsOptions): Promise<Map<string, VmObservation>> {
  const signal = AbortSignal.timeout(deadlineMs);
  const groups = new Map<string, Vm[]>();
  for (const vm of vms) {
    const key = `${vm.providerIp}|${vm.providerPort}`;
    groups.set(key, [...(groups.get(key) ?? []), vm]);
  }
  const observed = new Map<string, VmObservation>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      for (const [name, observation] of await observeProvider(providerForVm(ctx, group[0]!), group, signal, deadlineMs)) observed.set(name, observation);
    }),
  );
  return observed;
}

async function observeProvider(api: ProviderApi, vms: readonly Vm[], signal: AbortSignal, deadlineMs: number): Promise<Map<string, VmObservation>> {
  const result = new Map<string, VmObservation>();
  let listed: ProviderVm[];
  try {
    listed = await api.listVms(signal);
  } catch (error) {
    if (hasNoListRoute(error)) return observeOneByOne(api, vms, signal, deadlineMs);
    for (const vm of vms) result.set(vm.name, {kind: 'unreachable', reason: reasonOf(error, deadlineMs)});
    return result;
  }
  const byName = new Map(listed.map((entry) => [entry.name, entry]));
  await Promise.all(
    vms.map(async (vm) => {
      const entry = byName.get(vm.vmId) ?? byName.get(vm.name);
      if (entry) {
        result.set(vm.name, entry.status === 'deleted' ? {kind: 'missing', isConfirmed: true} : {kind: 'present', status: entry.status});
        return;
      }
      // Not in the list: one explicit answer for this VM decides (a list may lag a create by a moment).
      result.set(vm.name, await observeByName(api, vm, signal, deadlineMs, true));
    }),
  );
  return result;
}

async function observeOneByOne(api: ProviderApi, vms: readonly Vm[], signal: AbortSignal, deadlineMs: number): Promise<Map<string, VmObservation>> {
  const answers = await Promise.all(vms.map(async (vm) => [vm, await observeByName(api, vm, signal, deadlineMs, false)] as const));
  const isAnswering = answers.some(([, observation]) => observation.kind === 'present');
  return new Map(
    answers.map(([vm, observation]) => [
      vm.name,
      observation.kind === 'missing' && !observation.isConfirmed && (isAnswering || Boolean(vm.notFoundAt)) ? {kind: 'missing', isConfirmed: true} : observation,
    ]),
  );
}

/** `GET /vms/{name}`: 200 → present, 404 → missing (confirmed when `isSecondNotFound`), anything else → unreachable. */
async function observeByName(api: ProviderApi, vm: Vm, signal: AbortSignal, deadlineMs: number, isSecondNotFound: boolean): Promise<VmObservation> {
  try {
    const remote = await api.getVm(vm.vmId, signal);
    return remote.status === 'deleted' ? {kind: 'missing', isConfirmed: true} : {kind: 'present', status: remote.status};
  } catch (error) {
    if (isNotFound(error)) return {kind: 'missing', isConfirmed: isSecondNotFound};
    return {kind: 'unreachable', reason: reasonOf(error, deadlineMs)};
  }
}

/**
 * Stores what a provider said about VM `name` (in one IMMEDIATE transaction, re-reading the row: another process may
 * have destroyed it meanwhile, case-27): `present` → its status, `confirmedAt` now, no pending "not found";
 * confirmed `missing` → `deleted`; unconfirmed `missing` → `notFoundAt` (kept from the first time); `unreachable` →
 * `unreachableSince` (kept from the first time). Returns the row as stored, or undefined when it is gone.
 * Throws `StorageError`.
 */
export function recordObservation(ctx: ServiceContext, name: string, observation: VmObservation, at: Date = new Date()): Vm | undefined {
  return ctx.db.transact((repositories) => applyObservation(repositories, name, observation, at.toISOString()));
}

/** {@link recordObservation} for many VMs in one transaction (a `vm list` of 200 VMs writes once, not 200 times). */
export function recordObservations(ctx: ServiceContext, observed: ReadonlyMap<string, VmObservation>, at: Date = new Date()): void {
  const now = at.toISOString();
  ctx.db.transact((repositories) => {
    for (const [name, observation] of observed) applyObservation(repositories, name, observation, now);
  });
}

function applyObservation(repositories: Repositories, name: string, observation: VmObservation, now: string): Vm | undefined {
  const vm = repositories.vms.get(name);
  if (!vm) return undefined;
  switch (observation.kind) {
    case 'present':
      return repositories.vms.update(name, {
        status: observation.status === 'unknown' ? vm.status : observation.status,
        confirmedAt: now,
        unreachableSince: null,
        notFoundAt: null,
      });
    case 'missing':
      return observation.isConfirmed
        ? repositories.vms.update(name, {status: 'deleted', confirmedAt: now, unreachableSince: null, notFoundAt: null})
        : repositories.vms.update(name, {notFoundAt: vm.notFoundAt ?? now, unreachableSince: null});
    default:
      // Already known to be unreachable: nothing to write.
      return vm.unreachableSince ? vm : repositories.vms.update(name, {unreachableSince: now});
  }
}
