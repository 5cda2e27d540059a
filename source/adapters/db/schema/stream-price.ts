import {sqliteTable, text} from 'drizzle-orm/sqlite-core';
import {bigintText} from '../bigint-text.js';

/**
 * The ETH/USD price golem priced a stream at when it paid (issue 15: the ledger shows USD "at the price golem used
 * when it paid"). One row per stream golem opened, keyed by the createStream transaction's hash (unique across
 * chains, so a restarted devnet that reuses stream ids never borrows another stream's price).
 *
 * - `create_tx_hash`: 0x-prefixed hash of the createStream transaction.
 * - `stream_id`: decimal TEXT; `eth_usd_fixed18`: USD per ETH × 10^18 as decimal TEXT (case-24).
 * - `recorded_at`: ISO-8601 UTC.
 */
export const streamPrice = sqliteTable('stream_price', {
  createTxHash: text('create_tx_hash').primaryKey(),
  streamId: bigintText('stream_id').notNull(),
  ethUsdFixed18: bigintText('eth_usd_fixed18').notNull(),
  recordedAt: text('recorded_at').notNull(),
});

/** A `stream_price` row as read. */
export type StreamPriceRow = typeof streamPrice.$inferSelect;
