import {InsufficientFundsError} from '../../errors.js';
import {formatEth} from '../../lib/format.js';
import type {ServiceContext} from '../context.js';

/**
 * The `InsufficientFundsError` for a payment of `requiredWei` (deposit or top-up + the gas bound, wei) from a wallet
 * holding `availableWei`: its hint says how much more ETH is needed ("need 0.0012 ETH more") and, on profiles with a
 * testnet faucet (`config.faucet`, reference §9), names `golem wallet faucet`; otherwise it says to fund the wallet.
 * Design.md money rules: spendable must cover deposit + gas. Never throws.
 *
 * @example
 * throw insufficientFunds(ctx, 10n ** 16n, 10n ** 15n) // hint: "Need 0.009 ETH more. Get test ETH with `golem wallet faucet`…"
 */
export function insufficientFunds(ctx: ServiceContext, requiredWei: bigint, availableWei: bigint): InsufficientFundsError {
  const missingWei = requiredWei > availableWei ? requiredWei - availableWei : 0n;
  const need = `Need ${formatEth(missingWei, 8)} more (deposit + gas ${formatEth(requiredWei, 8)}, wallet ${formatEth(availableWei, 8)}).`;
  const next =
    ctx.config.faucet === null
      ? 'Fund the wallet (`golem wallet` shows its address) or ask for fewer hours.'
      : 'Get test ETH with `golem wallet faucet`, or ask for fewer hours.';
  return new InsufficientFundsError({requiredWei, availableWei, hint: `${need} ${next}`});
}

/**
 * Checks, before a payment of `valueWei` (wei), that the chain is the profile's (`verifyChain`: chain id and
 * contract code, case-25) and that the wallet's balance covers `valueWei` plus the gas bound of one transaction.
 * Returns the balance and the gas bound, in wei. Nothing is signed or sent.
 *
 * Throws `ChainError` (wrong chain: both ids named; no contract), `RpcUnavailableError`, `InsufficientFundsError`
 * (see `insufficientFunds`).
 */
export async function assertCanPay(ctx: ServiceContext, valueWei: bigint): Promise<{balanceWei: bigint; maxGasWei: bigint}> {
  const {client} = ctx.payments();
  await client.verifyChain();
  const [balanceWei, maxGasWei] = await Promise.all([client.getBalance(), client.estimateMaxGasCostWei()]);
  if (balanceWei < valueWei + maxGasWei) throw insufficientFunds(ctx, valueWei + maxGasWei, balanceWei);
  return {balanceWei, maxGasWei};
}

/**
 * Throws `insufficientFunds` when a quote's wallet balance does not cover its deposit plus its gas bound (all wei),
 * before anything is paid (design.md money rules: spendable covers deposit + gas). Pure: no chain call (the quote
 * read the balance and gas after `verifyChain`).
 */
export function assertQuoteAffordable(
  ctx: ServiceContext,
  quote: {readonly depositWei: bigint; readonly maxGasWei: bigint; readonly balanceWei: bigint},
): void {
  const requiredWei = quote.depositWei + quote.maxGasWei;
  if (quote.balanceWei < requiredWei) throw insufficientFunds(ctx, requiredWei, quote.balanceWei);
}
