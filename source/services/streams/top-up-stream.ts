import {isAddressEqual, zeroAddress} from 'viem';
import {CancelledError, InvalidInputError} from '../../errors.js';
import {MAX_HOURS} from '../../lib/vm-request-rules.js';
import {killPoint} from '../../lib/kill-point.js';
import type {ServiceContext} from '../context.js';
import {currentChain} from './chain-binding.js';
import {recordTransaction} from './record-transaction.js';
import type {TopUpStreamParameters, TopUpStreamReturnType} from '../services.js';
import type {OnChainStream} from '../types.js';
import {assertCanPay} from './fund-check.js';
import {reconcilePayments} from './reconcile-payments.js';
import {readWithChainCheck} from './checked-read.js';

/** Longest top-up by time: the most hours a rental may ask for, in seconds. */
const MAX_TOP_UP_SECONDS = BigInt(MAX_HOURS) * 3600n;

export type TopUpStreamErrorType =
  | import('../../errors.js').InvalidInputError
  | import('../../errors.js').InsufficientFundsError
  | import('../../errors.js').CancelledError
  | import('../../errors.js').ContractRevertedError
  | import('../../errors.js').ChainError
  | import('../../errors.js').ConflictError;

/**
 * The wei a top-up sends: `amountWei` as given, or the stream's on-chain rate × the seconds asked for
 * (`hours` × 3600 or `seconds`; reference §6.5). Hours and seconds must be positive whole numbers, at most
 * `MAX_HOURS` hours. Throws `InvalidInputError`.
 *
 * @example
 * topUpAmountWei({streamId: 1n, seconds: 5400}, 1000n) // → 5_400_000n
 */
export function topUpAmountWei(parameters: Exclude<TopUpStreamParameters, {max: true}>, ratePerSecondWei: bigint): bigint {
  if ('amountWei' in parameters) return parameters.amountWei;
  const [seconds, label] =
    'hours' in parameters ? [parameters.hours * 3600, `${parameters.hours} hours`] : [parameters.seconds, `${parameters.seconds} seconds`];
  if (!Number.isSafeInteger(seconds) || seconds <= 0 || BigInt(seconds) > MAX_TOP_UP_SECONDS) {
    throw new InvalidInputError({
      issues: [`A top-up must add a whole number of ${'hours' in parameters ? 'hours' : 'seconds'} from 1 up to ${MAX_HOURS} hours, got ${label}.`],
    });
  }
  return ratePerSecondWei * BigInt(seconds);
}

/**
 * Adds funds to a live stream (reference §1.17, `topUp` §7.2): `hours` or `seconds` at the stream's on-chain rate,
 * or an exact `amountWei`. Before anything is sent it checks, in order:
 *
 * - the chain is the profile's and the contract is deployed (case-25);
 * - the stream exists, is ours, is not terminated and not halted (the contract would revert `no-stream`, `not sender`,
 *   `halted`) — refused with `InvalidInputError`;
 * - the amount is at least one second of rate (`delta=0` on chain);
 * - a stream that already ran out (stopTime ≤ chain time) is topped up only when `confirmLate` says yes: the idle gap
 *   since stopTime vests at once (§7.4). Without `confirmLate` → `InvalidInputError`; a "no" → `CancelledError`;
 * - earlier unfinished payments are settled (case-22) and the wallet covers amount + gas (`InsufficientFundsError`);
 * - then `confirm`, when given, is asked with the quote (amount, runway added); a "no" → `CancelledError`.
 *
 * The operation is recorded before sending and its hash as soon as it is broadcast; the wallet lock in the chain
 * adapter serialises sends across processes (case-21).
 *
 * Throws `TopUpStreamErrorType`.
 */
