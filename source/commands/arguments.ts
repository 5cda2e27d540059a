import {InvalidInputError} from '../errors.js';

/** The VM NAME positional argument; throws `InvalidInputError` (with `hint`, when given) if it is missing. */
export function requireVmName(args: readonly string[], hint?: string): string {
  const [name] = args;
  if (!name) throw new InvalidInputError({issues: ['Give the VM NAME.'], hint});
  return name;
}

/**
 * A stream id flag: a whole number ≥ 1 given as text (ids are uint256, beyond 2^53 in principle). Throws
 * `InvalidInputError` naming the flag and what was typed.
 */
export function parseStreamId(text: string): bigint {
  if (!/^\d+$/.test(text) || BigInt(text) < 1n) {
    throw new InvalidInputError({issues: [`--stream-id must be a positive whole number, got '${text}'.`]});
  }
  return BigInt(text);
}
