import type {Address, Hex} from 'viem';
import {and, desc, eq, ne} from 'drizzle-orm';
import type {BetterSQLite3Database} from 'drizzle-orm/better-sqlite3';
import {NotFoundError} from '../../errors.js';
import type {Repositories} from '../../services/ports.js';
import type {StreamRecord} from '../../services/types.js';
import {stream, type NewStreamRow, type StreamRow} from './schema/stream.js';
import {guardStorage} from './storage-errors.js';

const STATUSES: ReadonlySet<string> = new Set<StreamRecord['status']>(['open', 'terminated', 'vanished']);

function toStreamRecord(row: StreamRow): StreamRecord {
  return {
    streamId: row.streamId,
    chainId: row.chainId,
    contractAddress: row.contractAddress as Address,
    recipient: row.recipient as Address,
    depositWei: row.depositWei,
    ratePerSecondWei: row.ratePerSecondWei,
    vmName: row.vmName,
    status: STATUSES.has(row.status) ? (row.status as StreamRecord['status']) : 'open',
    createTxHash: row.createTxHash as Hex | null,
    genesisHash: row.genesisHash as Hex | '',
    origin: row.origin === 'scan' ? 'scan' : 'golem',
    createdAt: row.createdAt,
  };
}

/** Rows with this id whose chain still exists (a vanished chain's stream 1 is not the new chain's stream 1). */
function liveWithId(streamId: bigint) {
  return and(eq(stream.streamId, streamId), ne(stream.status, 'vanished'));
}

/**
 * The `streams` repository over the `stream` table, keyed by (chain id, contract, genesis hash, stream id) (issue 11
 * item 6); `get`/`update` by stream id address the rows of chains that still exist. Wei values round-trip exactly
 * as bigint (stored as decimal TEXT, case-24). Synchronous; throws `NotFoundError` (entity `Stream`) or `StorageError`.
 */
export function createStreamRepository(db: BetterSQLite3Database): Repositories['streams'] {
  return {
    get(streamId) {
      const row = guardStorage('read a stream', () =>
        db.select().from(stream).where(liveWithId(streamId)).orderBy(desc(stream.createdAt)).limit(1).get(),
      );
      return row ? toStreamRecord(row) : undefined;
    },
    list() {
      return guardStorage('list streams', () => db.select().from(stream).orderBy(stream.createdAt).all()).map(
        toStreamRecord,
      );
    },
    upsert(record) {
      const values: NewStreamRow = {...record, genesisHash: record.genesisHash ?? '', origin: record.origin ?? 'golem', createdAt: new Date().toISOString()};
      const {createdAt: _keepOriginal, streamId: _key, chainId: _chain, contractAddress: _contract, genesisHash: _genesis, ...updates} = values;
      const row = guardStorage('save a stream', () =>
        db
          .insert(stream)
          .values(values)
          .onConflictDoUpdate({target: [stream.chainId, stream.contractAddress, stream.genesisHash, stream.streamId], set: updates})
          .returning()
          .get(),
      );
      return toStreamRecord(row);
    },
    update(streamId, patch) {
      const set = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      const changes =
        Object.keys(set).length === 0
          ? (this.get(streamId) ? 1 : 0)
          : guardStorage('update a stream', () => db.update(stream).set(set).where(liveWithId(streamId)).run()).changes;
      if (changes === 0) throw new NotFoundError({entity: 'Stream', id: streamId.toString()});
    },
    bindChain(binding, isStillThere) {
      const sameDeployment = (record: StreamRecord) =>
        record.chainId === binding.chainId && record.contractAddress.toLowerCase() === binding.contractAddress.toLowerCase();
      const vanished: StreamRecord[] = [];
      for (const record of this.list()) {
        if (!sameDeployment(record) || record.status === 'vanished' || record.genesisHash === binding.genesisHash) continue;
        const where = and(
          eq(stream.chainId, record.chainId),
          eq(stream.contractAddress, record.contractAddress),
          eq(stream.genesisHash, record.genesisHash ?? ''),
          eq(stream.streamId, record.streamId),
        );
        const set = (record.genesisHash ?? '') === '' && isStillThere(record) ? {genesisHash: binding.genesisHash} : {status: 'vanished'};
        guardStorage('bind a stream to its chain', () => db.update(stream).set(set).where(where).run());
        if ('status' in set) vanished.push({...record, status: 'vanished'});
      }
      return vanished;
    },
  };
}
