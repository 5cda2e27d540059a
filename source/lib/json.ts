/**
 * BigInt-safe JSON. Every bigint (wei, stream ids, timestamps from the chain) is written as a decimal string,
 * so `JSON.stringify` never throws on viem results and `jq` never sees a number above 2^53 (case-24).
 */

/**
 * Serialises `value` with bigints as decimal strings; `indent` defaults to 2 spaces like the reference. With
 * `renameKey`, every object key is written as `renameKey(key)` in the same pass (golem's `--json` documents:
 * snake_case) — an object whose keys all stay as they are is not copied, so a list of 1,000 rows costs one walk.
 */
export function toJson(value: unknown, indent = 2, renameKey?: (key: string) => string): string {
  return JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (typeof item === 'bigint') return item.toString();
      if (renameKey === undefined || item === null || typeof item !== 'object' || Array.isArray(item)) return item;
      return withRenamedKeys(item as Record<string, unknown>, renameKey);
    },
    indent,
  );
}

/** `object` itself when `renameKey` keeps every own enumerable key, else a copy with the keys renamed (order kept). */
function withRenamedKeys(object: Record<string, unknown>, renameKey: (key: string) => string): Record<string, unknown> {
  for (const key in object) {
    if (Object.hasOwn(object, key) && renameKey(key) !== key) {
      return Object.fromEntries(Object.keys(object).map((each) => [renameKey(each), object[each]]));
    }
  }
  return object;
}

/**
 * Describes any thrown value as one line without ever throwing itself (error handlers call it, case-24).
 */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return error.message;
    return typeof error === 'string' ? error : toJson(error, 0);
  } catch {
    return String(error);
  }
}
