import {describe, expect, it} from 'vitest';
import {computeLayout} from '../../../source/ui/layout.js';

describe('computeLayout', () => {
  it('gives the port forwards their own status line only when some run and the terminal is tall enough (issue 12, case-33)', () => {
    const base = {columns: 80, notice: null, problem: null};
    const without = computeLayout({...base, rows: 24});
    const withForwards = computeLayout({...base, rows: 24, hasForwards: true});
    expect(without.forwardLines).toBe(0);
    expect(withForwards.forwardLines).toBe(1);
    // The line comes out of the body, so the frame still fits the terminal.
    expect(withForwards.bodyRows).toBe(without.bodyRows - 1);
    expect(computeLayout({...base, rows: 15, hasForwards: true}).forwardLines).toBe(0);
    expect(computeLayout({...base, rows: 10, hasForwards: true})).toMatchObject({showStatus: false, forwardLines: 0});
  });
});
