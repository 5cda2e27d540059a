import type {ServiceContext} from '../context.js';
import type {StopVmReturnType} from '../services.js';
import {terminateStream} from '../streams/terminate-stream.js';
import {providerForVm} from './provider-for-vm.js';

export type StopVmErrorType =
  | import('../../errors.js').NotFoundError
  | import('../../errors.js').ProviderError
  | import('../../errors.js').ChainError;

/**
 * Stops a VM (`POST /vms/{name}/stop`) and ends its stream, reporting the refund (design.md money rules: a
 * stopped VM costs nothing). Its disk stays with the provider; `startVm` funds it again with a new stream.
 *
 * Throws `StopVmErrorType`.
 */
export async function stopVm(ctx: ServiceContext, name: string): Promise<StopVmReturnType> {
  const vm = ctx.db.repositories.vms.require(name);
  await providerForVm(ctx, vm).stopVm(vm.vmId);
  const stopped = ctx.db.repositories.vms.update(name, {status: 'stopped'});
  if (vm.streamId === null) return {vm: stopped, streamId: null, refundWei: 0n};
  const ended = await terminateStream(ctx, vm.streamId, name);
  return {vm: stopped, streamId: vm.streamId, refundWei: ended.refundWei};
}
