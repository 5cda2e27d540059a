/**
 * Cap's seeded challenges (Cap ≥ 2, reference §9 "newer Cap releases"): the server sends only `{c, s, d}` and a
 * token; client and server derive the same pairs from the token with a small 32-bit PRNG — an FNV-1a hash of the
 * seed string feeding a xorshift32 generator whose outputs are written as 8 hex digits each. Pair `i` (1-based) is
 * `salt = prng(token + i, s)`, `target = prng(token + i + 'd', d)`.
 */
import type {CapPair} from '../../services/wallet/faucet-port.js';

/** FNV-1a (32 bit) of the UTF-16 code units of `text`; the multiply by the FNV prime is written as shifts. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    // × 16777619 (2^24 + 2^8 + 0x93) mod 2^32, as Cap computes it.
    hash += (hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24);
  }
  return hash >>> 0;
}

/**
 * `length` lower-case hex digits from Cap's PRNG seeded with `seed` (xorshift32: `x ^= x << 13; x ^= x >>> 17;
 * x ^= x << 5`, each output zero-padded to 8 hex digits, the concatenation cut to `length`).
 *
 * @example
 * capPrng('token1', 32) // the salt of pair 1 of a seeded challenge whose token is 'token'
 */
export function capPrng(seed: string, length: number): string {
  let state = fnv1a32(seed);
  let result = '';
  while (result.length < length) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    result += (state >>> 0).toString(16).padStart(8, '0');
  }
  return result.slice(0, length);
}

/**
 * The pairs of a seeded challenge `{c: count, s: salt length, d: target length}` issued with `token`, in order
 * (pair numbers 1…c).
 *
 * @example
 * deriveSeededPairs('a1b2', {c: 50, s: 32, d: 4}) // → 50 [salt, target] pairs
 */
export function deriveSeededPairs(token: string, {c, s, d}: {c: number; s: number; d: number}): CapPair[] {
  return Array.from({length: c}, (_, index) => {
    const number = index + 1;
    return [capPrng(`${token}${number}`, s), capPrng(`${token}${number}d`, d)] as const;
  });
}
