/**
 * The StreamPayment contract's event history (reference §7.3): `eth_getLogs` in block ranges the endpoint accepts,
 * decoded into `StreamEvent`s. Implements `StreamEventReader` (services/ports.ts); the scan of the wallet's streams
 * (`services/streams/scan-streams.ts`) and, later, a ledger of every wei read it.
 */
import {parseEventLogs, TransactionReceiptNotFoundError, BaseError, type Address, type Log, type PublicClient, type Transport, type Chain} from 'viem';
import {streamPaymentAbi} from '../../../contracts/abi/stream-payment.js';
import type {StreamEvent, StreamEventReader} from '../../services/ports.js';
import {mapChainError} from './errors.js';

/** Default widest `eth_getLogs` block range: what most public endpoints accept (many cap at 10 000). */
export const DEFAULT_MAX_LOG_BLOCK_RANGE = 10_000n;

/** Error texts by which endpoints refuse a range as too wide or too full (Alchemy, Infura, QuickNode, geth, erigon…). */
/** Blocks asked per round of the deployment-block search (one JSON-RPC batch, split by the transport if smaller). */
const DEPLOYMENT_PROBES = 16;
const RANGE_REFUSALS = /range|too many|limit exceeded|exceed|too large|response size|query returned more than|block range/i;

/** Parameters of {@link createStreamEventReader}. */
export type CreateStreamEventReaderParameters = {
  readonly publicClient: PublicClient<Transport, Chain>;
  readonly contractAddress: Address;
  /** Widest block range of one `eth_getLogs` (blocks, ≥ 1). @default 10_000n */
  readonly maxBlockRange?: bigint | undefined;
  /** RPC URL, for error messages. */
  readonly url: string;
};

/** Decodes StreamPayment logs (logs of other contracts are ignored) into `StreamEvent`s, in chain order. */
export function decodeStreamEvents(logs: readonly Log[], contractAddress: Address): StreamEvent[] {
  const own = logs.filter((log) => log.address.toLowerCase() === contractAddress.toLowerCase());
  const events: StreamEvent[] = [];
  for (const log of parseEventLogs({abi: streamPaymentAbi, logs: own, strict: true})) {
    if (log.blockNumber === null || log.transactionHash === null || log.logIndex === null) continue;
    const origin = {blockNumber: log.blockNumber, txHash: log.transactionHash, logIndex: log.logIndex};
    switch (log.eventName) {
      case 'StreamCreated': {
        const a = log.args;
        events.push({...origin, kind: 'StreamCreated', streamId: a.streamId, sender: a.sender, recipient: a.recipient, token: a.token, depositWei: a.deposit, ratePerSecondWei: a.ratePerSecond, startTime: a.startTime, stopTime: a.stopTime});
        break;
      }
      case 'ToppedUp':
        events.push({...origin, kind: 'ToppedUp', streamId: log.args.streamId, amountWei: log.args.amount, newStopTime: log.args.newStopTime});
        break;
      case 'Terminated':
        events.push({...origin, kind: 'Terminated', streamId: log.args.streamId, senderRefundWei: log.args.senderRefund, recipientPayoutWei: log.args.recipientPayout});
        break;
      case 'Withdraw':
        events.push({...origin, kind: 'Withdraw', streamId: log.args.streamId, recipient: log.args.recipient, amountWei: log.args.amount});
        break;
      case 'Halted':
        events.push({...origin, kind: 'Halted', streamId: log.args.streamId});
        break;
      default:
        break;
    }
  }
  return events.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
}

function isRangeRefusal(error: unknown): boolean {
  const text = error instanceof BaseError ? `${error.shortMessage} ${error.details}` : error instanceof Error ? error.message : String(error);
  return RANGE_REFUSALS.test(text);
}

