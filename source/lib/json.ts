/**
 * BigInt-safe JSON. Every bigint (wei, stream ids, timestamps from the chain) is written as a decimal string,
 * so `JSON.stringify` never throws on viem results and `jq` never sees a number above 2^53 (case-24).
 */

/** Serialises `value` with bigints as decimal strings; `indent` defaults to 2 spaces like the reference. */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent);
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
