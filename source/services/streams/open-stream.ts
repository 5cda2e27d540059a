import {recordStreamPrice} from '../ledger/record-stream-price.js';
import {CancelledError, InvalidInputError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {OpenStreamParameters, OpenStreamReturnType} from '../services.js';
import {quoteVm} from '../vms/quote-vm.js';
import {assertQuoteAffordable} from './fund-check.js';
import {openStreamFor} from './open-stream-for.js';

/**
 * Opens a stream for a planned rental without creating the VM (reference §1.16): verifies the provider (advertised
 * id = `/provider/info` id, the profile's contract) and prices the spec exactly as `createVm` does (`hours: 'max'`:
 * the deposit is everything spendable, the balance less this transaction's fee cap), checks the chain
 * id and that the wallet covers deposit + gas, asks `confirm` with the quote, then pays. Nothing is sent when any
 * check fails or `confirm` answers no.
 *
 * Throws what `quoteVm` throws, `InsufficientFundsError` (with the faucet hint on testnets), `CancelledError`
 * ("Nothing was paid."), `ContractRevertedError`.
 */
export async function openStream(ctx: ServiceContext, parameters: OpenStreamParameters): Promise<OpenStreamReturnType> {
  const isMax = parameters.hours === 'max';
  const {provider: _provider, ...priced} = await quoteVm(ctx, {...parameters, hours: isMax ? 1 : (parameters.hours as number)});
  if (isMax && priced.token) {
    throw new InvalidInputError({issues: ['--hours max deposits native ETH only; this provider is paid in a token.'], hint: 'Give --hours as a whole number.'});
  }
  // `max`: the quote shows everything spendable; the adapter recomputes it under the wallet lock with the fee it signs.
  const spendableWei = priced.balanceWei > priced.maxGasWei ? priced.balanceWei - priced.maxGasWei : 0n;
  const quote = isMax ? {...priced, depositWei: spendableWei, hours: Number(spendableWei / (priced.estimate.ratePerSecondWei * 3600n))} : priced;
  if (isMax && spendableWei < priced.estimate.ratePerSecondWei) assertQuoteAffordable(ctx, {...priced, depositWei: priced.estimate.ratePerSecondWei});
  assertQuoteAffordable(ctx, quote);
  if (parameters.confirm && !(await parameters.confirm(quote))) throw new CancelledError({shortMessage: 'Nothing was paid.'});
  const opened = await openStreamFor(ctx, {
    recipient: quote.providerId,
    depositWei: isMax ? 'max' : quote.depositWei,
    ratePerSecondWei: quote.estimate.ratePerSecondWei,
    vmName: null,
    token: quote.token?.address ?? null,
  });
  recordStreamPrice(ctx, {txHash: opened.txHash, streamId: opened.streamId, quote});
  return {streamId: opened.streamId, ratePerSecondWei: quote.estimate.ratePerSecondWei, depositWei: opened.depositWei, txHash: opened.txHash};
}
