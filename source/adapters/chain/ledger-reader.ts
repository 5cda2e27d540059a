/**
 * The chain reads behind `golem ledger` (services/ledger/ledger-port.ts): the wallet's StreamPayment events in log
 * ranges the endpoint accepts, transaction receipts, balances and nonces at past blocks, and a block scan for plain
 * transfers where the chain is small enough (a devnet). Read-only: it never signs.
 *
 * Narrow by design: issue 11 builds the incremental event scan that records every stream of the wallet; the ledger
 * reads the same events for a period and should move onto that module once it lands.
 */
import {isAddressEqual, type Address, type Hex, type Log} from 'viem';
import {streamPaymentAbi} from '../../../contracts/abi/stream-payment.js';
import type {BlockRef, LedgerChainReader, PlainTransfer, TransactionCost, WalletStreamEvent} from '../../services/ledger/ledger-port.js';
import type {OnChainStream} from '../../services/types.js';
import {createChainClients} from './clients.js';
import {mapChainError} from './errors.js';

/** Parameters of {@link createLedgerReader}. */
export type CreateLedgerReaderParameters = {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly contractAddress: Address;
  readonly walletAddress: Address;
  /** Largest `eth_getLogs` block range tried first; halved when the endpoint refuses it. @default 10_000 */
  readonly maxLogRange?: bigint | undefined;
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
  maxLogRange = 10_000n,
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
  let deployment: Promise<bigint> | undefined;
  const getBlock = (number: bigint): Promise<BlockRef> =>
    read('eth_getBlockByNumber', async () => {
      const block = await publicClient.getBlock({blockNumber: number});
      return {number: block.number, timestamp: block.timestamp};
    });

  /** Logs of one event in `from…to`, splitting the range when the endpoint refuses it (too many blocks or results). */
  async function logsInRanges(
    fetch: (fromBlock: bigint, toBlock: bigint) => Promise<Log[]>,
    fromBlock: bigint,
    toBlock: bigint,
  ): Promise<Log[]> {
    const logs: Log[] = [];
    let step = maxLogRange;
    for (let start = fromBlock; start <= toBlock; ) {
      const end = start + step - 1n < toBlock ? start + step - 1n : toBlock;
      try {
        logs.push(...(await fetch(start, end)));
        start = end + 1n;
      } catch (error) {
        if (step <= 1n) throw error;
        step = step / 2n;
      }
    }
    return logs;
  }

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
    deploymentBlock() {
      deployment ??= read('eth_getCode', async () => {
        const latest = await publicClient.getBlockNumber();
        let low = 0n;
        let high = latest;
        while (low < high) {
          const mid = (low + high) / 2n;
          const code = await publicClient.getCode({address: contractAddress, blockNumber: mid});
          if (code && code !== '0x') high = mid;
          else low = mid + 1n;
        }
        return low;
      });
      return deployment;
    },
    balanceAt: (block) => read('eth_getBalance', () => publicClient.getBalance({address: walletAddress, blockNumber: block})),
    nonceAt: (block) => read('eth_getTransactionCount', () => publicClient.getTransactionCount({address: walletAddress, blockNumber: block})),

    async walletStreamEvents({fromBlock, toBlock}) {
      const firstBlock = await reader.deploymentBlock();
      return read('eth_getLogs', async () => {
        const createdLogs = await logsInRanges(
          (from, to) => publicClient.getContractEvents({address: contractAddress, abi: streamPaymentAbi, eventName: 'StreamCreated', args: {sender: walletAddress}, fromBlock: from, toBlock: to, strict: true}),
          firstBlock,
          toBlock,
        );
        const events: WalletStreamEvent[] = [];
        const ids: bigint[] = [];
        for (const log of createdLogs as unknown as {args: {streamId: bigint; recipient: Address; token: Address; deposit: bigint; ratePerSecond: bigint; startTime: bigint}; blockNumber: bigint; logIndex: number; transactionHash: Hex}[]) {
          ids.push(log.args.streamId);
          if (log.blockNumber < fromBlock) continue;
          events.push({
            name: 'StreamCreated',
            blockNumber: log.blockNumber,
            logIndex: log.logIndex,
            txHash: log.transactionHash,
            streamId: log.args.streamId,
            recipient: log.args.recipient,
            token: log.args.token,
            depositWei: log.args.deposit,
            ratePerSecondWei: log.args.ratePerSecond,
            startTime: log.args.startTime,
          });
        }
        // ToppedUp/Terminated/Withdraw index the stream id: ask for the wallet's ids only (topic OR-lists of ≤ 100).
        for (let index = 0; index < ids.length; index += 100) {
          const chunk = ids.slice(index, index + 100);
          const [toppedUp, terminated, withdrawn] = await Promise.all([
            logsInRanges((from, to) => publicClient.getContractEvents({address: contractAddress, abi: streamPaymentAbi, eventName: 'ToppedUp', args: {streamId: chunk}, fromBlock: from, toBlock: to, strict: true}), fromBlock, toBlock),
            logsInRanges((from, to) => publicClient.getContractEvents({address: contractAddress, abi: streamPaymentAbi, eventName: 'Terminated', args: {streamId: chunk}, fromBlock: from, toBlock: to, strict: true}), fromBlock, toBlock),
            logsInRanges((from, to) => publicClient.getContractEvents({address: contractAddress, abi: streamPaymentAbi, eventName: 'Withdraw', args: {streamId: chunk}, fromBlock: from, toBlock: to, strict: true}), fromBlock, toBlock),
          ]);
          const base = (log: Log) => ({blockNumber: log.blockNumber!, logIndex: log.logIndex!, txHash: log.transactionHash!});
          for (const log of toppedUp as unknown as (Log & {args: {streamId: bigint; amount: bigint}})[]) {
            events.push({...base(log), name: 'ToppedUp', streamId: log.args.streamId, amountWei: log.args.amount});
          }
          for (const log of terminated as unknown as (Log & {args: {streamId: bigint; senderRefund: bigint; recipientPayout: bigint}})[]) {
            events.push({...base(log), name: 'Terminated', streamId: log.args.streamId, refundWei: log.args.senderRefund, payoutWei: log.args.recipientPayout});
          }
          for (const log of withdrawn as unknown as (Log & {args: {streamId: bigint; recipient: Address; amount: bigint}})[]) {
            events.push({...base(log), name: 'Withdraw', streamId: log.args.streamId, recipient: log.args.recipient, amountWei: log.args.amount});
          }
        }
        return events;
      });
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
