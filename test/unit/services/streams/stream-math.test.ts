import type {Address} from 'viem';
import {describe, expect, it} from 'vitest';
import {computeStream, depositWei, ratePerSecondWei} from '../../../../source/services/streams/stream-math.js';
import {InvalidInputError} from '../../../../source/errors.js';
import type {OnChainStream} from '../../../../source/services/types.js';

const ZERO: Address = '0x0000000000000000000000000000000000000000';
const RECIPIENT: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const ETH = 10n ** 18n;

function stream(overrides: Partial<OnChainStream> = {}): OnChainStream {
  return {
    token: ZERO,
    sender: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    recipient: RECIPIENT,
    startTime: 100n,
    stopTime: 300n,
    ratePerSecond: 2n,
    deposit: 400n,
    withdrawn: 50n,
    halted: false,
    ...overrides,
  };
}

describe('computeStream (reference §6.6, vested capped as on chain §7.4)', () => {
  it('matches the pinned provider example: start 100, stop 300, rate 2, withdrawn 50, now 200', () => {
    expect(computeStream(stream(), 200n)).toEqual({now: 200n, remainingSeconds: 100n, vestedWei: 200n, withdrawableWei: 150n});
  });

  it('vests nothing before the start and stops vesting at stopTime', () => {
    expect(computeStream(stream({withdrawn: 0n}), 50n)).toEqual({now: 50n, remainingSeconds: 250n, vestedWei: 0n, withdrawableWei: 0n});
    expect(computeStream(stream(), 1000n)).toEqual({now: 1000n, remainingSeconds: 0n, vestedWei: 400n, withdrawableWei: 350n});
  });

  it('caps vested at the deposit', () => {
    // A late top-up made stopTime 500 but the deposit only covers 150 s of the 400 s span.
    const computed = computeStream(stream({stopTime: 500n, deposit: 300n, withdrawn: 0n}), 450n);
    expect(computed.vestedWei).toBe(300n);
    expect(computed.withdrawableWei).toBe(300n);
  });

  it('never reports negative withdrawable', () => {
    expect(computeStream(stream({withdrawn: 400n}), 200n).withdrawableWei).toBe(0n);
  });

  it('has no remaining time or withdrawable once terminated (recipient zero)', () => {
    const computed = computeStream(stream({recipient: ZERO}), 200n);
    expect(computed.remainingSeconds).toBe(0n);
    expect(computed.withdrawableWei).toBe(0n);
  });

  it('has no remaining time when halted', () => {
    expect(computeStream(stream({halted: true, stopTime: 150n}), 200n)).toEqual({
      now: 200n,
      remainingSeconds: 0n,
      vestedWei: 100n,
      withdrawableWei: 50n,
    });
  });

  it('reads an unknown id (all zeros) as nothing', () => {
    const empty = stream({sender: ZERO, recipient: ZERO, startTime: 0n, stopTime: 0n, ratePerSecond: 0n, deposit: 0n, withdrawn: 0n});
    expect(computeStream(empty, 200n)).toEqual({now: 200n, remainingSeconds: 0n, vestedWei: 0n, withdrawableWei: 0n});
  });
});

describe('ratePerSecondWei (USD/month ÷ ETH/USD ÷ 2,628,000 s, floor, never 0)', () => {
  it('converts $22/month at $2000/ETH', () => {
    // 22 / 2000 ETH per month = 0.011 ETH = 1.1e16 wei; / 2_628_000 s = 4_185_692_541.8… → floor.
    expect(ratePerSecondWei({usdPerMonthFixed18: 22n * ETH, ethUsdFixed18: 2000n * ETH})).toBe(4_185_692_541n);
  });

  it('is exact for a price that divides evenly', () => {
    // 2628 USD/month at 1 USD/ETH = 2628 ETH/month = 1e15 wei/s.
    expect(ratePerSecondWei({usdPerMonthFixed18: 2628n * ETH, ethUsdFixed18: ETH})).toBe(10n ** 15n);
  });

  it('rounds a sub-wei rate up to 1 wei/s, never 0', () => {
    expect(ratePerSecondWei({usdPerMonthFixed18: 1n, ethUsdFixed18: 1_000_000n * ETH})).toBe(1n);
  });

  it('refuses non-positive prices', () => {
    expect(() => ratePerSecondWei({usdPerMonthFixed18: 0n, ethUsdFixed18: ETH})).toThrow(InvalidInputError);
    expect(() => ratePerSecondWei({usdPerMonthFixed18: ETH, ethUsdFixed18: -1n})).toThrowErrorMatchingInlineSnapshot(
      `[InvalidInputError: The ETH/USD price must be positive, got -1 (fixed18 USD).]`,
    );
  });
});

describe('depositWei (rate × hours × 3600, reference §6.4)', () => {
  it('buys exactly the hours asked for', () => {
    expect(depositWei(2n, 3)).toBe(21_600n);
    expect(depositWei(4_185_692_541n, 1n)).toBe(15_068_493_147_600n);
  });

  it('refuses zero, negative or fractional hours and a zero rate', () => {
    expect(() => depositWei(2n, 0)).toThrow(InvalidInputError);
    expect(() => depositWei(2n, -1n)).toThrow(InvalidInputError);
    expect(() => depositWei(2n, 1.5)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidInputError: Hours must be a positive whole number, got 1.5.]`,
    );
    expect(() => depositWei(0n, 1)).toThrow(InvalidInputError);
  });
});
