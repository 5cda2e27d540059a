import {describe, expect, it} from 'vitest';
import {streamState} from '../../../../source/services/streams/stream-state.js';
import {toStreamStatus} from '../../../../source/services/streams/stream-status.js';
import type {OnChainStream} from '../../../../source/services/types.js';

const ZERO = '0x0000000000000000000000000000000000000000';
const base: OnChainStream = {
  token: ZERO,
  sender: '0x1111111111111111111111111111111111111111',
  recipient: '0x2222222222222222222222222222222222222222',
  startTime: 1000n,
  stopTime: 1000n + 7200n,
  ratePerSecond: 5n,
  deposit: 36_000n,
  withdrawn: 0n,
  halted: false,
};
const at = (now: bigint, chain: Partial<OnChainStream> = {}) => toStreamStatus(1n, {...base, ...chain}, now);

describe('streamState', () => {
  it('is active while the runway is at least the minimum', () => {
    expect(streamState(at(1000n), 3600)).toBe('active');
    expect(streamState(at(1000n + 3600n), 3600)).toBe('active'); // exactly 3600 s left
  });

  it('needs a top-up once the runway is below the minimum', () => {
    expect(streamState(at(1000n + 3601n), 3600)).toBe('needs-top-up');
    expect(streamState(at(1000n + 7199n), 3600n)).toBe('needs-top-up');
  });

  it('is out of funds at and after stopTime', () => {
    expect(streamState(at(1000n + 7200n), 3600)).toBe('out-of-funds');
    expect(streamState(at(99_999n), 0)).toBe('out-of-funds');
  });

  it('is halted when the oracle halted it, whatever the runway', () => {
    expect(streamState(at(1000n, {halted: true}), 3600)).toBe('halted');
  });

  it('is terminated when the recipient is zero (terminate keeps stopTime and halted, reference §7.4)', () => {
    expect(streamState(at(1000n, {recipient: ZERO}), 3600)).toBe('terminated');
    expect(streamState(at(1000n, {recipient: ZERO, halted: true}), 3600)).toBe('terminated');
  });

  it('treats a minimum of 0 as "active until it runs out"', () => {
    expect(streamState(at(1000n + 7199n), 0)).toBe('active');
  });
});
