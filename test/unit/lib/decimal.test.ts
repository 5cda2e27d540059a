import {describe, expect, it} from 'vitest';
import {formatFixed18, parseFixed18} from '../../../source/lib/decimal.js';

describe('parseFixed18', () => {
  it('case-03: parses decimal and exponent prices exactly, and junk as null (never NaN)', () => {
    expect(parseFixed18('0.5')).toBe(5n * 10n ** 17n);
    expect(parseFixed18('5')).toBe(5n * 10n ** 18n);
    expect(parseFixed18('1e-05')).toBe(10n ** 13n);
    expect(parseFixed18('1e30')).toBe(10n ** 48n);
    expect(parseFixed18(0.1)).toBe(10n ** 17n);
    for (const junk of ['', 'abc', undefined, null, '-1', 'NaN', 'Infinity', Number.NaN, {}, '1.2.3', '.']) {
      expect(parseFixed18(junk)).toBeNull();
    }
  });

  it('truncates digits below 10^-18', () => {
    expect(parseFixed18('0.0000000000000000019')).toBe(1n);
  });
});

describe('formatFixed18', () => {
  it('formats without floats, trimming zeros and rounding down', () => {
    expect(formatFixed18(1_500_000_000_000_000_000n)).toBe('1.5');
    expect(formatFixed18(10n ** 18n)).toBe('1');
    expect(formatFixed18(123_456_789n, 6)).toBe('0');
    expect(formatFixed18(10n ** 48n, 2)).toBe('1000000000000000000000000000000');
  });
});
