import {customType} from 'drizzle-orm/sqlite-core';

/**
 * A bigint column stored as decimal TEXT. Wei amounts (up to 2^256) and stream ids do not fit SQLite's 64-bit
 * INTEGER, and a REAL would silently round them; TEXT keeps every digit and reads back as the same bigint
 * (case-24: bigints are written as decimal strings everywhere and parsed back deliberately).
 *
 * Values sort as text in SQL, so never `ORDER BY` such a column expecting numeric order.
 *
 * @example
 * export const stream = sqliteTable('stream', {depositWei: bigintText('deposit_wei').notNull()});
 */
export const bigintText = customType<{data: bigint; driverData: string}>({
  dataType() {
    return 'text';
  },
  toDriver(value: bigint): string {
    return value.toString();
  },
  fromDriver(value: string): bigint {
    return BigInt(value);
  },
});
