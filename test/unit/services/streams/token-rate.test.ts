import {describe, expect, it} from 'vitest';
import {depositWei, ratePerSecondWei, SECONDS_PER_MONTH} from '../../../../source/services/streams/stream-math.js';

const E18 = 10n ** 18n;

/** A deterministic pseudo-random bigint in [1, max] (xorshift), so failures reproduce. */
function* randomBigints(seed: number, max: bigint): Generator<bigint> {
  let state = seed;
  for (;;) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const high = BigInt(state >>> 0);
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    yield ((high << 32n) | BigInt(state >>> 0)) % max + 1n;
  }
}

describe('monthly USD → token units/s for ERC20 streams (reference §6.7)', () => {
  it.each([18, 6])('is the exact floor of usdPerMonth × 10^%i / (tokenUsd × 2,628,000), never 0', (decimals) => {
    const usd = randomBigints(13 + decimals, 10_000n * E18);
    const price = randomBigints(17 + decimals, 1_000n * E18);
    const unit = 10n ** BigInt(decimals);
    for (let index = 0; index < 2000; index++) {
      const usdPerMonthFixed18 = usd.next().value;
      const tokenUsdFixed18 = price.next().value;
      const rate = ratePerSecondWei({usdPerMonthFixed18, tokenUsdFixed18, decimals});
      const numerator = usdPerMonthFixed18 * unit;
      const denominator = tokenUsdFixed18 * SECONDS_PER_MONTH;
      if (numerator >= denominator) {
        expect(rate * denominator).toBeLessThanOrEqual(numerator);
        expect((rate + 1n) * denominator).toBeGreaterThan(numerator);
      } else {
        expect(rate).toBe(1n);
      }
    }
  });

  it('pins examples: 8 USD/month at 0.25 USD per token, 18 and 6 decimals', () => {
    // 32 tokens per month: 32 × 10^18 / 2,628,000 = 12,176,560,121,765.6… → floor.
    expect(ratePerSecondWei({usdPerMonthFixed18: 8n * E18, tokenUsdFixed18: E18 / 4n, decimals: 18})).toBe(12_176_560_121_765n);
    // 32 × 10^6 / 2,628,000 = 12.17… → 12 units/s (a 6-decimal token keeps only 6 digits).
    expect(ratePerSecondWei({usdPerMonthFixed18: 8n * E18, tokenUsdFixed18: E18 / 4n, decimals: 6})).toBe(12n);
    expect(depositWei(12n, 1)).toBe(43_200n);
    // A cheap VM in a 6-decimal token still streams 1 unit/s rather than 0 (the contract reverts rate=0).
    expect(ratePerSecondWei({usdPerMonthFixed18: 1n, tokenUsdFixed18: E18, decimals: 6})).toBe(1n);
  });

  it('decimals default to 18 and the ETH form is unchanged', () => {
    const parameters = {usdPerMonthFixed18: 22n * E18};
    expect(ratePerSecondWei({...parameters, ethUsdFixed18: 2000n * E18})).toBe(4_185_692_541n);
    expect(ratePerSecondWei({...parameters, tokenUsdFixed18: 2000n * E18})).toBe(4_185_692_541n);
  });

  it('refuses a non-positive token price or impossible decimals', () => {
    expect(() => ratePerSecondWei({usdPerMonthFixed18: E18, tokenUsdFixed18: 0n, decimals: 18})).toThrow(/token\/USD price must be positive/);
    expect(() => ratePerSecondWei({usdPerMonthFixed18: E18, tokenUsdFixed18: E18, decimals: -1})).toThrow(/decimals must be a whole number/);
    expect(() => ratePerSecondWei({usdPerMonthFixed18: E18, tokenUsdFixed18: E18, decimals: 1.5})).toThrow(/decimals must be a whole number/);
  });
});
