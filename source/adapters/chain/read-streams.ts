/**
 * The bulk read of StreamPayment streams (`StreamPaymentClient.getStreams`) over endpoints as they are (issue 11
 * item 8, case-32): the latest block first, then `streams(id)` for every id at that block, in batches the endpoint
 * accepts (`json-rpc-batch.ts`). Rows that could not be read come back as errors, never as a failed whole.
 */
import {decodeFunctionResult, encodeFunctionData, hexToBigInt, numberToHex, type Address, type Hex} from 'viem';
import {streamPaymentAbi} from '../../../contracts/abi/stream-payment.js';
import {ChainError, RpcUnavailableError} from '../../errors.js';
import type {OnChainStream} from '../../services/types.js';
import {parseRpcUrls} from './clients.js';
import {readJsonRpcBatch} from './json-rpc-batch.js';

/** Parameters of {@link readStreams}. */
export type ReadStreamsParameters = {
  /** One RPC URL or a comma-separated fail-over list. */
  readonly rpcUrl: string;
  readonly contractAddress: Address;
  readonly ids: readonly bigint[];
  /** Most calls per batch request. */
  readonly batchSize: number;
  /** Timeout of one HTTP request, ms. @default 10_000 */
  readonly timeoutMs?: number | undefined;
};

/** What {@link readStreams} returns: the block time, the streams read, and a reason per stream not read. */
export type ReadStreamsReturnType = {blockTimestamp: bigint; streams: Map<bigint, OnChainStream>; errors: Map<bigint, string>};

/**
 * Reads the latest block, then `streams(id)` of every distinct id pinned to that block (so every runway is
 * measured at one chain time). A stream whose call failed or whose answer does not decode is left out of `streams`
 * and named in `errors` with the reason.
 *
 * Throws `RpcUnavailableError` when the block cannot be read (endpoint down), `ChainError` when it is malformed.
 *
 * @example
 * const {blockTimestamp, streams, errors} = await readStreams({rpcUrl, contractAddress, ids: [1n, 2n], batchSize: 20})
 */
export async function readStreams({rpcUrl, contractAddress, ids, batchSize, timeoutMs = 10_000}: ReadStreamsParameters): Promise<ReadStreamsReturnType> {
  const urls = parseRpcUrls(rpcUrl);
  const [blockOutcome] = await readJsonRpcBatch({urls, batchSize: 1, timeoutMs, calls: [{method: 'eth_getBlockByNumber', params: ['latest', false]}]});
  if (!blockOutcome?.ok) throw new RpcUnavailableError({url: rpcUrl, cause: new Error(blockOutcome?.error ?? 'no answer')});
  const block = blockOutcome.result as {timestamp?: unknown; number?: unknown} | null;
  if (!block || typeof block.timestamp !== 'string' || typeof block.number !== 'string') {
    throw new ChainError({shortMessage: `The RPC endpoint ${rpcUrl} returned no latest block.`});
  }
  const blockTag = numberToHex(hexToBigInt(block.number as Hex));

  const unique = [...new Set(ids)];
  const outcomes = await readJsonRpcBatch({
    urls,
    batchSize,
    timeoutMs,
    calls: unique.map((streamId) => ({
      method: 'eth_call',
      params: [{to: contractAddress, data: encodeFunctionData({abi: streamPaymentAbi, functionName: 'streams', args: [streamId]})}, blockTag],
    })),
  });
  const streams = new Map<bigint, OnChainStream>();
  const errors = new Map<bigint, string>();
  unique.forEach((streamId, index) => {
    const outcome = outcomes[index]!;
    if (!outcome.ok) {
      errors.set(streamId, outcome.error);
      return;
    }
    try {
      const [token, sender, recipient, startTime, stopTime, ratePerSecond, deposit, withdrawn, halted] = decodeFunctionResult({
        abi: streamPaymentAbi,
        functionName: 'streams',
        data: outcome.result as Hex,
      });
      streams.set(streamId, {token, sender, recipient, startTime, stopTime, ratePerSecond, deposit, withdrawn, halted});
    } catch (error) {
      errors.set(streamId, `the answer for stream ${streamId} does not decode: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  });
  return {blockTimestamp: hexToBigInt(block.timestamp as Hex), streams, errors};
}
