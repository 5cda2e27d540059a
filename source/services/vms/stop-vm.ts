import {killPoint} from '../../lib/kill-point.js';
import type {ServiceContext} from '../context.js';
import type {StopVmReturnType} from '../services.js';
import {terminateStream} from '../streams/terminate-stream.js';
import {providerForVm} from './provider-for-vm.js';
import {vmIntentDetail} from './reconcile-intent.js';

export type StopVmErrorType =
  | import('../../errors.js').NotFoundError
  | import('../../errors.js').ProviderError
  | import('../../errors.js').ChainError;

/**
 * Stops a VM (`POST /vms/{name}/stop`) and ends its stream, reporting the refund (design.md money rules: a
 * stopped VM costs nothing). Its disk stays with the provider; `startVm` funds it again with a new stream.
 * A `stop-vm` intent row is written before the provider is asked and closed once the stream is ended, so a run
 * killed half-way is finished by `reconcile` (issue 6 item 1).
 *
 * Throws `StopVmErrorType`.
 */
export async function stopVm(ctx: ServiceContext, name: string): Promise<StopVmReturnType> {
  const vm = ctx.db.repositories.vms.require(name);
  const {operations} = ctx.db.repositories;
  const operation = operations.start({kind: 'stop-vm', vmName: name, streamId: vm.streamId, detail: vmIntentDetail()});
  killPoint('stop:intent', name);
  try {
    await providerForVm(ctx, vm).stopVm(vm.vmId);
    killPoint('stop:provider-stopped', name);
    const stopped = ctx.db.repositories.vms.update(name, {status: 'stopped'});
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
    if (ctx.db.repositories.vms.get(name)?.status !== 'stopped') operations.update(operation.id, {status: 'failed'});
    throw error;
  }
}
