import type {ServiceContext} from '../context.js';
import type {StreamView} from '../services.js';
import type {OnChainStream, StreamRecord} from '../types.js';
import {readWithChainCheck} from './checked-read.js';
import {currentChain, isOnChain} from './chain-binding.js';
import {reconcilePayments} from './reconcile-payments.js';
import {scanStreams} from './scan-streams.js';
import {findOrphanStreams} from './settle-orphan-streams.js';
import {streamState} from './stream-state.js';
import {toStreamStatus} from './stream-status.js';

/**
 * The streams this requestor opened, in the order they were opened, each with its live chain status at the latest
 * block's time and its `state` (`streamState` against `config.monitor.minRemainingSeconds`, issue 3). All streams
 * and the block time come from one batched read (`getStreams`), so every runway is measured at the same chain time.
 * Streams found terminated on chain are marked so locally; streams an interrupted run opened but never recorded are
 * recovered first (case-22), and the contract's events are scanned so every stream the wallet opened is listed,
 * whatever the database said (issue 11 item 3). `fundsNoVm` marks open streams that fund no VM the user can see
 * (`golem vm reconcile` ends them). Rows of a chain that no longer exists (status `vanished`, a restarted devnet)
 * and of other chains are listed as recorded, with no chain status. A stream the endpoint did not return (refused or
 * dropped batch calls, case-32) keeps its local record and carries `error` with the reason; the others are shown as read.
 *
 * Throws `ChainError` (wrong chain or contract, case-25), `RpcUnavailableError`, `ConfigError` (no payments
 * network), `StorageError`, `ConflictError` (an earlier payment still pending).
 */
export async function listStreams(ctx: ServiceContext): Promise<StreamView[]> {
  if (ctx.db.repositories.operations.listUnfinished().length > 0) await reconcilePayments(ctx);
  const {client} = ctx.payments();
  // Two round trips (issue 16): the chain check, genesis and head together; then the logs since the last scan and
  // every live stream at that head together (scanStreams).
  const [chain, head] = await readWithChainCheck(client, () => Promise.all([currentChain(ctx), client.events.getLatestBlock()]));
  const isLive = (record: StreamRecord) => isOnChain(record, chain) && record.status !== 'vanished';
  const scan = await scanStreams(ctx, {toBlock: head, read: ctx.db.repositories.streams.list().filter(isLive).map((record) => record.streamId)});
  const records = ctx.db.repositories.streams.list();
  if (records.length === 0) return [];
  const live = records.filter(isLive);
  const {blockTimestamp, streams, errors} = scan.state ?? {blockTimestamp: 0n, streams: new Map<bigint, OnChainStream>(), errors: new Map<bigint, string>()};
  const orphans = findOrphanStreams(ctx, live);
  const {minRemainingSeconds} = ctx.config.monitor;
  return records.map((record): StreamView => {
    if (!live.includes(record)) return {record, status: null, state: null, error: null, fundsNoVm: false};
    const onChain = streams.get(record.streamId);
    if (!onChain) {
      const reason = errors.get(record.streamId) ?? 'the chain read did not return it';
      return {record, status: null, state: null, error: `stream ${record.streamId} could not be read: ${reason}`, fundsNoVm: false};
    }
    const status = toStreamStatus(record.streamId, onChain, blockTimestamp);
    if (status.isTerminated && record.status === 'open') {
      ctx.db.repositories.streams.update(record.streamId, {status: 'terminated'});
      return {record: {...record, status: 'terminated'}, status, state: 'terminated', error: null, fundsNoVm: false};
    }
    return {record, status, state: streamState(status, minRemainingSeconds), error: null, fundsNoVm: orphans.has(record.streamId)};
  });
}