/**
 * Builds a `StreamEventReader` for the StreamPayment at `contractAddress`.
 *
 * `getEvents` walks `fromBlock..toBlock` in windows of `maxBlockRange` blocks; when the endpoint refuses a window
 * (error text naming a range, a result limit or a response size), the window is halved and both halves are read,
 * down to a single block, whose refusal is reported. Errors map through `mapChainError` (`RpcUnavailableError`,
 * `ChainError`).
 *
 * @example
 * const reader = createStreamEventReader({publicClient, contractAddress, url})
 * const events = await reader.getEvents(0n, await reader.getLatestBlock())
 */
export function createStreamEventReader({
  publicClient,
  contractAddress,
  maxBlockRange = DEFAULT_MAX_LOG_BLOCK_RANGE,
  url,
}: CreateStreamEventReaderParameters): StreamEventReader {
  const step = maxBlockRange < 1n ? 1n : maxBlockRange;

  async function readWindow(fromBlock: bigint, toBlock: bigint): Promise<StreamEvent[]> {
    try {
      const logs = await publicClient.getLogs({address: contractAddress, fromBlock, toBlock});
      return decodeStreamEvents(logs, contractAddress);
    } catch (error) {
      if (fromBlock === toBlock || !isRangeRefusal(error)) throw mapChainError(error, 'eth_getLogs', {url});
      const middle = fromBlock + (toBlock - fromBlock) / 2n;
      return [...(await readWindow(fromBlock, middle)), ...(await readWindow(middle + 1n, toBlock))];
    }
  }

  /** Up to DEPLOYMENT_PROBES distinct blocks in `low..high - 1`, ascending, evenly spread (every one when few). */
  function probePoints(low: bigint, high: bigint): bigint[] {
    const span = high - low;
    const count = span < BigInt(DEPLOYMENT_PROBES) ? span : BigInt(DEPLOYMENT_PROBES);
    const points = new Set<bigint>();
    for (let index = 0n; index < count; index++) points.add(low + (span * index) / count);
    return [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async function hasCodeAt(blockNumber: bigint): Promise<boolean> {
    const code = await publicClient.getCode({address: contractAddress, blockNumber});
    return Boolean(code && code !== '0x');
  }

  return {
    async getLatestBlock() {
      try {
        return await publicClient.getBlockNumber({cacheTime: 0});
      } catch (error) {
        throw mapChainError(error, 'eth_blockNumber', {url});
      }
    },

    async getEvents(fromBlock, toBlock) {
      const events: StreamEvent[] = [];
      for (let start = fromBlock; start <= toBlock; start += step) {
        const end = start + step - 1n < toBlock ? start + step - 1n : toBlock;
        events.push(...(await readWindow(start, end)));
      }
      return events;
    },

    async findDeploymentBlock() {
      const latest = await this.getLatestBlock();
      try {
        if (!(await hasCodeAt(latest))) return latest;
        let low = 0n;
        let high = latest;
        // Invariant: code at `high`; the first block with code is in low..high. Each round asks up to
        // DEPLOYMENT_PROBES blocks at once (one batched request), so the search takes log16(blocks) round trips.
        while (low < high) {
          const probes = probePoints(low, high);
          const found = await Promise.all(probes.map(hasCodeAt));
          const first = found.indexOf(true);
          if (first !== -1) high = probes[first]!;
          const lastWithout = first === -1 ? probes.length - 1 : first - 1;
          if (lastWithout >= 0) low = probes[lastWithout]! + 1n;
        }
        return low;
      } catch {
        // A node without historical state (not an archive node) cannot answer: scan from block 0.
        return 0n;
      }
    },

    async getTransactionEvents(hash) {
      try {
        const receipt = await publicClient.getTransactionReceipt({hash});
        if (receipt.status !== 'success') return null;
        return decodeStreamEvents(receipt.logs, contractAddress);
      } catch (error) {
        if (error instanceof BaseError && error.walk((e) => e instanceof TransactionReceiptNotFoundError)) return null;
        throw mapChainError(error, 'eth_getTransactionReceipt', {url});
      }
    },
  };
}
