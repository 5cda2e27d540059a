import {eq} from 'drizzle-orm';
import type {BetterSQLite3Database} from 'drizzle-orm/better-sqlite3';
import type {Hex} from 'viem';
import type {Repositories} from '../../services/ports.js';
import {streamPrice} from './schema/stream-price.js';
import {guardStorage} from './storage-errors.js';

/** The `stream_price` table: the ETH/USD price each stream golem opened was priced at (issue 15). */
export function createStreamPriceRepository(db: BetterSQLite3Database): Repositories['streamPrices'] {
  return {
    upsert({createTxHash, streamId, ethUsdFixed18}) {
      guardStorage('record a stream price', () =>
        db
          .insert(streamPrice)
          .values({createTxHash: createTxHash.toLowerCase(), streamId, ethUsdFixed18, recordedAt: new Date().toISOString()})
          .onConflictDoUpdate({target: streamPrice.createTxHash, set: {streamId, ethUsdFixed18}})
          .run(),
      );
    },
    get(createTxHash: Hex) {
      const row = guardStorage('read a stream price', () =>
        db.select().from(streamPrice).where(eq(streamPrice.createTxHash, createTxHash.toLowerCase())).get(),
      );
      return row ? row.ethUsdFixed18 : null;
    },
  };
}
