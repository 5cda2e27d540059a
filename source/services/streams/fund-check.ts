import {formatUnits, isAddressEqual, zeroAddress, type Address} from 'viem';
import {InsufficientFundsError} from '../../errors.js';
import {formatEth} from '../../lib/format.js';
import type {ServiceContext} from '../context.js';
import type {QuoteToken} from '../services.js';
import {readWithChainCheck} from './checked-read.js';

/** Gas bounds an ERC20 payment may spend: the approve and the createStream/topUp (reference §6.7). */
export const TOKEN_PAYMENT_TRANSACTIONS = 2n;

function nextStep(ctx: ServiceContext, what: 'ETH' | 'token'): string {
  if (what === 'token') return 'Get more of the stream token into the wallet (`golem wallet` shows its address) or ask for fewer hours.';
  return ctx.config.faucet === null
    ? 'Fund the wallet (`golem wallet` shows its address) or ask for fewer hours.'
    : 'Get test ETH with `golem wallet faucet`, or ask for fewer hours.';
}

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
  return new InsufficientFundsError({requiredWei, availableWei, hint: `${need} ${nextStep(ctx, 'ETH')}`});
}

/**
 * The `InsufficientFundsError` for an ERC20 payment (reference §6.7) short of the token: `required`/`available` in
 * the token's smallest unit; the hint says "Need 5 more GLM (deposit 20 GLM, wallet 15 GLM)". Never throws.
 */
export function insufficientTokens(token: Pick<QuoteToken, 'symbol' | 'decimals'>, required: bigint, available: bigint): InsufficientFundsError {
  const show = (units: bigint) => `${formatUnits(units, token.decimals)} ${token.symbol}`;
  const missing = required > available ? required - available : 0n;
  return new InsufficientFundsError({
    requiredWei: required,
    availableWei: available,
    hint: `Need ${show(missing)} more (deposit ${show(required)}, wallet ${show(available)}). Get more ${token.symbol} into the wallet (\`golem wallet\` shows its address) or ask for fewer hours.`,
  });
}

/** The ETH side of an ERC20 payment: the wallet must hold the gas bound of approve + the stream call (wei). */
function insufficientGas(ctx: ServiceContext, requiredWei: bigint, availableWei: bigint): InsufficientFundsError {
  const missingWei = requiredWei > availableWei ? requiredWei - availableWei : 0n;
  return new InsufficientFundsError({
    requiredWei,
    availableWei,
    hint: `Need ${formatEth(missingWei, 8)} more for gas (approve + stream transaction ${formatEth(requiredWei, 8)}, wallet ${formatEth(availableWei, 8)}). ${nextStep(ctx, 'ETH')}`,
  });
}

/**
 * Checks, before a payment of `valueWei`, that the chain is the profile's (`verifyChain`: chain id and contract
 * code, case-25) and that the wallet can pay. Native ETH (`token` absent or zero): the ETH balance covers `valueWei`
 * plus the gas bound of one transaction. ERC20 (`token` set, reference §6.7): `valueWei` is in the token's smallest
 * unit; the token balance covers it ("need X more GLM") and the ETH balance covers the gas of approve + the stream
 * call ("need Y more ETH"). Returns the ETH balance and the gas bound, in wei. Nothing is signed or sent.
 *
 * Throws `ChainError` (wrong chain: both ids named; no contract), `RpcUnavailableError`, `InsufficientFundsError`.
 */
export async function assertCanPay(
  ctx: ServiceContext,
  valueWei: bigint,
  token: Address | null = null,
  /** The ETH balance and one transaction's gas bound, when the caller read them already (with the chain check). */
  known?: {readonly balanceWei: bigint; readonly oneGasWei: bigint},
): Promise<{balanceWei: bigint; maxGasWei: bigint}> {
  const {client} = ctx.payments();
  const [balanceWei, oneGasWei] = known
    ? [known.balanceWei, known.oneGasWei]
    : await readWithChainCheck(client, () => Promise.all([client.getBalance(), client.estimateMaxGasCostWei()]));
  if (token === null || isAddressEqual(token, zeroAddress)) {
    if (balanceWei < valueWei + oneGasWei) throw insufficientFunds(ctx, valueWei + oneGasWei, balanceWei);
    return {balanceWei, maxGasWei: oneGasWei};
  }
  const maxGasWei = oneGasWei * TOKEN_PAYMENT_TRANSACTIONS;
  const [info, tokenBalance] = await Promise.all([client.getTokenInfo(token), client.getTokenBalance(token)]);
  if (tokenBalance < valueWei) throw insufficientTokens(info, valueWei, tokenBalance);
  if (balanceWei < maxGasWei) throw insufficientGas(ctx, maxGasWei, balanceWei);
  return {balanceWei, maxGasWei};
}

/**
 * Throws when a quote cannot be paid, before anything is paid (design.md money rules). Native ETH: the wallet's ETH
 * covers deposit + gas bound (`insufficientFunds`). ERC20 (`quote.token`): the token balance covers the deposit
 * (`insufficientTokens`, "need X more GLM") and the ETH covers the gas bound of approve + createStream ("need Y more
 * ETH"). Pure: no chain call (the quote read the balances and gas after `verifyChain`).
 */
export function assertQuoteAffordable(
  ctx: ServiceContext,
  quote: {
    readonly depositWei: bigint;
    readonly maxGasWei: bigint;
    readonly balanceWei: bigint;
    readonly token?: QuoteToken | null | undefined;
  },
): void {
  if (quote.token) {
    if (quote.token.balance < quote.depositWei) throw insufficientTokens(quote.token, quote.depositWei, quote.token.balance);
    if (quote.balanceWei < quote.maxGasWei) throw insufficientGas(ctx, quote.maxGasWei, quote.balanceWei);
    return;
  }
  const requiredWei = quote.depositWei + quote.maxGasWei;
  if (quote.balanceWei < requiredWei) throw insufficientFunds(ctx, requiredWei, quote.balanceWei);
}
