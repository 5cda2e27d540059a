import {zeroAddress} from 'viem';
import {InvalidInputError, NotFoundError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {StreamStatus} from '../types.js';
import {toStreamStatus} from './stream-status.js';
import {readWithChainCheck} from './checked-read.js';

/**
 * Reads stream `streamId` straight from the profile's contract (reference §1.19), with values computed at the
 * latest block's time. Throws `InvalidInputError` (id < 1), `NotFoundError` (no such stream), `ChainError`, `RpcUnavailableError`, `ConfigError`.
 */
export async function inspectStream(ctx: ServiceContext, streamId: bigint): Promise<StreamStatus> {
  if (streamId < 1n) throw new InvalidInputError({issues: ['Stream ids start at 1.']});
  const {client} = ctx.payments();
  const [chain, now] = await readWithChainCheck(client, () => Promise.all([client.getStream(streamId), client.getBlockTimestamp()]));
  // Unknown ids read as all zeros (reference §7.1); a terminated stream keeps its sender and deposit (§7.4).
  if (chain.sender === zeroAddress && chain.deposit === 0n) {
    throw new NotFoundError({entity: 'Stream', id: String(streamId), hint: `No stream ${streamId} exists on contract ${client.contractAddress}.`});
  }
  return toStreamStatus(streamId, chain, now);
}