export async function topUpStream(ctx: ServiceContext, parameters: TopUpStreamParameters): Promise<TopUpStreamReturnType> {
  const {streamId} = parameters;
  if (streamId < 1n) throw new InvalidInputError({issues: ['Stream ids start at 1.']});
  const {client} = ctx.payments();
  // One round trip: chain check, the stream, the chain time, the balance and the fee bound (issue 16).
  const [stream, now, balanceWei, oneGasWei] = await readWithChainCheck(client, () =>
    Promise.all([client.getStream(streamId), client.getBlockTimestamp(), client.getBalance(), client.estimateMaxGasCostWei()]),
  );
  assertTopUpAllowed(streamId, stream, client.walletAddress);
  const isMax = 'max' in parameters;
  const amountWei = isMax ? spendableForMax(stream, balanceWei, oneGasWei) : topUpAmountWei(parameters, stream.ratePerSecond);
  if (amountWei < stream.ratePerSecond) {
    throw new InvalidInputError({
      issues: [`A top-up must be at least one second of the stream's rate (${stream.ratePerSecond} wei), got ${amountWei} wei.`],
    });
  }
  if (stream.stopTime <= now) {
    const gapSeconds = now - stream.stopTime;
    const gapWei = gapSeconds * stream.ratePerSecond;
    const late = {streamId, gapSeconds, gapWei: gapWei < amountWei ? gapWei : amountWei, amountWei};
    if (!parameters.confirmLate) {
      throw new InvalidInputError({
        issues: [
          `Stream ${streamId} ran out ${gapSeconds} s ago; a top-up now also pays for those idle seconds (${late.gapWei} wei of it).`,
        ],
        hint: 'Confirm the late top-up (`--yes` on the command line) to pay anyway, or open a new stream (`golem vm stream open`).',
      });
    }
    if (!(await parameters.confirmLate(late))) throw new CancelledError({shortMessage: 'Nothing was paid.'});
  }
  await reconcilePayments(ctx);
  // ERC20 streams (reference §6.7): the amount is in the stream's token; the adapter approves it first when needed.
  await assertCanPay(ctx, amountWei, stream.token, {balanceWei, oneGasWei});
  if (parameters.confirm) {
    const remainingSeconds = stream.stopTime > now ? stream.stopTime - now : 0n;
    const quote = {streamId, amountWei, ratePerSecondWei: stream.ratePerSecond, addedSeconds: amountWei / stream.ratePerSecond, remainingSeconds};
    if (!(await parameters.confirm(quote))) throw new CancelledError({shortMessage: 'Nothing was paid.'});
  }
  const {operations, streams} = ctx.db.repositories;
  const chain = await currentChain(ctx);
  const operation = operations.start({kind: 'top-up', vmName: streams.get(streamId)?.vmName ?? null, streamId, chain, detail: `${amountWei} wei`});
  killPoint('top-up:intent', operation.vmName);
  const recorder = recordTransaction(ctx, operation, {signed: 'top-up:signed', sent: 'top-up:sent'});
  try {
    const result = await client.topUp({streamId, amountWei: isMax ? 'max' : amountWei, onSigned: recorder.onSigned, onSent: recorder.onSent});
    // The books follow the chain: the deposit is the contract's, not a local sum (issue 11 item 3).
    const onChain = await client.getStream(streamId).catch(() => null);
    ctx.db.transact((repositories) => {
      const record = repositories.streams.get(streamId);
      if (record) repositories.streams.update(streamId, {depositWei: onChain?.deposit ?? record.depositWei + result.amountWei});
      repositories.operations.update(operation.id, {status: 'done', txHash: result.txHash});
    });
    return {streamId, toppedUpWei: result.amountWei, newStopTime: result.newStopTime, txHash: result.txHash};
  } catch (error) {
    operations.update(operation.id, recorder.failure(error));
    throw error;
  }
}

/**
 * What a `max` top-up will carry, for the checks and the quote: the balance less one transaction's fee cap (the
 * adapter recomputes it under the wallet lock, with the fee it signs). Native ETH streams only.
 */
function spendableForMax(stream: OnChainStream, balanceWei: bigint, reserveWei: bigint): bigint {
  if (!isAddressEqual(stream.token, zeroAddress)) {
    throw new InvalidInputError({issues: ['"max" tops up native ETH streams only; this stream is paid in a token.'], hint: 'Give --amount in the token or --hours.'});
  }
  return balanceWei > reserveWei ? balanceWei - reserveWei : 0n;
}

/** Refuses unknown, terminated, foreign and halted streams (the contract would revert), before any payment. */
function assertTopUpAllowed(streamId: bigint, stream: OnChainStream, wallet: `0x${string}`): void {
  const hint = 'Open a new stream instead (`golem vm stream open`, or create the VM again).';
  if (isAddressEqual(stream.recipient, zeroAddress)) {
    const what = isAddressEqual(stream.sender, zeroAddress) ? 'does not exist' : 'is terminated';
    throw new InvalidInputError({issues: [`Stream ${streamId} cannot be topped up: it ${what}.`], hint});
  }
  if (!isAddressEqual(stream.sender, wallet)) {
    throw new InvalidInputError({issues: [`Stream ${streamId} cannot be topped up: it belongs to ${stream.sender}, not this wallet.`]});
  }
  if (stream.halted) {
    throw new InvalidInputError({issues: [`Stream ${streamId} cannot be topped up: it is halted (the contract refuses top-ups of halted streams).`], hint});
  }
}
