/**
 * Zod schemas of what a Golem Base node answers over JSON-RPC (reference §5.2.3; field names as in
 * golembase-op-geth `EntityMetaData`). Lenient where one bad item must not drop the list: annotation arrays and
 * query results are checked item by item by the driver.
 */
import {z} from 'zod';

/** One JSON-RPC 2.0 response object; exactly one of `result`/`error` is meaningful. */
export const JsonRpcResponse = z.object({
  id: z.union([z.number(), z.string(), z.null()]).optional(),
  result: z.unknown().optional(),
  error: z.object({code: z.number(), message: z.string()}).optional(),
});
export type JsonRpcResponse = z.infer<typeof JsonRpcResponse>;

/** One element of `golembase_queryEntities`: `{key: "0x<32-byte entity key>", value: "<base64 payload>"}`. */
export const QueriedEntity = z.object({key: z.string().regex(/^0x[0-9a-fA-F]{64}$/)});
export type QueriedEntity = z.infer<typeof QueriedEntity>;

/** The `golembase_queryEntities` result: a list, or `null` when nothing matched (Go nil slice). */
export const QueryEntitiesResult = z.array(z.unknown()).nullable();

/** `{key, value}` string annotation. */
export const StringAnnotation = z.object({key: z.string(), value: z.string()});
export type StringAnnotation = z.infer<typeof StringAnnotation>;

/** `{key, value}` numeric annotation (uint64 on chain). */
export const NumericAnnotation = z.object({key: z.string(), value: z.number().nonnegative()});
export type NumericAnnotation = z.infer<typeof NumericAnnotation>;

/**
 * `golembase_getEntityMetaData` result: `{expiresAtBlock, owner, stringAnnotations, numericAnnotations}` (newer
 * nodes add `createdAtBlock`, `lastModifiedAtBlock`, …, ignored here).
 */
export const EntityMetaData = z.object({
  expiresAtBlock: z.number().int().nonnegative(),
  owner: z.string(),
  stringAnnotations: z.array(z.unknown()).nullish(),
  numericAnnotations: z.array(z.unknown()).nullish(),
});
export type EntityMetaData = z.infer<typeof EntityMetaData>;

/** `EntityMetaData` whose every annotation is well formed: the common case, parsed in one pass. */
export const WellFormedEntityMetaData = EntityMetaData.extend({
  stringAnnotations: z.array(StringAnnotation).nullish(),
  numericAnnotations: z.array(NumericAnnotation).nullish(),
});

/** `eth_blockNumber` result: a hex quantity such as `"0x1b4"`. */
export const BlockNumberResult = z.string().regex(/^0x[0-9a-fA-F]{1,16}$/);
