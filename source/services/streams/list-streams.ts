import type {ServiceContext} from '../context.js';
import type {StreamView} from '../services.js';
import {reconcilePayments} from './reconcile-payments.js';
import {streamState} from './stream-state.js';
import {toStreamStatus} from './stream-status.js';

/**
 * The streams this requestor opened, in the order they were opened, each with its live chain status at the latest
 * block's time and its `state` (`streamState` against `config.monitor.minRemainingSeconds`, issue 3). All streams
 * and the block time come from one batched read (`getStreams`), so every runway is measured at the same chain time.
 * Streams found terminated on chain are marked so locally; streams an interrupted run opened but never recorded are
 * recovered first (case-22). A stream the endpoint did not return (refused or dropped batch calls, case-32) keeps its
 * local record and carries `error` with the reason; the others are shown as read.
 *
 * Throws `ChainError` (wrong chain or contract, case-25), `RpcUnavailableError`, `ConfigError` (no payments
 * network), `StorageError`, `ConflictError` (an earlier payment still pending).
 */
export async function listStreams(ctx: ServiceContext): Promise<StreamView[]> {
  if (ctx.db.repositories.operations.listUnfinished().length > 0) await reconcilePayments(ctx);
  const records = ctx.db.repositories.streams.list();
  if (records.length === 0) return [];
  const {client} = ctx.payments();
  await client.verifyChain();
  const {blockTimestamp, streams, errors} = await client.getStreams(records.map((record) => record.streamId));
  const {minRemainingSeconds} = ctx.config.monitor;
  return records.map((record): StreamView => {
    const chain = streams.get(record.streamId);
    if (!chain) {
      const reason = errors.get(record.streamId) ?? 'the chain read did not return it';
      return {record, status: null, state: null, error: `stream ${record.streamId} could not be read: ${reason}`};
    }
    const status = toStreamStatus(record.streamId, chain, blockTimestamp);
    if (status.isTerminated && record.status === 'open') {
      ctx.db.repositories.streams.update(record.streamId, {status: 'terminated'});
      return {record: {...record, status: 'terminated'}, status, state: 'terminated', error: null};
    }
    return {record, status, state: streamState(status, minRemainingSeconds), error: null};
  });
}
