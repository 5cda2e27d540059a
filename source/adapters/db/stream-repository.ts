import type {Address, Hex} from 'viem';
import {eq} from 'drizzle-orm';
import type {BetterSQLite3Database} from 'drizzle-orm/better-sqlite3';
import {NotFoundError} from '../../errors.js';
import type {Repositories} from '../../services/ports.js';
import type {StreamRecord} from '../../services/types.js';
import {stream, type NewStreamRow, type StreamRow} from './schema/stream.js';
import {guardStorage} from './storage-errors.js';

function toStreamRecord(row: StreamRow): StreamRecord {
  return {
    streamId: row.streamId,
    chainId: row.chainId,
    contractAddress: row.contractAddress as Address,
    recipient: row.recipient as Address,
    depositWei: row.depositWei,
    ratePerSecondWei: row.ratePerSecondWei,
    vmName: row.vmName,
    status: row.status === 'terminated' ? 'terminated' : 'open',
    createTxHash: row.createTxHash as Hex | null,
    createdAt: row.createdAt,
  };
}

/**
 * The `streams` repository over the `stream` table, keyed by stream id. Wei values round-trip exactly as bigint
 * (stored as decimal TEXT, case-24). Synchronous; throws `NotFoundError` (entity `Stream`) or `StorageError`.
 */
export function createStreamRepository(db: BetterSQLite3Database): Repositories['streams'] {
  return {
    get(streamId) {
      const row = guardStorage('read a stream', () => db.select().from(stream).where(eq(stream.streamId, streamId)).get());
      return row ? toStreamRecord(row) : undefined;
    },
    list() {
      return guardStorage('list streams', () => db.select().from(stream).orderBy(stream.createdAt).all()).map(
        toStreamRecord,
      );
    },
    upsert(record) {
      const values: NewStreamRow = {...record, createdAt: new Date().toISOString()};
      const {createdAt: _keepOriginal, streamId: _key, ...updates} = values;
      const row = guardStorage('save a stream', () =>
        db.insert(stream).values(values).onConflictDoUpdate({target: stream.streamId, set: updates}).returning().get(),
      );
      return toStreamRecord(row);
    },
    update(streamId, patch) {
      const set = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      const changes =
        Object.keys(set).length === 0
          ? (this.get(streamId) ? 1 : 0)
          : guardStorage('update a stream', () => db.update(stream).set(set).where(eq(stream.streamId, streamId)).run())
              .changes;
      if (changes === 0) throw new NotFoundError({entity: 'Stream', id: streamId.toString()});
    },
  };
}
