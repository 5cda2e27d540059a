import {describe, expect, it} from 'vitest';
import {computeWalletRunway} from '../../../../source/services/ledger/wallet-runway.js';

const policy = {enabled: true, minRemainingSeconds: 3600, targetSeconds: 7200};
const HOUR = 3600n;

describe('the wallet runway at the monitor policy', () => {
  it('is null when no stream runs', () => {
    expect(computeWalletRunway({balanceWei: 1n, gasPerTopUpWei: 0n, streams: [], policy, horizonSeconds: 0})).toBeNull();
  });

  it('with the monitor off, is the shortest stream\'s remaining time', () => {
    const runway = computeWalletRunway({
      balanceWei: 10n ** 18n, gasPerTopUpWei: 0n, horizonSeconds: 86_400, policy: {...policy, enabled: false},
      streams: [{streamId: 1n, vmName: 'web', remainingSeconds: 5000n, ratePerSecondWei: 1n}, {streamId: 2n, vmName: 'db', remainingSeconds: 900n, ratePerSecondWei: 1n}],
    });
    expect(runway).toMatchObject({runwaySeconds: 900n, firstDry: 'db', isBelowHorizon: true, isMonitorOn: false, streamCount: 2, burnRatePerSecondWei: 2n});
  });

  it('counts every top-up the balance can pay, with its gas, then the remaining time of the refused stream', () => {
    // One stream at 1 wei/s with 2 h left: first top-up due in 1 h (to 2 h: 3600 wei + 100 gas), then every hour.
    // 10 000 wei pays 2 top-ups (7400), the third (at 3 h) is refused: the stream runs dry 1 h later, at 4 h.
    const runway = computeWalletRunway({
      balanceWei: 10_000n, gasPerTopUpWei: 100n, horizonSeconds: 72 * 3600, policy,
      streams: [{streamId: 1n, vmName: 'web', remainingSeconds: 2n * HOUR, ratePerSecondWei: 1n}],
    });
    expect(runway).toMatchObject({runwaySeconds: 4n * HOUR, isAtLeast: false, firstDry: 'web', isBelowHorizon: true});
  });

  it('three VMs share the wallet: the runway shrinks with the total rate', () => {
    const streams = [1n, 2n, 3n].map((streamId) => ({streamId, vmName: `vm-${streamId}`, remainingSeconds: 2n * HOUR, ratePerSecondWei: 1000n}));
    const one = computeWalletRunway({balanceWei: 10n ** 9n, gasPerTopUpWei: 1000n, horizonSeconds: 0, policy, streams: streams.slice(0, 1)})!;
    const three = computeWalletRunway({balanceWei: 10n ** 9n, gasPerTopUpWei: 1000n, horizonSeconds: 0, policy, streams})!;
    expect(three.runwaySeconds * 3n).toBeGreaterThan(one.runwaySeconds - 4n * HOUR);
    expect(three.runwaySeconds).toBeLessThan(one.runwaySeconds);
    // 1e9 wei ≈ 277 h of one stream at 1000 wei/s: ≈ 92 h for three.
    expect(Number(three.runwaySeconds / HOUR)).toBeGreaterThanOrEqual(90);
    expect(Number(three.runwaySeconds / HOUR)).toBeLessThanOrEqual(95);
  });

  it('says "at least" beyond the bound and never warns then', () => {
    const runway = computeWalletRunway({
      balanceWei: 10n ** 30n, gasPerTopUpWei: 1n, horizonSeconds: 10 ** 9, policy, maxSeconds: 1000n * HOUR,
      streams: [{streamId: 1n, vmName: null, remainingSeconds: 2n * HOUR, ratePerSecondWei: 1n}],
    });
    expect(runway).toMatchObject({runwaySeconds: 1000n * HOUR, isAtLeast: true, isBelowHorizon: false, firstDry: 'stream 1'});
  });
});
