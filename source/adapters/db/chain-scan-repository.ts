import {and, eq} from 'drizzle-orm';
import type {BetterSQLite3Database} from 'drizzle-orm/better-sqlite3';
import type {Repositories} from '../../services/ports.js';
import {chainScan} from './schema/chain-scan.js';
import {guardStorage} from './storage-errors.js';

/**
 * The `chainScans` repository over `chain_scan`: the last block the event scan read, per chain (id, contract,
 * genesis) and wallet (issue 11 item 3). Addresses are compared in lower case. Synchronous; throws `StorageError`.
 */
export function createChainScanRepository(db: BetterSQLite3Database): Repositories['chainScans'] {
  const where = (key: Parameters<Repositories['chainScans']['getLastBlock']>[0]) =>
    and(
      eq(chainScan.chainId, key.chainId),
      eq(chainScan.contractAddress, key.contractAddress.toLowerCase()),
      eq(chainScan.genesisHash, key.genesisHash),
      eq(chainScan.wallet, key.wallet.toLowerCase()),
    );
  return {
    getLastBlock(key) {
      const row = guardStorage('read the event scan position', () => db.select().from(chainScan).where(where(key)).get());
      return row ? BigInt(row.lastBlock) : null;
    },
    setLastBlock(key, lastBlock) {
      const values = {
        chainId: key.chainId,
        contractAddress: key.contractAddress.toLowerCase(),
        genesisHash: key.genesisHash,
        wallet: key.wallet.toLowerCase(),
        lastBlock: Number(lastBlock),
        updatedAt: new Date().toISOString(),
      };
      guardStorage('save the event scan position', () =>
        db
          .insert(chainScan)
          .values(values)
          .onConflictDoUpdate({target: [chainScan.chainId, chainScan.contractAddress, chainScan.genesisHash, chainScan.wallet], set: {lastBlock: values.lastBlock, updatedAt: values.updatedAt}})
          .run(),
      );
    },
  };
}
