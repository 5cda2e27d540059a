import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {capPrng, deriveSeededPairs} from '../../../../source/adapters/faucet/cap-prng.js';
import {solvePairs} from '../../../../source/adapters/faucet/pow-solver.js';
import {CancelledError} from '../../../../source/errors.js';

/** An independent formulation of Cap's PRNG: FNV-1a 32 with Math.imul by the FNV prime, then xorshift32. */
function referencePrng(seed: string, length: number): string {
  let hash = 0x811c9dc5;
  for (const unit of Array.from({length: seed.length}, (_, index) => seed.charCodeAt(index))) {
    hash = Math.imul(hash ^ unit, 16_777_619) >>> 0;
  }
  let out = '';
  let state = hash;
  while (out.length < length) {
    state = (state ^ (state << 13)) >>> 0;
    state = (state ^ (state >>> 17)) >>> 0;
    state = (state ^ (state << 5)) >>> 0;
    out += state.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

describe('capPrng', () => {
  it.each(['', 'a', 'token1', 'token1d', 'ünïcödé-🙂', 'f'.repeat(200)])('agrees with FNV-1a × prime + xorshift32 for %j', (seed) => {
    expect(capPrng(seed, 37)).toBe(referencePrng(seed, 37));
    expect(capPrng(seed, 37)).toMatch(/^[0-9a-f]{37}$/);
  });

  it('derives pairs numbered from 1, salt from token+i, target from token+i+"d"', () => {
    const pairs = deriveSeededPairs('abc', {c: 3, s: 32, d: 4});
    expect(pairs).toEqual([
      [referencePrng('abc1', 32), referencePrng('abc1d', 4)],
      [referencePrng('abc2', 32), referencePrng('abc2d', 4)],
      [referencePrng('abc3', 32), referencePrng('abc3d', 4)],
    ]);
  });
});

describe('solvePairs', () => {
  it('finds the smallest nonce of every pair in worker threads, odd-length targets included', async () => {
    const pairs = deriveSeededPairs('solver', {c: 6, s: 32, d: 3});
    pairs.push(['00112233445566778899aabbccddeeff', 'a']);
    const progress: number[] = [];
    const nonces = await solvePairs(pairs, {workers: 2, onProgress: (solved) => progress.push(solved)});
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
    pairs.forEach(([salt, target], index) => {
      const hash = (nonce: number) => createHash('sha256').update(`${salt}${nonce}`).digest('hex');
      expect(hash(nonces[index]!).startsWith(target)).toBe(true);
      for (let smaller = 0; smaller < nonces[index]!; smaller++) expect(hash(smaller).startsWith(target)).toBe(false);
    });
  });

  it('stops the workers when aborted', async () => {
    const controller = new AbortController();
    // Eight hex digits: ~4 billion hashes per pair, far longer than the test; only the abort ends it.
    const pending = solvePairs([['salt', '00000000']], {signal: controller.signal, workers: 1});
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });
});
