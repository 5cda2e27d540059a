import {CancelledError, ConflictError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {StartVmParameters, StartVmReturnType} from '../services.js';
import {assertQuoteAffordable} from '../streams/fund-check.js';
import {openStreamFor} from '../streams/open-stream-for.js';
import {terminateQuietly} from '../streams/terminate-quietly.js';
import {providerForVm} from './provider-for-vm.js';
import {quoteVm} from './quote-vm.js';
import {waitUntilReachable} from './wait-until-reachable.js';

export type StartVmErrorType =
  | import('../../errors.js').NotFoundError
  | import('../../errors.js').ConflictError
  | import('../../errors.js').InsufficientFundsError
  | import('../../errors.js').ProviderError
  | import('../../errors.js').ChainError;

/**
 * Starts a stopped VM: prices it again, asks `confirm` (when given) with the quote, opens a new stream of `hours` (the old one was ended by stop), asks the
 * provider to start it with that stream (`POST /vms/{name}/start` `{stream_id}`), and waits for SSH. If the
 * provider refuses, the new stream is ended at once.
 *
 * Throws `StartVmErrorType`.
 */
export async function startVm(ctx: ServiceContext, name: string, {hours, confirm}: StartVmParameters): Promise<StartVmReturnType> {
  const vm = ctx.db.repositories.vms.require(name);
  if (vm.status === 'running') throw new ConflictError({shortMessage: `VM '${name}' is already running.`});
  const {provider: _provider, ...quote} = await quoteVm(ctx, {providerId: vm.providerId, resources: vm.resources, hours});
  assertQuoteAffordable(ctx, quote);
  if (confirm && !(await confirm(quote))) throw new CancelledError({shortMessage: 'Nothing was paid.'});
  const {streamId} = await openStreamFor(ctx, {
    recipient: vm.providerId,
    depositWei: quote.depositWei,
    ratePerSecondWei: quote.estimate.ratePerSecondWei,
    vmName: name,
  });
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
    return {vm: started, streamId, depositWei: quote.depositWei};
  } catch (error) {
    await terminateQuietly(ctx, streamId, name);
    throw error;
  }
}
