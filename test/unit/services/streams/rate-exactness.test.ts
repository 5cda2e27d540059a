import {describe, expect, it} from 'vitest';
import {estimateCost} from '../../../../source/services/providers/pricing.js';
import {ratePerSecondWei, SECONDS_PER_MONTH} from '../../../../source/services/streams/stream-math.js';

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

describe('monthly USD → wei/s (design.md "Rate")', () => {
  it('is the exact floor of usdPerMonth × 10^18 / (ethUsd × 2,628,000) for many prices, and never 0', () => {
    const usd = randomBigints(7, 10_000n * E18);
    const eth = randomBigints(11, 1_000_000n * E18);
    for (let index = 0; index < 2000; index++) {
      const usdPerMonthFixed18 = usd.next().value;
      const ethUsdFixed18 = eth.next().value;
      const rate = ratePerSecondWei({usdPerMonthFixed18, ethUsdFixed18});
      expect(rate).toBeGreaterThan(0n);
      // Wei per month is exactly usdPerMonth/ethUsd ETH, rounded down to whole wei/s (or 1 wei/s when below).
      const weiPerMonthNumerator = usdPerMonthFixed18 * E18;
      const denominator = ethUsdFixed18 * SECONDS_PER_MONTH;
      if (weiPerMonthNumerator >= denominator) {
        expect(rate * denominator).toBeLessThanOrEqual(weiPerMonthNumerator);
        expect((rate + 1n) * denominator).toBeGreaterThan(weiPerMonthNumerator);
      } else {
        expect(rate).toBe(1n);
      }
    }
  });

  it('prices a cheap VM at an extreme ETH price at 1 wei/s rather than 0 (the contract reverts rate=0)', () => {
    const estimate = estimateCost(
      {usdPerCoreMonth: 1n, usdPerGbRamMonth: 1n, usdPerGbStorageMonth: 1n},
      {cpu: 1, memory: 1, storage: 10},
      10n ** 40n,
    );
    expect(estimate?.ratePerSecondWei).toBe(1n);
    expect(estimate?.weiPerHour).toBe(3600n);
  });
});
