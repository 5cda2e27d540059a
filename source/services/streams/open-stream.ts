import {InsufficientFundsError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {OpenStreamParameters, OpenStreamReturnType} from '../services.js';
import {quoteVm} from '../vms/quote-vm.js';
import {openStreamFor} from './open-stream-for.js';

/**
 * Opens a stream for a planned rental without creating the VM (reference §1.16): verifies the provider and prices
 * the spec exactly as `createVm` does, checks funds, then pays. Throws what `quoteVm` throws,
 * `InsufficientFundsError`, `ContractRevertedError`.
 */
export async function openStream(ctx: ServiceContext, parameters: OpenStreamParameters): Promise<OpenStreamReturnType> {
  const quote = await quoteVm(ctx, parameters);
  const requiredWei = quote.depositWei + quote.maxGasWei;
  if (quote.balanceWei < requiredWei) throw new InsufficientFundsError({requiredWei, availableWei: quote.balanceWei});
  const {streamId, txHash} = await openStreamFor(ctx, {
    recipient: quote.providerId,
    depositWei: quote.depositWei,
    ratePerSecondWei: quote.estimate.ratePerSecondWei,
    vmName: null,
  });
  return {streamId, ratePerSecondWei: quote.estimate.ratePerSecondWei, depositWei: quote.depositWei, txHash};
}
