/**
 * What the ledger reads from the chain: the wallet's StreamPayment events, its transactions' receipts, its balance
 * and nonce at given blocks, and (where a chain is small enough to scan) the plain transfers to and from it.
 * Implemented by `adapters/chain/ledger-reader.ts`. Every method may throw `RpcUnavailableError` or `ChainError`.
 */
import type {Address, Hex} from 'viem';
import type {OnChainStream} from '../types.js';

/** A block's number and timestamp (unix seconds). */
export type BlockRef = {readonly number: bigint; readonly timestamp: bigint};

/** A decoded StreamPayment event that concerns one of the wallet's streams (reference §7.3). */
export type WalletStreamEvent = {
  readonly blockNumber: bigint;
  readonly logIndex: number;
  readonly txHash: Hex;
} & (
  | {readonly name: 'StreamCreated'; readonly streamId: bigint; readonly recipient: Address; readonly token: Address; readonly depositWei: bigint; readonly ratePerSecondWei: bigint; readonly startTime: bigint}
  | {readonly name: 'ToppedUp'; readonly streamId: bigint; readonly amountWei: bigint}
  | {readonly name: 'Terminated'; readonly streamId: bigint; readonly refundWei: bigint; readonly payoutWei: bigint}
  | {readonly name: 'Withdraw'; readonly streamId: bigint; readonly recipient: Address; readonly amountWei: bigint}
);

/** What one transaction cost its sender, from its receipt. */
export type TransactionCost = {
  readonly hash: Hex;
  readonly from: Address;
  readonly to: Address | null;
  readonly blockNumber: bigint;
  readonly transactionIndex: number;
  /** gasUsed × effectiveGasPrice + the L1 data fee of an OP-stack L2 (receipt `l1Fee`), wei. */
  readonly gasWei: bigint;
  readonly isSuccess: boolean;
};

/** A plain transaction moving ETH to or from the wallet, found by scanning blocks. */
export type PlainTransfer = {
  readonly hash: Hex;
  readonly from: Address;
  readonly to: Address | null;
  readonly valueWei: bigint;
  readonly blockNumber: bigint;
  readonly transactionIndex: number;
};

/** The chain reads behind the ledger, for one wallet and one StreamPayment deployment. */
export type LedgerChainReader = {
  readonly chainId: number;
  readonly contractAddress: Address;
  readonly walletAddress: Address;
  latestBlock(): Promise<BlockRef>;
  getBlock(number: bigint): Promise<BlockRef>;
  /** The last block whose timestamp is ≤ `timestamp` (binary search), or block 0. */
  blockAtOrBefore(timestamp: bigint): Promise<BlockRef>;
  /** The first block where the contract has code (binary search over `eth_getCode`). */
  deploymentBlock(): Promise<bigint>;
  /** The wallet's balance at the end of `block`, wei. */
  balanceAt(block: bigint): Promise<bigint>;
  /** The wallet's nonce (transactions sent) at the end of `block`. */
  nonceAt(block: bigint): Promise<number>;
  /**
   * The wallet's stream events in blocks `fromBlock`…`toBlock`: the `StreamCreated` it sent in the range (give the
   * deployment block as `fromBlock` to know all its streams), and the `ToppedUp`, `Terminated` and `Withdraw` of
   * those streams. Read through the contract's event reader (log ranges the endpoint accepts).
   */
  walletStreamEvents(range: {fromBlock: bigint; toBlock: bigint}): Promise<WalletStreamEvent[]>;
  /** Receipts of `hashes` (unknown or pending ones are left out). */
  transactionCosts(hashes: readonly Hex[]): Promise<TransactionCost[]>;
  /**
   * Every transaction to or from the wallet in the range, by reading whole blocks; null when the range is too large
   * to scan on this chain (more than the adapter's limit, e.g. on a public L2).
   */
  walletTransfers(range: {fromBlock: bigint; toBlock: bigint}): Promise<PlainTransfer[] | null>;
  /** `streams(id)` for each id at the end of `block`. */
  streamsAt(ids: readonly bigint[], block: bigint): Promise<Map<bigint, OnChainStream>>;
};
