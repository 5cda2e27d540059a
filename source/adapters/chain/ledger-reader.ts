/**
 * The chain reads behind `golem ledger` (services/ledger/ledger-port.ts): the wallet's StreamPayment events (through
 * the contract's `StreamEventReader` of issue 11, which reads logs in ranges the endpoint accepts), transaction
 * receipts, balances and nonces at past blocks, and a block scan for plain transfers where the chain is small enough
 * (a devnet). Read-only: it never signs.
 */
import {isAddressEqual, type Address, type Hex} from 'viem';
import {streamPaymentAbi} from '../../../contracts/abi/stream-payment.js';
import type {BlockRef, LedgerChainReader, PlainTransfer, TransactionCost, WalletStreamEvent} from '../../services/ledger/ledger-port.js';
import type {StreamEventReader} from '../../services/ports.js';
import type {OnChainStream} from '../../services/types.js';
import {createChainClients} from './clients.js';
import {mapChainError} from './errors.js';

/** Parameters of {@link createLedgerReader}. */
export type CreateLedgerReaderParameters = {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly contractAddress: Address;
  readonly walletAddress: Address;
  /** The contract's event history (the payments client's `events`). */
  readonly events: StreamEventReader;
  /** Most blocks `walletTransfers` reads one by one; beyond it answers null. @default 5_000 (any size on chain 31337) */
  readonly maxScanBlocks?: bigint | undefined;
  readonly timeoutMs?: number | undefined;
};

const DEVNET_CHAIN_ID = 31_337;
const PARALLEL = 16;

/** Runs `task` over `items`, at most `PARALLEL` at a time, keeping order. */
async function mapLimited<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += PARALLEL) {
    results.push(...(await Promise.all(items.slice(index, index + PARALLEL).map(task))));
  }
  return results;
}

/**
 * Builds a `LedgerChainReader` for `walletAddress` on the StreamPayment at `contractAddress`. Past balances, nonces
 * and `streams(id)` reads need a node that keeps history (anvil does; a public L2 endpoint may answer only recent
 * blocks, which surfaces as `ChainError`).
 *
 * @example
 * const reader = createLedgerReader({rpcUrl, chainId: 31337, contractAddress, walletAddress})
 * const events = await reader.walletStreamEvents({fromBlock: 0n, toBlock: (await reader.latestBlock()).number})
 */
