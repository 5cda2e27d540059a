import {describe, expect, it} from 'vitest';
import {parseFixed18} from '../../../../source/lib/decimal.js';
import {estimateCost} from '../../../../source/services/providers/pricing.js';

const usd = (text: string) => parseFixed18(text)!;

describe('stream pricing (design.md money rules, reference §6)', () => {
  it('prices 2 CPU / 4 GB / 20 GB at 6.0 / 2.0 / 0.1 USD as 22 USD a month (reference pinned example)', () => {
    const estimate = estimateCost(
      {usdPerCoreMonth: usd('6.0'), usdPerGbRamMonth: usd('2.0'), usdPerGbStorageMonth: usd('0.1')},
      {cpu: 2, memory: 4, storage: 20},
      usd('3000'),
    );
    expect(estimate).toEqual({
      usdPerMonth: usd('22'),
      usdPerHour: usd('22') / 730n,
      ratePerSecondWei: 2_790_461_694n,
      weiPerHour: 2_790_461_694n * 3600n,
    });
  });

  it('case-03: a provider with any missing/junk unit price gets no estimate; a huge price stays exact', () => {
    const spec = {cpu: 1, memory: 1, storage: 10};
    expect(estimateCost({usdPerCoreMonth: null, usdPerGbRamMonth: usd('1'), usdPerGbStorageMonth: usd('1')}, spec, usd('3000'))).toBeNull();
    const huge = estimateCost({usdPerCoreMonth: usd('1e30'), usdPerGbRamMonth: usd('0'), usdPerGbStorageMonth: usd('0')}, spec, usd('3000'));
    expect(huge?.usdPerMonth).toBe(10n ** 48n);
    expect(typeof huge?.ratePerSecondWei).toBe('bigint');
  });

});
