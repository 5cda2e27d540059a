import {recordStreamPrice} from '../ledger/record-stream-price.js';
import {CancelledError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {OpenStreamParameters, OpenStreamReturnType} from '../services.js';
import {quoteVm} from '../vms/quote-vm.js';
import {assertQuoteAffordable} from './fund-check.js';
import {openStreamFor} from './open-stream-for.js';

/**
 * Opens a stream for a planned rental without creating the VM (reference §1.16): verifies the provider (advertised
 * id = `/provider/info` id, the profile's contract) and prices the spec exactly as `createVm` does, checks the chain
 * id and that the wallet covers deposit + gas, asks `confirm` with the quote, then pays. Nothing is sent when any
 * check fails or `confirm` answers no.
 *
 * Throws what `quoteVm` throws, `InsufficientFundsError` (with the faucet hint on testnets), `CancelledError`
 * ("Nothing was paid."), `ContractRevertedError`.
 */
export async function openStream(ctx: ServiceContext, parameters: OpenStreamParameters): Promise<OpenStreamReturnType> {
  const {provider: _provider, ...quote} = await quoteVm(ctx, parameters);
  assertQuoteAffordable(ctx, quote);
  if (parameters.confirm && !(await parameters.confirm(quote))) throw new CancelledError({shortMessage: 'Nothing was paid.'});
  const {streamId, txHash} = await openStreamFor(ctx, {
    recipient: quote.providerId,
    depositWei: quote.depositWei,
    ratePerSecondWei: quote.estimate.ratePerSecondWei,
    vmName: null,
    token: quote.token?.address ?? null,
  });
  recordStreamPrice(ctx, {txHash, streamId, quote});
  return {streamId, ratePerSecondWei: quote.estimate.ratePerSecondWei, depositWei: quote.depositWei, txHash};
}
