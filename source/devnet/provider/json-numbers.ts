/**
 * JSON writer that emits bigints as bare JSON numbers (raw digits), the way the real provider (Python) sends wei
 * values on `/vms/{name}/stream` — numbers that routinely exceed 2^53 (reference §4.9). Clients must parse them
 * without going through a float; the devnet sends them like that so that this path is exercised.
 */

/**
 * Serialises `value` compactly: bigints as digits, non-finite numbers as `null`, `undefined` and functions
 * dropped from objects (as `JSON.stringify` does).
 *
 * @example
 * toJsonWithBigIntNumbers({deposit: 10n ** 20n}) // → '{"deposit":100000000000000000000}'
 */
export function toJsonWithBigIntNumbers(value: unknown): string {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item) => toJsonWithBigIntNumbers(item ?? null)).join(',')}]`;
      const fields = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined && typeof item !== 'function')
        .map(([key, item]) => `${JSON.stringify(key)}:${toJsonWithBigIntNumbers(item)}`);
      return `{${fields.join(',')}}`;
    }
    default:
      return 'null';
  }
}
