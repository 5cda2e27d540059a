import {isAddressEqual, zeroAddress, type Address, type Hex} from 'viem';
import {ConfigError, InvalidInputError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {Operation} from '../ports.js';
import {computeStream} from '../streams/stream-math.js';
import type {LedgerChainReader, TransactionCost, WalletStreamEvent} from './ledger-port.js';
import {ledgerTotals, reconcileLedger, sortMovements} from './ledger-math.js';
import type {BalanceAt, LedgerMovement, LedgerReconciliation, LedgerTotals} from './ledger-types.js';
import {spendByTime, spendByVm, type SpendBucket, type StreamVesting, type VmSpend} from './spend-over-time.js';

/** Filters of {@link getLedger}. Times are instants; `since`/`until` select whole blocks by their timestamps. */
export type GetLedgerParameters = {
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
  /** First block of the period (instead of `since`). */
  readonly fromBlock?: bigint | undefined;
  /** Last block of the period (instead of `until`). */
  readonly toBlock?: bigint | undefined;
  readonly vmName?: string | undefined;
  readonly streamId?: bigint | undefined;
  /**
   * False skips the scan of the period's blocks for plain transfers (a devnet's every block): for a caller that
   * needs only what the streams cost (`byVm`, the dashboard's "cost so far"), which the scan does not change; the
   * reconciliation then reports the scan as incomplete. @default true
   */
  readonly withTransfers?: boolean | undefined;
};

/** One of the wallet's streams at the period's end. */
export type LedgerStream = StreamVesting & {
  readonly recipient: Address;
  readonly depositWei: bigint;
  readonly withdrawnWei: bigint;
  /** Refunded on termination, or null while open. */
  readonly refundWei: bigint | null;
  /** Vested and not yet paid to the provider (what it is owed), wei. */
  readonly owedWei: bigint;
  readonly isOpen: boolean;
};

/** What `golem ledger` shows. Movements, totals, per-VM rows and streams follow the filters; the reconciliation is the whole wallet's. */
export type GetLedgerReturnType = {
  readonly walletAddress: Address;
  readonly chainId: number;
  readonly contractAddress: Address;
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  readonly movements: readonly LedgerMovement[];
  readonly totals: LedgerTotals;
  readonly byVm: readonly VmSpend[];
  /** Spend per UTC day over the period (vested + gas), idle days included (the most recent 2000). */
  readonly byDay: readonly SpendBucket[];
  readonly streams: readonly LedgerStream[];
  readonly reconciliation: LedgerReconciliation;
  /** Whether the period's blocks were scanned for plain transfers (incoming funding, other outgoing). */
  readonly isTransferScanComplete: boolean;
  readonly isFiltered: boolean;
};

export type GetLedgerErrorType = ConfigError | InvalidInputError;

const OPERATION_KINDS: readonly Operation['kind'][] = ['create-stream', 'create-vm', 'top-up', 'terminate', 'delete-vm', 'stop-vm', 'start-vm'];

/**
 * Every movement of the wallet's money in a period, read from the chain (never from golem's memory): the wallet's
 * StreamPayment events from the deployment block on (StreamCreated by the wallet, ToppedUp, Terminated, Withdraw of
 * its streams, reference §7.3), the receipts of every transaction the wallet sent that golem knows of (hashes stored
 * in SQLite, and those of the events) for gas, and — where the chain is small enough to scan (a devnet, or a short
 * period) — the plain transfers to and from the wallet. The balances at the period's two ends are read at those
 * blocks, and the movements must add up to them to the wei (`reconciliation`). SQLite only names VMs.
 *
 * Throws `ConfigError` (no payments network, no ledger reader), `InvalidInputError` (since after until),
 * `RpcUnavailableError`/`ChainError` from the reads (a node without history for past balances).
 *
 * @example
 * const ledger = await getLedger(ctx, {since: new Date('2026-12-01')})
 * ledger.reconciliation.isBalanced // → true
 */
export async function getLedger(ctx: ServiceContext, parameters: GetLedgerParameters = {}): Promise<GetLedgerReturnType> {
  const {since, until, vmName, streamId, fromBlock: firstBlock, toBlock: lastBlock, withTransfers = true} = parameters;
  if (since && until && since > until) {
    throw new InvalidInputError({issues: [`--since (${since.toISOString()}) is after --until (${until.toISOString()}).`]});
  }
  if (!ctx.ledgerReader) throw new ConfigError({shortMessage: 'The ledger needs a chain reader, and none is configured.'});
  const reader = ctx.ledgerReader();
  const deployment = await reader.deploymentBlock();
  const latest = await reader.latestBlock();
  if (lastBlock !== undefined && lastBlock > latest.number) {
    throw new InvalidInputError({issues: [`--to-block ${lastBlock} is after the latest block, ${latest.number}.`]});
  }
  const endBlock =
    lastBlock !== undefined ? await reader.getBlock(lastBlock)
    : until ? await reader.blockAtOrBefore(BigInt(Math.floor(until.getTime() / 1000)))
    : latest;
  const startNumber =
    firstBlock !== undefined ? firstBlock
    : since ? (await reader.blockAtOrBefore(BigInt(Math.ceil(since.getTime() / 1000)) - 1n)).number + 1n
    : deployment;
  const fromBlock = startNumber > 0n ? startNumber : 1n;
  const toBlock = endBlock.number >= fromBlock - 1n ? endBlock.number : fromBlock - 1n;
  const beforeBlock = await reader.getBlock(fromBlock - 1n);

  const [events, transfers, startBalance, endBalance, startNonce, endNonce] = await Promise.all([
    reader.walletStreamEvents({fromBlock: deployment, toBlock}),
    withTransfers ? reader.walletTransfers({fromBlock, toBlock}) : Promise.resolve(null),
    reader.balanceAt(fromBlock - 1n),
    reader.balanceAt(toBlock),
    reader.nonceAt(fromBlock - 1n),
    reader.nonceAt(toBlock),
  ]);
  const start: BalanceAt = {blockNumber: beforeBlock.number, timestamp: beforeBlock.timestamp, balanceWei: startBalance};
  const end: BalanceAt = {blockNumber: endBlock.number, timestamp: endBlock.timestamp, balanceWei: endBalance};
  const inPeriod = (block: bigint) => block >= fromBlock && block <= toBlock;

  const knownHashes = [
    ...events.filter((event) => inPeriod(event.blockNumber)).map((event) => event.txHash),
    ...(transfers ?? []).map((transfer) => transfer.hash),
    ...OPERATION_KINDS.flatMap((kind) => ctx.db.repositories.operations.listSince(kind, '1970-01-01T00:00:00.000Z')).flatMap((op) => (op.txHash ? [op.txHash] : [])),
    ...ctx.db.repositories.streams.list().flatMap((record) => (record.createTxHash ? [record.createTxHash] : [])),
  ];
  const costs = new Map<string, TransactionCost>();
  for (const cost of await reader.transactionCosts(knownHashes)) costs.set(cost.hash.toLowerCase(), cost);

  const names = vmNames(ctx, reader);
  const created = new Map<bigint, Extract<WalletStreamEvent, {name: 'StreamCreated'}>>();
  for (const event of events) if (event.name === 'StreamCreated') created.set(event.streamId, event);
  const blockTimes = await blockTimestamps(reader, [...events.map((event) => event.blockNumber), ...(transfers ?? []).map((t) => t.blockNumber)]);

  const gasCharged = new Set<string>();
  /** The wallet's gas for `hash`, once per transaction, only when the wallet sent it in the period. */
  const gasOf = (hash: Hex): bigint => {
    const cost = costs.get(hash.toLowerCase());
    if (!cost || !isAddressEqual(cost.from, reader.walletAddress) || !inPeriod(cost.blockNumber) || gasCharged.has(hash.toLowerCase())) return 0n;
    gasCharged.add(hash.toLowerCase());
    return cost.gasWei;
  };
  const movements: LedgerMovement[] = [];
  for (const event of events) {
    if (!inPeriod(event.blockNumber)) continue;
    const origin = created.get(event.streamId);
    const isNative = !origin || isAddressEqual(origin.token, zeroAddress);
    const base = {
      blockNumber: event.blockNumber,
      timestamp: blockTimes.get(event.blockNumber) ?? 0n,
      logIndex: event.logIndex,
      txHash: event.txHash,
      streamId: event.streamId,
      vmName: names.get(event.streamId) ?? null,
      counterparty: origin?.recipient ?? null,
      ethUsdFixed18: origin ? ctx.db.repositories.streamPrices.get(origin.txHash) : null,
    };
    // ERC20 streams (reference §6.7) move tokens, not the wallet's ETH: only their gas counts here.
    const amount = (wei: bigint) => (isNative ? wei : 0n);
    if (event.name === 'StreamCreated') movements.push({...base, kind: 'deposit', amountWei: amount(event.depositWei), gasWei: gasOf(event.txHash)});
    if (event.name === 'ToppedUp') movements.push({...base, kind: 'top_up', amountWei: amount(event.amountWei), gasWei: gasOf(event.txHash)});
    if (event.name === 'Terminated') {
      movements.push({...base, kind: 'refund', amountWei: amount(event.refundWei), gasWei: gasOf(event.txHash)});
      movements.push({...base, logIndex: event.logIndex + 0.5, kind: 'payout', amountWei: amount(event.payoutWei), gasWei: 0n});
    }
    if (event.name === 'Withdraw') movements.push({...base, kind: 'withdrawn', amountWei: amount(event.amountWei), gasWei: 0n});
  }
  // Plain transfers (devnet, short periods): funding in, ETH sent elsewhere, and the gas of the wallet's other transactions.
  for (const transfer of transfers ?? []) {
    const cost = costs.get(transfer.hash.toLowerCase());
    const isSuccess = cost?.isSuccess ?? true;
    const isFrom = isAddressEqual(transfer.from, reader.walletAddress);
    const isTo = transfer.to !== null && isAddressEqual(transfer.to, reader.walletAddress);
    const isToContract = transfer.to !== null && isAddressEqual(transfer.to, reader.contractAddress);
    const base = {
      blockNumber: transfer.blockNumber,
      timestamp: blockTimes.get(transfer.blockNumber) ?? 0n,
      logIndex: -1 + transfer.transactionIndex / 1e6,
      txHash: transfer.hash,
      streamId: null,
      vmName: null,
      ethUsdFixed18: null,
    };
    if (isTo && !isFrom) {
      if (isSuccess && transfer.valueWei > 0n) movements.push({...base, kind: 'incoming', counterparty: transfer.from, amountWei: transfer.valueWei, gasWei: 0n});
      continue;
    }
    if (isToContract) continue; // its events are above; a reverted payment's gas is added below
    const sendsValue = isSuccess && !isTo && transfer.valueWei > 0n;
    movements.push({...base, kind: sendsValue ? 'outgoing' : 'gas', counterparty: transfer.to, amountWei: sendsValue ? transfer.valueWei : 0n, gasWei: gasOf(transfer.hash)});
  }
  // Transactions golem sent that moved nothing else (reverted payments, ERC20 approvals): their gas.
  for (const cost of costs.values()) {
    const hash = cost.hash.toLowerCase();
    if (gasCharged.has(hash) || !isAddressEqual(cost.from, reader.walletAddress) || !inPeriod(cost.blockNumber)) continue;
    const time = (await blockTimestamps(reader, [cost.blockNumber])).get(cost.blockNumber) ?? 0n;
    movements.push({
      kind: 'gas', blockNumber: cost.blockNumber, timestamp: time, logIndex: -1 + cost.transactionIndex / 1e6, txHash: cost.hash,
      streamId: null, vmName: null, counterparty: cost.to, amountWei: 0n, gasWei: gasOf(cost.hash), ethUsdFixed18: null,
    });
  }

  const all = sortMovements(movements);
  const reconciliation = reconcileLedger({
    movements: all,
    start,
    end,
    sentByNonce: endNonce - startNonce,
    isTransferScanComplete: transfers !== null,
  });

  const streams = await ledgerStreams(reader, created, events, names, toBlock, end.timestamp, ctx.db.repositories.streamPrices);
  const matches = (id: bigint | null, name: string | null) =>
    (streamId === undefined || id === streamId) && (vmName === undefined || name === vmName);
  const isFiltered = streamId !== undefined || vmName !== undefined;
  const shown = isFiltered ? all.filter((movement) => movement.streamId !== null && matches(movement.streamId, movement.vmName)) : all;
  const shownStreams = streams.filter((stream) => matches(stream.streamId, stream.vmName));
  return {
    walletAddress: reader.walletAddress,
    chainId: reader.chainId,
    contractAddress: reader.contractAddress,
    fromBlock,
    toBlock,
    movements: shown,
    totals: ledgerTotals(shown),
    byVm: spendByVm(shown, shownStreams.filter((stream) => stream.startTime <= end.timestamp)),
    byDay: spendByTime(shown, shownStreams, {unit: 'day', from: start.timestamp, to: end.timestamp}),
    streams: shownStreams,
    reconciliation,
    isTransferScanComplete: transfers !== null,
    isFiltered,
  };
}

/** Stream id → VM name, from golem's records on this chain and contract (the stream row, else the VM row). */
function vmNames(ctx: ServiceContext, reader: LedgerChainReader): Map<bigint, string> {
  const names = new Map<bigint, string>();
  for (const vm of ctx.db.repositories.vms.list()) if (vm.streamId !== null) names.set(vm.streamId, vm.name);
  for (const record of ctx.db.repositories.streams.list()) {
    if (record.chainId !== reader.chainId || !isAddressEqual(record.contractAddress, reader.contractAddress)) continue;
    if (record.vmName) names.set(record.streamId, record.vmName);
  }
  return names;
}

const timestampCache = new WeakMap<LedgerChainReader, Map<bigint, bigint>>();

/** Timestamps of `numbers`' blocks (each read once per reader). */
async function blockTimestamps(reader: LedgerChainReader, numbers: readonly bigint[]): Promise<Map<bigint, bigint>> {
  let cache = timestampCache.get(reader);
  if (!cache) timestampCache.set(reader, (cache = new Map()));
  const missing = [...new Set(numbers)].filter((number) => !cache.has(number));
  const blocks = await Promise.all(missing.map((number) => reader.getBlock(number)));
  for (const block of blocks) cache.set(block.number, block.timestamp);
  return cache;
}

/** The wallet's streams created by the end of the period, with what vested by then (chain reads at `toBlock`). */
async function ledgerStreams(
  reader: LedgerChainReader,
  created: Map<bigint, Extract<WalletStreamEvent, {name: 'StreamCreated'}>>,
  events: readonly WalletStreamEvent[],
  names: Map<bigint, string>,
  toBlock: bigint,
  endTime: bigint,
  prices: {get(createTxHash: Hex): bigint | null},
): Promise<LedgerStream[]> {
  const ids = [...created.keys()].filter((id) => created.get(id)!.blockNumber <= toBlock);
  if (ids.length === 0) return [];
  const onChain = await reader.streamsAt(ids, toBlock);
  return ids.map((id) => {
    const stream = onChain.get(id)!;
    const terminated = events.find((event) => event.name === 'Terminated' && event.streamId === id && event.blockNumber <= toBlock) as
      | Extract<WalletStreamEvent, {name: 'Terminated'}>
      | undefined;
    const isOpen = terminated === undefined;
    const vestedWei = isOpen ? computeStream(stream, endTime).vestedWei : stream.deposit - terminated.refundWei;
    const withdrawnWei = isOpen ? stream.withdrawn : stream.withdrawn + terminated.payoutWei;
    return {
      streamId: id,
      vmName: names.get(id) ?? null,
      ethUsdFixed18: prices.get(created.get(id)!.txHash),
      startTime: stream.startTime,
      ratePerSecondWei: stream.ratePerSecond,
      vestedWei,
      recipient: created.get(id)!.recipient,
      depositWei: stream.deposit,
      withdrawnWei,
      refundWei: terminated?.refundWei ?? null,
      owedWei: vestedWei > withdrawnWei ? vestedWei - withdrawnWei : 0n,
      isOpen,
    };
  });
}
