import type {Address, Hex} from 'viem';
import {and, asc, eq, gte, notInArray} from 'drizzle-orm';
import type {BetterSQLite3Database} from 'drizzle-orm/better-sqlite3';
import {NotFoundError} from '../../errors.js';
import type {ChainBinding, Operation, Repositories} from '../../services/ports.js';
import {operation, type OperationRow} from './schema/operation.js';
import {guardStorage} from './storage-errors.js';

const STATUSES: ReadonlySet<string> = new Set<Operation['status']>(['started', 'signed', 'sent', 'done', 'failed']);

function toOperation(row: OperationRow): Operation {
  return {
    id: row.id,
    kind: row.kind as Operation['kind'],
    vmName: row.vmName,
    streamId: row.streamId,
    txHash: row.txHash as Hex | null,
    // An unknown status (written by a newer build) is treated as unfinished so it is looked at, not lost.
    status: STATUSES.has(row.status) ? (row.status as Operation['status']) : 'started',
    detail: row.detail,
    rawTx: row.rawTx as Hex | null,
    nonce: row.nonce,
    chain:
      row.chainId !== null && row.contractAddress !== null && row.genesisHash !== null
        ? {chainId: row.chainId, contractAddress: row.contractAddress as Address, genesisHash: row.genesisHash as Hex}
        : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function chainColumns(chain: ChainBinding | null): Pick<OperationRow, 'chainId' | 'contractAddress' | 'genesisHash'> {
  return {chainId: chain?.chainId ?? null, contractAddress: chain?.contractAddress ?? null, genesisHash: chain?.genesisHash ?? null};
}

/**
 * The `operations` repository over the `operation` table (the intent log). Synchronous; throws `NotFoundError`
 * (entity `Operation`) or `StorageError`.
 */
export function createOperationRepository(db: BetterSQLite3Database): Repositories['operations'] {
  return {
    start({kind, vmName, streamId, detail, chain = null}) {
      const now = new Date().toISOString();
      const row = guardStorage('record an operation', () =>
        db
          .insert(operation)
          .values({kind, vmName, streamId, detail, ...chainColumns(chain), status: 'started', createdAt: now, updatedAt: now})
          .returning()
          .get(),
      );
      return toOperation(row);
    },
    update(id, {chain, ...patch}) {
      const result = guardStorage('update an operation', () =>
        db
          .update(operation)
          .set({...patch, ...(chain === undefined ? {} : chainColumns(chain)), updatedAt: new Date().toISOString()})
          .where(eq(operation.id, id))
          .run(),
      );
      if (result.changes === 0) throw new NotFoundError({entity: 'Operation', id: String(id)});
    },
    listUnfinished() {
      return guardStorage('list unfinished operations', () =>
        db
          .select()
          .from(operation)
          .where(notInArray(operation.status, ['done', 'failed']))
          .orderBy(asc(operation.id))
          .all(),
      ).map(toOperation);
    },
    listSince(kind, sinceIso) {
      return guardStorage('list recent operations', () =>
        db
          .select()
          .from(operation)
          .where(and(eq(operation.kind, kind), gte(operation.createdAt, sinceIso)))
          .orderBy(asc(operation.id))
          .all(),
      ).map(toOperation);
    },
  };
}
