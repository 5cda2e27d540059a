import {recordStreamPrice} from '../ledger/record-stream-price.js';
import {CancelledError, ConflictError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {StartVmParameters, StartVmReturnType} from '../services.js';
import {assertQuoteAffordable} from '../streams/fund-check.js';
import {openStreamFor} from '../streams/open-stream-for.js';
import {terminateQuietly} from '../streams/terminate-quietly.js';
import {providerForVm} from './provider-for-vm.js';
import {quoteVm} from './quote-vm.js';
import {waitUntilReachable} from './wait-until-reachable.js';
import {describeError} from '../../lib/json.js';
import {killPoint} from '../../lib/kill-point.js';
import {vmIntentDetail} from './reconcile-intent.js';

export type StartVmErrorType =
  | import('../../errors.js').NotFoundError
  | import('../../errors.js').ConflictError
  | import('../../errors.js').InsufficientFundsError
  | import('../../errors.js').ProviderError
  | import('../../errors.js').ChainError;

/**
 * Starts a stopped VM: prices it again, asks `confirm` (when given) with the quote, opens a new stream of `hours` (the old one was ended by stop), asks the
 * provider to start it with that stream (`POST /vms/{name}/start` `{stream_id}`), and waits for SSH. If the
 * provider refuses, the new stream is ended at once. A `start-vm` intent row spans the whole start, so a run killed
 * half-way is settled by `reconcile` (the VM resumed on the new stream, or the new stream ended).
 *
 * Throws `StartVmErrorType`.
 */
export async function startVm(ctx: ServiceContext, name: string, {hours, confirm}: StartVmParameters): Promise<StartVmReturnType> {
  const vm = ctx.db.repositories.vms.require(name);
  if (vm.status === 'running') throw new ConflictError({shortMessage: `VM '${name}' is already running.`});
  const {provider: _provider, ...quote} = await quoteVm(ctx, {providerId: vm.providerId, resources: vm.resources, hours});
  assertQuoteAffordable(ctx, quote);
  if (confirm && !(await confirm(quote))) throw new CancelledError({shortMessage: 'Nothing was paid.'});
  const {operations} = ctx.db.repositories;
  const operation = operations.start({
    kind: 'start-vm',
    vmName: name,
    streamId: null,
    detail: vmIntentDetail({providerId: vm.providerId, providerIp: vm.providerIp, providerPort: vm.providerPort, resources: vm.resources}),
  });
  let streamId: bigint;
  try {
    const opened = await openStreamFor(ctx, {
      recipient: vm.providerId,
      depositWei: quote.depositWei,
      ratePerSecondWei: quote.estimate.ratePerSecondWei,
      vmName: name,
    });
    streamId = opened.streamId;
    recordStreamPrice(ctx, {txHash: opened.txHash, streamId, quote});
  } catch (error) {
    const isUnsettled = operations.listSince('create-stream', operation.createdAt).some((row) => row.vmName === name && row.status === 'sent');
    if (!isUnsettled) operations.update(operation.id, {status: 'failed', detail: describeError(error)});
    throw error;
  }
  operations.update(operation.id, {streamId});
  const api = providerForVm(ctx, vm);
  try {
    await api.startVm(vm.vmId, streamId);
    const access = await waitUntilReachable(ctx, {api, jobId: '', vmId: vm.vmId}, () => {});
    const started = ctx.db.repositories.vms.update(name, {
      status: 'running',
      streamId,
      sshHost: access.sshHost,
      sshPort: access.sshPort,
    });
    operations.update(operation.id, {status: 'done'});
    return {vm: started, streamId, depositWei: quote.depositWei};
  } catch (error) {
    const {refundWei} = await terminateQuietly(ctx, streamId, name);
    // A new stream that could not be ended keeps the intent open, for reconcile to end it.
    if (refundWei !== null) operations.update(operation.id, {status: 'failed', detail: describeError(error)});
    throw error;
  }
}
