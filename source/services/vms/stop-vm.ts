import {ProviderError} from '../../errors.js';
import {killPoint} from '../../lib/kill-point.js';
import type {ServiceContext} from '../context.js';
import {assertNotBeingCreated} from './assert-not-being-created.js';
import type {StopVmReturnType} from '../services.js';
import {terminateStream} from '../streams/terminate-stream.js';
import {providerForVm} from './provider-for-vm.js';
import type {Vm} from '../types.js';
import {vmIntentDetail} from './reconcile-intent.js';

export type StopVmErrorType =
  | import('../../errors.js').NotFoundError
  | import('../../errors.js').ProviderError
  | import('../../errors.js').ChainError;

/**
 * Stops a VM (`POST /vms/{name}/stop`) and ends its stream, reporting the refund (design.md money rules: a
 * stopped VM costs nothing). A VM the provider no longer has (404 on stop and on `GET /vms/{name}`) is marked
 * `deleted` and its stream is ended all the same (issue 11 item 5: it would otherwise keep vesting). Its disk stays with the provider; `startVm` funds it again with a new stream.
 * A `stop-vm` intent row is written before the provider is asked and closed once the stream is ended, so a run
 * killed half-way is finished by `reconcile` (issue 6 item 1).
 *
 * Throws `StopVmErrorType`.
 */
export async function stopVm(ctx: ServiceContext, name: string): Promise<StopVmReturnType> {
  const vm = ctx.db.repositories.vms.require(name);
  assertNotBeingCreated(ctx, vm, 'stop');
  const {operations} = ctx.db.repositories;
  const operation = operations.start({kind: 'stop-vm', vmName: name, streamId: vm.streamId, detail: vmIntentDetail()});
  killPoint('stop:intent', name);
  try {
    const isGone = await stopAtProvider(ctx, vm);
    killPoint('stop:provider-stopped', name);
    // A VM the provider no longer has (404, confirmed by GET /vms/{name}) is deleted; its stream is ended all the same.
    const now = new Date().toISOString();
    const stopped = ctx.db.repositories.vms.update(name, {status: isGone ? 'deleted' : 'stopped', confirmedAt: now, unreachableSince: null, notFoundAt: null});
    if (vm.streamId === null) {
      operations.update(operation.id, {status: 'done'});
      return {vm: stopped, streamId: null, refundWei: 0n};
    }
    const ended = await terminateStream(ctx, vm.streamId, name);
    operations.update(operation.id, {status: 'done'});
    return {vm: stopped, streamId: vm.streamId, refundWei: ended.refundWei, isRefundUnknown: ended.txHash === null};
  } catch (error) {
    // Nothing changed at the provider or on chain that a retry of `golem vm stop` does not settle; the row stays
    // open only while the stream may still be paying for a stopped VM.
    const status = ctx.db.repositories.vms.get(name)?.status;
    if (status !== 'stopped' && status !== 'deleted') operations.update(operation.id, {status: 'failed'});
    throw error;
  }
}

/**
 * `POST /vms/{name}/stop`; true when the provider does not know the VM: the stop answered 404 and `GET /vms/{name}`
 * says 404 as well (or `deleted`). Throws `ProviderError` for any other failure (unreachable: nothing was changed).
 */
async function stopAtProvider(ctx: ServiceContext, vm: Vm): Promise<boolean> {
  const api = providerForVm(ctx, vm);
  try {
    await api.stopVm(vm.vmId);
    return false;
  } catch (error) {
    if (!(error instanceof ProviderError) || error.status !== 404) throw error;
    let remote;
    try {
      remote = await api.getVm(vm.vmId);
    } catch (again) {
      if (again instanceof ProviderError && again.status === 404) return true;
      throw error;
    }
    // The provider lists it but will not stop it: nothing is settled, the stop fails as the provider said.
    if (remote.status === 'deleted') return true;
    throw error;
  }
}
