import {describe, expect, it} from 'vitest';
import {formatDuration, formatEth} from '../../../source/lib/format.js';

describe('formatEth', () => {
  it('rounds down and never shows a positive amount as 0 ETH', () => {
    expect(formatEth(1_234_567_890_000_000n)).toBe('0.001234 ETH');
    expect(formatEth(0n)).toBe('0 ETH');
    expect(formatEth(10_000_000_000n, 8)).toBe('0.00000001 ETH');
    expect(formatEth(9_999_999_999n, 8)).toBe('< 0.00000001 ETH');
  });
});

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(3599n)).toBe('59m 59s');
    expect(formatDuration(7200)).toBe('2h 00m');
    expect(formatDuration(-5)).toBe('0s');
  });
});
