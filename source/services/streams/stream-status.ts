import {isAddressEqual, zeroAddress} from 'viem';
import type {OnChainStream, StreamComputed, StreamStatus} from '../types.js';

/**
 * What a stream means at chain time `now` (reference §6.6, with vested capped at the deposit as the contract
 * does, §7.4): `remainingSeconds = max(stopTime − now, 0)`, `vestedWei = (clamp(now, start, stop) − start) × rate`
 * capped at deposit, `withdrawableWei = max(vested − withdrawn, 0)`. All bigint; `now` in unix seconds.
 *
 * @example computeStream({startTime: 100n, stopTime: 300n, ratePerSecond: 2n, deposit: 400n, withdrawn: 50n, …}, 200n)
 * // {now: 200n, remainingSeconds: 100n, vestedWei: 200n, withdrawableWei: 150n}
 */
export function computeStream(stream: OnChainStream, now: bigint): StreamComputed {
  const effective = now < stream.startTime ? stream.startTime : now > stream.stopTime ? stream.stopTime : now;
  const uncapped = (effective - stream.startTime) * stream.ratePerSecond;
  const vestedWei = uncapped > stream.deposit ? stream.deposit : uncapped;
  const withdrawable = vestedWei - stream.withdrawn;
  return {
    now,
    remainingSeconds: stream.stopTime > now ? stream.stopTime - now : 0n,
    vestedWei,
    withdrawableWei: withdrawable > 0n ? withdrawable : 0n,
  };
}

/** Combines a chain read with `computeStream`. A terminated stream reads with recipient zero (§7.4). */
export function toStreamStatus(streamId: bigint, chain: OnChainStream, now: bigint): StreamStatus {
  const isTerminated = isAddressEqual(chain.recipient, zeroAddress);
  const computed = computeStream(chain, now);
  return {streamId, chain, computed: isTerminated ? {...computed, remainingSeconds: 0n} : computed, isTerminated};
}
