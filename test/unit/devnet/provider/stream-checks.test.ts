import {zeroAddress, type Address} from 'viem';
import {describe, expect, it} from 'vitest';
import {
  checkStreamForCreate,
  checkStreamRunway,
  computeStreamStatus,
  type ChainStream,
} from '../../../../source/devnet/provider/stream-checks.js';

const PROVIDER: Address = '0xAbCdEf0123456789aBcDeF0123456789AbCdEf01';

const stream = (overrides: Partial<ChainStream> = {}): ChainStream => ({
  token: zeroAddress,
  sender: '0x1111111111111111111111111111111111111111',
  recipient: PROVIDER.toLowerCase() as Address,
  startTime: 100n,
  stopTime: 300n,
  ratePerSecond: 2n,
  deposit: 400n,
  withdrawn: 50n,
  halted: false,
  ...overrides,
});

describe('devnet provider stream checks', () => {
  it('accepts a started, funded, live stream paying this provider (recipient compared case-insensitively)', () => {
    expect(checkStreamForCreate({stream: stream(), now: 200n}, PROVIDER)).toBe('ok');
  });

  it('gives the reference reasons for refusing a stream at create (§4.2)', () => {
    expect(checkStreamForCreate({stream: stream({recipient: '0x2222222222222222222222222222222222222222'}), now: 200n}, PROVIDER)).toBe('recipient mismatch');
    expect(checkStreamForCreate({stream: stream({recipient: zeroAddress}), now: 200n}, PROVIDER)).toBe('recipient mismatch');
    expect(checkStreamForCreate({stream: stream({deposit: 0n}), now: 200n}, PROVIDER)).toBe('no deposit');
    expect(checkStreamForCreate({stream: stream({startTime: 201n}), now: 200n}, PROVIDER)).toBe('stream not started');
    expect(checkStreamForCreate({stream: stream({halted: true}), now: 200n}, PROVIDER)).toBe('stream halted');
  });

  it('refuses a stream in another token than the provider asks for (ERC20 providers, reference §6.7)', () => {
    const TOKEN = '0x3333333333333333333333333333333333333333';
    expect(checkStreamForCreate({stream: stream(), now: 200n}, PROVIDER, TOKEN)).toBe('token mismatch');
    expect(checkStreamForCreate({stream: stream({token: TOKEN}), now: 200n}, PROVIDER, TOKEN)).toBe('ok');
    expect(checkStreamForCreate({stream: stream({token: TOKEN}), now: 200n}, PROVIDER)).toBe('token mismatch');
  });

  it('says whether a running VM is still paid for (§8.3 plus terminated streams)', () => {
    expect(checkStreamRunway({stream: stream(), now: 299n}, PROVIDER)).toBe('ok');
    expect(checkStreamRunway({stream: stream(), now: 300n}, PROVIDER)).toBe('stream ran dry');
    expect(checkStreamRunway({stream: stream({recipient: zeroAddress}), now: 200n}, PROVIDER)).toBe('stream terminated');
    expect(checkStreamRunway({stream: stream({halted: true}), now: 200n}, PROVIDER)).toBe('stream halted');
    expect(checkStreamRunway({stream: stream({recipient: zeroAddress, deposit: 0n}), now: 200n}, PROVIDER)).toBe('recipient mismatch');
  });

  it('computes the pinned status example of reference §6.6, with vested capped at the deposit', () => {
    expect(computeStreamStatus(stream(), 200n)).toEqual({now: 200n, remaining_seconds: 100n, vested_wei: 200n, withdrawable_wei: 150n});
    expect(computeStreamStatus(stream({deposit: 150n}), 200n)).toMatchObject({vested_wei: 150n, withdrawable_wei: 100n});
    expect(computeStreamStatus(stream(), 1_000n)).toMatchObject({remaining_seconds: 0n, vested_wei: 400n});
    expect(computeStreamStatus(stream(), 50n)).toMatchObject({remaining_seconds: 250n, vested_wei: 0n, withdrawable_wei: 0n});
  });
});
