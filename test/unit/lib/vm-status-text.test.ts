import {describe, expect, it} from 'vitest';
import {formatAge, vmStatusText, vmStatusWord} from '../../../source/lib/vm-status-text.js';

const now = Date.parse('2026-12-07T20:05:00.000Z');

describe('VM status text (issue 11: status is a fact with a date)', () => {
  it('shows a confirmed status as it is', () => {
    const vm = {status: 'running', confirmedAt: '2026-12-07T20:04:59.000Z', unreachableSince: null, notFoundAt: null};
    expect(vmStatusWord(vm)).toBe('running');
    expect(vmStatusText(vm, now)).toBe('running');
  });

  it('never shows a stale running: an unreachable provider shows the last confirmed state and its age', () => {
    const vm = {status: 'running', confirmedAt: '2026-12-07T20:00:00.000Z', unreachableSince: '2026-12-07T20:03:00.000Z'};
    expect(vmStatusWord(vm)).toBe('unreachable');
    expect(vmStatusText(vm, now)).toBe('unreachable (last seen running 5 min ago)');
    expect(vmStatusText({status: 'running', confirmedAt: null, unreachableSince: '2026-12-07T20:03:00.000Z'}, now)).toBe('unreachable (never confirmed)');
  });

  it('shows one unconfirmed "not found" as missing, not deleted', () => {
    const vm = {status: 'running', confirmedAt: '2026-12-07T18:00:00.000Z', notFoundAt: '2026-12-07T20:04:00.000Z'};
    expect(vmStatusText(vm, now)).toBe('missing (last seen running 2 h ago)');
  });

  it('rounds ages down in s, min, h, d', () => {
    expect([formatAge(59_999), formatAge(60_000), formatAge(3_599_999), formatAge(3_600_000), formatAge(86_400_000 * 3), formatAge(-5)]).toEqual([
      '59 s',
      '1 min',
      '59 min',
      '1 h',
      '3 d',
      '0 s',
    ]);
  });
});