export function createLedgerReader({
  rpcUrl,
  chainId,
  contractAddress,
  walletAddress,
  events: eventReader,
  maxScanBlocks = 5_000n,
  timeoutMs,
}: CreateLedgerReaderParameters): LedgerChainReader {
  // A throwaway key: the clients are only used to read (the helper builds a wallet client too).
  const {publicClient} = createChainClients({rpcUrl, chainId, privateKey: `0x${'11'.repeat(32)}`, timeoutMs});
  const read = async <T>(what: string, body: () => Promise<T>): Promise<T> => {
    try {
      return await body();
    } catch (error) {
      throw mapChainError(error, what, {url: rpcUrl});
    }
  };
  const getBlock = (number: bigint): Promise<BlockRef> =>
    read('eth_getBlockByNumber', async () => {
      const block = await publicClient.getBlock({blockNumber: number});
      return {number: block.number, timestamp: block.timestamp};
    });

  const reader: LedgerChainReader = {
    chainId,
    contractAddress,
    walletAddress,
    latestBlock: () =>
      read('eth_getBlockByNumber', async () => {
        const block = await publicClient.getBlock({blockTag: 'latest'});
        return {number: block.number, timestamp: block.timestamp};
      }),
    getBlock,
    async blockAtOrBefore(timestamp) {
      const latest = await reader.latestBlock();
      if (latest.timestamp <= timestamp) return latest;
      let low = 0n;
      let high = latest.number;
      while (low < high) {
        const mid = (low + high + 1n) / 2n;
        if ((await getBlock(mid)).timestamp <= timestamp) low = mid;
        else high = mid - 1n;
      }
      return getBlock(low);
    },
    deploymentBlock: () => eventReader.findDeploymentBlock(),
    balanceAt: (block) => read('eth_getBalance', () => publicClient.getBalance({address: walletAddress, blockNumber: block})),
    nonceAt: (block) => read('eth_getTransactionCount', () => publicClient.getTransactionCount({address: walletAddress, blockNumber: block})),

    async walletStreamEvents({fromBlock, toBlock}) {
      const all = await eventReader.getEvents(fromBlock, toBlock);
      const ids = new Set(all.flatMap((event) => (event.kind === 'StreamCreated' && isAddressEqual(event.sender, walletAddress) ? [event.streamId] : [])));
      const events: WalletStreamEvent[] = [];
      for (const event of all) {
        if (!ids.has(event.streamId)) continue;
        const origin = {blockNumber: event.blockNumber, logIndex: event.logIndex, txHash: event.txHash, streamId: event.streamId};
        if (event.kind === 'StreamCreated') {
          events.push({...origin, name: 'StreamCreated', recipient: event.recipient, token: event.token, depositWei: event.depositWei, ratePerSecondWei: event.ratePerSecondWei, startTime: event.startTime});
        } else if (event.kind === 'ToppedUp') {
          events.push({...origin, name: 'ToppedUp', amountWei: event.amountWei});
        } else if (event.kind === 'Terminated') {
          events.push({...origin, name: 'Terminated', refundWei: event.senderRefundWei, payoutWei: event.recipientPayoutWei});
        } else if (event.kind === 'Withdraw') {
          events.push({...origin, name: 'Withdraw', recipient: event.recipient, amountWei: event.amountWei});
        }
      }
      return events;
    },

    async transactionCosts(hashes) {
      const unique = [...new Set(hashes.map((hash) => hash.toLowerCase() as Hex))];
      const costs = await mapLimited(unique, (hash) =>
        read('eth_getTransactionReceipt', async (): Promise<TransactionCost | null> => {
          const receipt = await publicClient.getTransactionReceipt({hash}).catch((error: unknown) => {
            if (error instanceof Error && error.name === 'TransactionReceiptNotFoundError') return null;
            throw error;
          });
          if (!receipt) return null;
          const l1Fee = (receipt as {l1Fee?: bigint | null}).l1Fee ?? 0n;
          return {
            hash: receipt.transactionHash,
            from: receipt.from,
            to: receipt.to,
            blockNumber: receipt.blockNumber,
            transactionIndex: receipt.transactionIndex,
            gasWei: receipt.gasUsed * receipt.effectiveGasPrice + l1Fee,
            isSuccess: receipt.status === 'success',
          };
        }),
      );
      return costs.filter((cost): cost is TransactionCost => cost !== null);
    },

    async walletTransfers({fromBlock, toBlock}) {
      if (toBlock < fromBlock) return [];
      if (chainId !== DEVNET_CHAIN_ID && toBlock - fromBlock + 1n > maxScanBlocks) return null;
      const numbers: bigint[] = [];
      for (let number = fromBlock; number <= toBlock; number++) numbers.push(number);
      const blocks = await mapLimited(numbers, (blockNumber) =>
        read('eth_getBlockByNumber', () => publicClient.getBlock({blockNumber, includeTransactions: true})),
      );
      const transfers: PlainTransfer[] = [];
      for (const block of blocks) {
        for (const tx of block.transactions) {
          const isFrom = isAddressEqual(tx.from, walletAddress);
          const isTo = tx.to ? isAddressEqual(tx.to, walletAddress) : false;
          if (!isFrom && !isTo) continue;
          transfers.push({hash: tx.hash, from: tx.from, to: tx.to, valueWei: tx.value, blockNumber: block.number, transactionIndex: tx.transactionIndex});
        }
      }
      return transfers;
    },

    async streamsAt(ids, block) {
      const unique = [...new Set(ids)];
      const rows = await mapLimited(unique, (streamId) =>
        read('streams', () => publicClient.readContract({address: contractAddress, abi: streamPaymentAbi, functionName: 'streams', args: [streamId], blockNumber: block})),
      );
      const streams = new Map<bigint, OnChainStream>();
      unique.forEach((streamId, index) => {
        const [token, sender, recipient, startTime, stopTime, ratePerSecond, deposit, withdrawn, halted] = rows[index]!;
        streams.set(streamId, {token, sender, recipient, startTime, stopTime, ratePerSecond, deposit, withdrawn, halted});
      });
      return streams;
    },
  };
  return reader;
}
