/**
 * The bulk read of StreamPayment streams (`StreamPaymentClient.getStreams`, `readStreamsAndEvents`) over endpoints as
 * they are (issue 11 item 8, case-32): `streams(id)` for every id at one block, with that block (and the contract's
 * logs up to it) in the same request, in batches the endpoint accepts (`json-rpc-batch.ts`). Rows that could not be
 * read come back as errors, never as a failed whole.
 */
import {decodeFunctionResult, encodeFunctionData, formatLog, hexToBigInt, numberToHex, type Address, type Hex, type RpcLog} from 'viem';
import {streamPaymentAbi} from '../../../contracts/abi/stream-payment.js';
import {ChainError, RpcUnavailableError} from '../../errors.js';
import type {StreamEvent} from '../../services/ports.js';
import type {OnChainStream} from '../../services/types.js';
import type {JsonRpcBatcher, RpcCall, RpcOutcome} from './json-rpc-batch.js';
import {decodeStreamEvents} from './stream-events.js';

/** Parameters of {@link readStreams}. */
export type ReadStreamsParameters = {
  /** One RPC URL or a comma-separated fail-over list (for messages; the calls go through `read`). */
  readonly rpcUrl: string;
  /** The batching reader (`createJsonRpcBatcher`): reads issued in the same tick share HTTP requests. */
  readonly read: JsonRpcBatcher;
  readonly contractAddress: Address;
  readonly ids: readonly bigint[];
  /** Read at this block (one request with the block itself); absent: the latest block is read first. */
  readonly blockNumber?: bigint | undefined;
  /** Also read the contract's logs from `fromBlock` to the block read, in windows of `maxBlockRange` blocks. */
  readonly logs?: {readonly fromBlock: bigint; readonly maxBlockRange: bigint} | undefined;
};

/**
 * What {@link readStreams} returns: the block time, the streams read, a reason per stream not read, and the
 * contract's events when `logs` was asked (null when a log window could not be read: read them another way).
 */
export type ReadStreamsReturnType = {
  blockTimestamp: bigint;
  streams: Map<bigint, OnChainStream>;
  errors: Map<bigint, string>;
  events?: StreamEvent[] | null;
};

function blockCall(tag: Hex | 'latest'): RpcCall {
  return {method: 'eth_getBlockByNumber', params: [tag, false]};
}

function parseBlock(rpcUrl: string, outcome: RpcOutcome | undefined): {timestamp: bigint; number: bigint} {
  if (!outcome?.ok) throw new RpcUnavailableError({url: rpcUrl, cause: new Error(outcome?.error ?? 'no answer')});
  const block = outcome.result as {timestamp?: unknown; number?: unknown} | null;
  if (!block || typeof block.timestamp !== 'string' || typeof block.number !== 'string') {
    throw new ChainError({shortMessage: `The RPC endpoint ${rpcUrl} returned no block.`});
  }
  return {timestamp: hexToBigInt(block.timestamp as Hex), number: hexToBigInt(block.number as Hex)};
}

/**
 * Reads `streams(id)` of every distinct id pinned to one block (so every runway is measured at one chain time): at
 * `blockNumber` in a single round trip together with that block (and, with `logs`, the contract's logs up to it —
 * the event scan and the stream reads share the request, issue 16), or else at the latest block, read first. A
 * stream whose call failed or whose answer does not decode is left out of `streams` and named in `errors`.
 *
 * Throws `RpcUnavailableError` when the block cannot be read (endpoint down), `ChainError` when it is malformed.
 *
 * @example
 * const {blockTimestamp, streams, errors} = await readStreams({rpcUrl, read, contractAddress, ids: [1n, 2n], blockNumber: 120n})
 */
export async function readStreams({rpcUrl, read, contractAddress, ids, blockNumber, logs}: ReadStreamsParameters): Promise<ReadStreamsReturnType> {
  let pinned = blockNumber;
  let latest: {timestamp: bigint; number: bigint} | null = null;
  if (pinned === undefined) {
    latest = parseBlock(rpcUrl, (await read([blockCall('latest')]))[0]);
    pinned = latest.number;
  }
  const blockTag = numberToHex(pinned);
  const windows: {fromBlock: bigint; toBlock: bigint}[] = [];
  if (logs) {
    const step = logs.maxBlockRange < 1n ? 1n : logs.maxBlockRange;
    for (let start = logs.fromBlock; start <= pinned; start += step) windows.push({fromBlock: start, toBlock: start + step - 1n < pinned ? start + step - 1n : pinned});
  }
  const unique = [...new Set(ids)];
  const calls: RpcCall[] = [
    ...(latest ? [] : [blockCall(blockTag)]),
    ...windows.map((window) => ({method: 'eth_getLogs', params: [{address: contractAddress, fromBlock: numberToHex(window.fromBlock), toBlock: numberToHex(window.toBlock)}]})),
    ...unique.map((streamId) => ({
      method: 'eth_call',
      params: [{to: contractAddress, data: encodeFunctionData({abi: streamPaymentAbi, functionName: 'streams', args: [streamId]})}, blockTag],
    })),
  ];
  const outcomes = await read(calls);
  const block = latest ?? parseBlock(rpcUrl, outcomes.shift());
  const logOutcomes = outcomes.splice(0, windows.length);
  let events: StreamEvent[] | null | undefined;
  if (logs) {
    events = logOutcomes.every((outcome) => outcome.ok && Array.isArray(outcome.result))
      ? decodeStreamEvents(logOutcomes.flatMap((outcome) => (outcome.ok ? (outcome.result as RpcLog[]).map((log) => formatLog(log)) : [])), contractAddress)
      : null;
  }
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
  return {blockTimestamp: block.timestamp, streams, errors, ...(logs ? {events} : {})};
}
