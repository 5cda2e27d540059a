import {isAddressEqual, zeroAddress} from 'viem';
import type {ServiceContext} from '../context.js';
import type {StreamEvent} from '../ports.js';
import type {OnChainStream, StreamRecord} from '../types.js';
import {currentChain, isOnChain} from './chain-binding.js';

/** What one scan read and what it changed in the books. */
export type ScanStreamsReturnType = {
  /** First and last block read (inclusive); `fromBlock > toBlock` when there was nothing new. */
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  /** The wallet's events among them (streams it created, and every later event of those streams), in chain order. */
  readonly events: readonly StreamEvent[];
  /** Streams the wallet opened that golem had no row for, now recorded (origin `scan`). */
  readonly discovered: readonly bigint[];
  /**
   * The contract state at `toBlock` of the streams asked for (`read`), of those the events touched and of those
   * discovered, with that block's time; null when nothing was read (no new block and no `read`).
   */
  readonly state: {blockTimestamp: bigint; streams: Map<bigint, OnChainStream>; errors: Map<bigint, string>} | null;
};

/** Options of {@link scanStreams}. */
export type ScanStreamsOptions = {
  /** The block to scan up to (e.g. read in the caller's first batch); default: the latest, asked first. */
  readonly toBlock?: bigint | undefined;
  /** Streams whose state at `toBlock` the caller needs: read in the same request as the logs (issue 16). */
  readonly read?: readonly bigint[] | undefined;
};

/**
 * Reads the StreamPayment contract's events since the last scan of this chain and wallet (from the deployment block
 * the first time) and brings the books in line with them (issue 11 item 3): every stream the wallet created is
 * recorded, whatever the database says (a row lost to a crash or deleted by hand comes back with origin `scan`,
 * and the VM name of the interrupted operation that sent it when there is one); the deposit and status of every
 * stream touched by an event are set from the contract's state (`streams(id)`), so a mined top-up is never missing
 * from the books. The logs, the block and the state of the open streams (and of `read`) are asked in one request
 * (`readStreamsAndEvents`); only streams first seen in the events need a second one. Logs are read in ranges the
 * endpoint accepts. The position is saved only after the books are updated, so a failed scan is read again next time.
 *
 * Throws `ChainError`, `RpcUnavailableError`, `StorageError`.
 *
 * @example
 * const {discovered} = await scanStreams(ctx) // → [7n] when stream 7's row had been lost
 */
export async function scanStreams(ctx: ServiceContext, options: ScanStreamsOptions = {}): Promise<ScanStreamsReturnType> {
  const {client, profile} = ctx.payments();
  // The genesis (chain binding) and the head in one batch when the caller has no head yet.
  const [chain, latest] = await Promise.all([currentChain(ctx), options.toBlock === undefined ? client.events.getLatestBlock() : Promise.resolve(options.toBlock)]);
  const wallet = client.walletAddress;
  const key = {...chain, wallet};
  const {streams, chainScans, operations} = ctx.db.repositories;
  const last = chainScans.getLastBlock(key);
  const fromBlock = last === null ? await client.events.findDeploymentBlock() : last + 1n;
  const toBlock = latest;
  const asked = options.read ?? [];
  if (fromBlock > toBlock && asked.length === 0) return {fromBlock, toBlock, events: [], discovered: [], state: null};

  const onThisChain = (): StreamRecord[] => streams.list().filter((record) => isOnChain(record, chain));
  // Open streams can have new events: their state comes in the same request as the logs.
  const open = onThisChain().filter((record) => record.status === 'open').map((record) => record.streamId);
  const read = await client.readStreamsAndEvents({blockNumber: toBlock, ids: [...new Set([...asked, ...open])], logsFromBlock: fromBlock <= toBlock ? fromBlock : null});
  const all = read.events;
  const ours = new Set(onThisChain().map((record) => record.streamId));
  for (const event of all) if (event.kind === 'StreamCreated' && isAddressEqual(event.sender, wallet)) ours.add(event.streamId);
  const events = all.filter((event) => ours.has(event.streamId));

  const known = new Set(onThisChain().map((record) => record.streamId));
  const touched = [...new Set(events.map((event) => event.streamId))];
  // A stream already ended in the books whose new events cannot change its deposit (Terminated, Withdraw) needs no
  // state read; any other touched stream not read yet is read now, at the same block.
  const isSettled = (streamId: bigint) =>
    onThisChain().find((record) => record.streamId === streamId)?.status === 'terminated' &&
    events.every((event) => event.streamId !== streamId || event.kind === 'Terminated' || event.kind === 'Withdraw');
  const unread = touched.filter((streamId) => !read.streams.has(streamId) && !read.errors.has(streamId) && !isSettled(streamId));
  if (unread.length > 0) {
    const more = await client.getStreams(unread, {blockNumber: toBlock});
    for (const [streamId, stream] of more.streams) read.streams.set(streamId, stream);
    for (const [streamId, error] of more.errors) read.errors.set(streamId, error);
  }
  const state = {blockTimestamp: read.blockTimestamp, streams: read.streams, errors: read.errors};
  const discovered: bigint[] = [];
  ctx.db.transact((repositories) => {
    for (const event of events) {
      if (event.kind !== 'StreamCreated' || known.has(event.streamId)) continue;
      const sentBy = operations.listSince('create-stream', '').find((operation) => operation.txHash?.toLowerCase() === event.txHash.toLowerCase());
      repositories.streams.upsert({
        streamId: event.streamId,
        chainId: profile.chainId,
        contractAddress: profile.streamPaymentAddress,
        genesisHash: chain.genesisHash,
        recipient: event.recipient,
        depositWei: event.depositWei,
        ratePerSecondWei: event.ratePerSecondWei,
        vmName: sentBy?.vmName ?? null,
        status: 'open',
        createTxHash: event.txHash,
        origin: 'scan',
      });
      known.add(event.streamId);
      discovered.push(event.streamId);
    }
    for (const streamId of touched) {
      const onChain = state.streams.get(streamId);
      const record = onThisChain().find((candidate) => candidate.streamId === streamId);
      if (!onChain || !record) continue;
      const isTerminated = isAddressEqual(onChain.recipient, zeroAddress);
      repositories.streams.upsert({...record, depositWei: onChain.deposit, status: isTerminated ? 'terminated' : record.status});
    }
    if (fromBlock <= toBlock) repositories.chainScans.setLastBlock(key, toBlock);
  });
  return {fromBlock, toBlock, events, discovered, state};
}
