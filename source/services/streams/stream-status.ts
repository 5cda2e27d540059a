import {isAddressEqual, zeroAddress} from 'viem';
import type {OnChainStream, StreamStatus} from '../types.js';
import {computeStream} from './stream-math.js';

/** Combines a chain read with `computeStream`. A terminated stream reads with recipient zero (§7.4). */
export function toStreamStatus(streamId: bigint, chain: OnChainStream, now: bigint): StreamStatus {
  const isTerminated = isAddressEqual(chain.recipient, zeroAddress);
  return {streamId, chain, computed: computeStream(chain, now), isTerminated};
}
