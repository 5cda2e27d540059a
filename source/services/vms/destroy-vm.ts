import {ProviderError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import {assertNotBeingCreated} from './assert-not-being-created.js';
import type {DestroyVmReturnType} from '../services.js';
import {terminateStream} from '../streams/terminate-stream.js';
import type {OnProgress, Vm} from '../types.js';
import type {ProviderApi} from '../ports.js';
import {providerForVm} from './provider-for-vm.js';
import {killPoint} from '../../lib/kill-point.js';
import {vmIntentDetail} from './reconcile-intent.js';
import {hostKeyAliasOf} from '../ssh-access/rental-alias.js';
import {syncSshConfig} from '../ssh-access/ssh-access.js';

export type DestroyVmErrorType =
  | import('../../errors.js').NotFoundError
  | import('../../errors.js').ContractRevertedError
  | import('../../errors.js').ChainError;

/**
 * Destroys a VM and gets the unspent deposit back: asks the provider to delete it (a VM the provider no longer
 * knows, or an unreachable provider, does not stop the rest — the ended stream makes a real provider stop it),
 * terminates the stream (refund to the wallet, payout of the vested part to the provider), drops the rental's
 * host-key pin and removes the local row. The row is removed only after the stream is ended, so a failure leaves the VM
 * listed with a way to retry. The `delete-vm` intent row stays open until the row is gone, so a run killed (or
 * failed) half-way is finished by `reconcile` (issue 6 item 1).
 *
 * Throws `DestroyVmErrorType`.
 */
export async function destroyVm(
  ctx: ServiceContext,
  name: string,
  onProgress: OnProgress = () => {},
): Promise<DestroyVmReturnType> {
  const vm = ctx.db.repositories.vms.require(name);
  assertNotBeingCreated(ctx, vm, 'destroy');
  // The chain must be usable before the VM is deleted: a VM deleted while its stream cannot be ended keeps paying.
  if (vm.streamId !== null) await ctx.payments().client.verifyChain();
  const warnings: string[] = [];
  let isDeleteConfirmed = true;
  const operation = ctx.db.repositories.operations.start({kind: 'delete-vm', vmName: name, streamId: vm.streamId, detail: vmIntentDetail()});
  killPoint('destroy:intent', name);
  // The name claim of a create that died half-way: a VM of that name at the provider is ours only if it runs on our
  // stream (names are global per provider, reference §4.1); someone else's is never asked to be deleted.
  const isOurs = vm.status !== 'creating' || (await runsOnOwnStream(providerForVm(ctx, vm), vm));
  if (!isOurs) warnings.push(`The provider has no VM '${name}' on stream ${vm.streamId ?? '(none)'}; nothing was deleted there.`);
  if (isOurs) {
    onProgress({step: 'delete', message: `Deleting '${name}' on provider ${vm.providerId}`});
    try {
      await providerForVm(ctx, vm).deleteVm(vm.vmId);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      isDeleteConfirmed = false;
      warnings.push(`The provider did not confirm the delete (${error.shortMessage}); ending the stream stops the VM.`);
    }
  }
  killPoint('destroy:provider-deleted', name);
  let result = {name, streamId: vm.streamId, refundWei: 0n, payoutWei: 0n, terminateTxHash: null as DestroyVmReturnType['terminateTxHash']};
  if (vm.streamId !== null) {
    onProgress({step: 'terminate', message: `Ending stream ${vm.streamId}`});
    const ended = await terminateStream(ctx, vm.streamId, name);
    result = {...result, refundWei: ended.refundWei, payoutWei: ended.payoutWei, terminateTxHash: ended.txHash};
    if (ended.wasAlreadyEnded) warnings.push(`Stream ${vm.streamId} was already ended; nothing more to refund.`);
    if (ended.isOnVanishedChain) warnings.push(`Stream ${vm.streamId} was on a chain that no longer exists (the devnet was restarted); nothing was sent and no refund came back.`);
    killPoint('destroy:terminated', name);
  }
  ctx.ssh.forgetPin(hostKeyAliasOf(vm));
  ctx.db.transact((repositories) => {
    repositories.vms.delete(name);
    repositories.operations.update(operation.id, {status: 'done'});
  });
  syncSshConfig(ctx);
  return {...result, isDeleteConfirmed, warnings, isRefundUnknown: vm.streamId === null || result.terminateTxHash === null};
}

/** True when the provider's VM `vm.vmId` is funded by `vm.streamId` (`GET /vms/{name}/stream`); false otherwise or unknown. */
async function runsOnOwnStream(api: ProviderApi, vm: Vm): Promise<boolean> {
  if (vm.streamId === null) return false;
  try {
    return (await api.getStream(vm.vmId)).streamId === vm.streamId;
  } catch {
    return false;
  }
}
