import {describe, expect, it} from 'vitest';
import {meter} from '../../../source/ui/meter.js';

describe('meter', () => {
  it('fills in proportion, rounded down, within empty and full', () => {
    expect(meter(6600n, 7200n)).toBe('█████████░');
    expect(meter(0n, 7200n)).toBe('░░░░░░░░░░');
    expect(meter(9000n, 7200n)).toBe('██████████');
    expect(meter(2, 4, 4)).toBe('██░░');
  });

  it('shows any positive value as at least one cell, and an empty bar without a total', () => {
    expect(meter(1n, 10n ** 18n)).toBe('█░░░░░░░░░');
    expect(meter(5n, 0n)).toBe('░░░░░░░░░░');
    expect(meter(-3, 10)).toBe('░░░░░░░░░░');
  });
});
