import {recordStreamPrice} from '../ledger/record-stream-price.js';
import {CancelledError, ConflictError, ProviderError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import {assertNotBeingCreated} from './assert-not-being-created.js';
import type {StartVmParameters, StartVmReturnType} from '../services.js';
import {assertQuoteAffordable} from '../streams/fund-check.js';
import {openStreamFor} from '../streams/open-stream-for.js';
import {terminateQuietly} from '../streams/terminate-quietly.js';
import {providerForVm} from './provider-for-vm.js';
import {quoteVm} from './quote-vm.js';
import {waitUntilReachable} from './wait-until-reachable.js';
import {describeError} from '../../lib/json.js';
import {vmIntentDetail} from './reconcile-intent.js';
import type {Vm} from '../types.js';

export type StartVmErrorType =
  | import('../../errors.js').NotFoundError
  | import('../../errors.js').ConflictError
  | import('../../errors.js').InsufficientFundsError
  | import('../../errors.js').ProviderError
  | import('../../errors.js').ChainError;

/**
 * Starts a stopped VM. Before anything is paid (issue 11 item 5) it asks the provider whether it still has the VM,
 * stopped (`GET /vms/{name}`), and whether it can start one at all (`hasStartRoute`: upstream providers have no
 * `POST /vms/{name}/start`, reference §4.7); a no is refused with a hint and costs nothing. Then it prices it again, asks `confirm` (when given) with the quote, opens a new stream of `hours` (the old one was ended by stop), asks the
 * provider to start it with that stream (`POST /vms/{name}/start` `{stream_id}`), and waits for SSH. If the
 * provider refuses, the new stream is ended at once. A `start-vm` intent row spans the whole start, so a run killed
 * half-way is settled by `reconcile` (the VM resumed on the new stream, or the new stream ended).
 *
 * Throws `StartVmErrorType`.
 */
export async function startVm(ctx: ServiceContext, name: string, {hours, confirm}: StartVmParameters): Promise<StartVmReturnType> {
  const vm = ctx.db.repositories.vms.require(name);
  assertNotBeingCreated(ctx, vm, 'start');
  if (vm.status === 'running') throw new ConflictError({shortMessage: `VM '${name}' is already running.`});
  await assertProviderCanStart(ctx, vm);
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

/**
 * Refuses, before any payment, a start the provider cannot do: the VM is unknown there (404: marked `deleted`), not
 * stopped there, or the provider has no start route. Throws `ProviderError`/`ConflictError`; an unreachable provider
 * throws its `ProviderError` (nothing is paid either).
 */
async function assertProviderCanStart(ctx: ServiceContext, vm: Vm): Promise<void> {
  const api = providerForVm(ctx, vm);
  let remote;
  try {
    remote = await api.getVm(vm.vmId);
  } catch (error) {
    if (!(error instanceof ProviderError) || error.status !== 404) throw error;
    ctx.db.repositories.vms.update(vm.name, {status: 'deleted', confirmedAt: new Date().toISOString(), unreachableSince: null, notFoundAt: null});
    throw new ProviderError({
      providerId: vm.providerId,
      reason: `no longer has VM '${vm.name}' (HTTP 404); nothing was paid`,
      status: 404,
      hint: `Remove it with \`golem vm destroy ${vm.name}\` (its stream is ended there) and create a new one.`,
      cause: error,
    });
  }
  if (remote.status === 'running' || remote.status === 'creating' || remote.status === 'stopping') {
    throw new ConflictError({
      shortMessage: `The provider reports VM '${vm.name}' as ${remote.status}; it was not started and nothing was paid.`,
      hint: 'Check it with `golem vm list` in a moment.',
    });
  }
  if (!(await api.hasStartRoute(vm.vmId))) {
    throw new ProviderError({
      providerId: vm.providerId,
      reason: `cannot start a stopped VM (its API has no POST /vms/{name}/start); nothing was paid`,
      status: 404,
      hint: `Destroy it with \`golem vm destroy ${vm.name}\` and create a new one.`,
    });
  }
}
