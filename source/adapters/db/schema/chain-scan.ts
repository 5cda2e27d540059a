import {integer, primaryKey, sqliteTable, text} from 'drizzle-orm/sqlite-core';

/**
 * How far the event scan of one StreamPayment deployment has read (issue 11 item 3): the next scan starts at
 * `last_block + 1`, so the contract's history is read once, incrementally.
 *
 * - key: `chain_id`, `contract_address` (lower case), `genesis_hash` (block 0's hash: a restarted devnet is another
 *   chain with the same id) and `wallet` (lower case; the scan keeps only this wallet's streams).
 * - `last_block`: the last block whose logs were read, as an integer.
 */
export const chainScan = sqliteTable(
  'chain_scan',
  {
    chainId: integer('chain_id').notNull(),
    contractAddress: text('contract_address').notNull(),
    genesisHash: text('genesis_hash').notNull(),
    wallet: text('wallet').notNull(),
    lastBlock: integer('last_block').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [primaryKey({columns: [table.chainId, table.contractAddress, table.genesisHash, table.wallet]})],
);

/** A `chain_scan` row as read. */
export type ChainScanRow = typeof chainScan.$inferSelect;
