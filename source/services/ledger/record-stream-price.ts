import type {Hex} from 'viem';
import type {ServiceContext} from '../context.js';
import type {VmQuote} from '../services.js';

/**
 * Records the ETH/USD price a native-ETH stream was priced at, by its createStream hash, so that `golem ledger` shows
 * USD "at the price golem used when it paid" (issue 15) rather than today's. ERC20 streams (reference §6.7) move
 * tokens, not ETH: nothing is recorded. Never throws: a failed write only costs the ledger its USD column
 * (the stream itself is already recorded by `openStreamFor`).
 *
 * @example
 * recordStreamPrice(ctx, {txHash, streamId, quote})
 */
export function recordStreamPrice(
  ctx: ServiceContext,
  {txHash, streamId, quote}: {txHash: Hex; streamId: bigint; quote: Pick<VmQuote, 'ethUsdFixed18' | 'token'>},
): void {
  if (quote.token || quote.ethUsdFixed18 === undefined) return;
  try {
    ctx.db.repositories.streamPrices.upsert({createTxHash: txHash, streamId, ethUsdFixed18: quote.ethUsdFixed18});
  } catch {
    // The ledger then shows no USD for this stream; the payment itself is unaffected.
  }
}
