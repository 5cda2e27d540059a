import type {ServiceContext} from '../context.js';
import type {StreamView} from '../services.js';
import {reconcilePayments} from './reconcile-payments.js';
import {toStreamStatus} from './stream-status.js';
import {describeError} from '../../lib/json.js';

/**
 * The streams this requestor opened, in the order they were opened, each with its live chain status at the latest block's time.
 * A wrong chain or contract fails the whole list (`ChainError`); a single stream whose read fails carries `error`. Streams found terminated on chain
 * are marked so locally; streams an interrupted run opened but never recorded are recovered first. Throws `ConfigError` (no payments network), `StorageError`.
 */
export async function listStreams(ctx: ServiceContext): Promise<StreamView[]> {
  if (ctx.db.repositories.operations.listUnfinished().length > 0) await reconcilePayments(ctx);
  const records = ctx.db.repositories.streams.list();
  if (records.length === 0) return [];
  const {client} = ctx.payments();
  await client.verifyChain();
  const now = await client.getBlockTimestamp();
  return Promise.all(
    records.map(async (record): Promise<StreamView> => {
      try {
        const status = toStreamStatus(record.streamId, await client.getStream(record.streamId), now);
        if (status.isTerminated && record.status === 'open') {
          ctx.db.repositories.streams.update(record.streamId, {status: 'terminated'});
          return {record: {...record, status: 'terminated'}, status, error: null};
        }
        return {record, status, error: null};
      } catch (error) {
        return {record, status: null, error: describeError(error)};
      }
    }),
  );
}
