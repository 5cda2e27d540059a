import {describe, expect, it} from 'vitest';
import {spendByTime, spendByVm, vestedBy, type StreamVesting} from '../../../../source/services/ledger/spend-over-time.js';
import type {LedgerMovement} from '../../../../source/services/ledger/ledger-types.js';

const DAY = 86_400n;
const day0 = 1_765_065_600n; // 2025-12-07T00:00:00Z

function movement(kind: LedgerMovement['kind'], amountWei: bigint, timestamp: bigint, streamId: bigint | null, vmName: string | null, gasWei = 0n): LedgerMovement {
  return {kind, amountWei, gasWei, blockNumber: timestamp, timestamp, logIndex: 0, txHash: '0x01', streamId, vmName, counterparty: null, ethUsdFixed18: null};
}

describe('spend over time', () => {
  const web: StreamVesting = {streamId: 1n, vmName: 'web', startTime: day0 + DAY / 2n, ratePerSecondWei: 10n, vestedWei: 10n * DAY};
  const db: StreamVesting = {streamId: 2n, vmName: 'db', startTime: day0 + DAY, ratePerSecondWei: 1n, vestedWei: 3600n};

  it('vests linearly from the start at the rate, capped at what vested by the end', () => {
    expect(vestedBy(web, web.startTime)).toBe(0n);
    expect(vestedBy(web, web.startTime + 100n)).toBe(1000n);
    expect(vestedBy(web, web.startTime + 2n * DAY)).toBe(10n * DAY);
  });

  it('splits vesting and gas into UTC days, idle days included, and the buckets sum to the whole', () => {
    const movements = [
      movement('deposit', 2n * 10n * DAY, web.startTime, 1n, 'web', 50n),
      movement('refund', 10n * DAY, day0 + 2n * DAY, 1n, 'web', 30n),
    ];
    const buckets = spendByTime(movements, [web, db], {unit: 'day', from: day0, to: day0 + 3n * DAY});
    expect(buckets.map((bucket) => bucket.label)).toEqual(['2025-12-07', '2025-12-08', '2025-12-09', '2025-12-10']);
    expect(buckets.map((bucket) => bucket.vestedWei)).toEqual([5n * DAY, 5n * DAY + 3600n, 0n, 0n]);
    expect(buckets.map((bucket) => bucket.gasWei)).toEqual([50n, 0n, 30n, 0n]);
    expect(buckets[0]!.spentWei).toBe(5n * DAY + 50n);
    expect(buckets[2]!.refundsWei).toBe(10n * DAY);
    expect(buckets.reduce((sum, bucket) => sum + bucket.vestedWei, 0n)).toBe(web.vestedWei + db.vestedWei);
  });

  it('labels hours', () => {
    const buckets = spendByTime([], [db], {unit: 'hour', from: day0 + DAY, to: day0 + DAY + 3599n});
    expect(buckets).toHaveLength(1);
    expect(buckets[0]).toMatchObject({label: '2025-12-08T00:00Z', vestedWei: 3600n});
  });

  it('totals per VM, with a stream no VM is known for as its own row, most expensive first', () => {
    const movements = [
      movement('deposit', 1000n, day0, 1n, 'web', 5n),
      movement('top_up', 500n, day0 + 10n, 1n, 'web', 4n),
      movement('deposit', 100n, day0, 3n, null, 2n),
      movement('incoming', 9999n, day0, null, null),
    ];
    const rows = spendByVm(movements, [web, {streamId: 3n, vmName: null, startTime: day0, ratePerSecondWei: 1n, vestedWei: 40n}]);
    expect(rows.map((row) => [row.vmName, row.spentWei, row.depositsWei, row.topUpsWei, row.gasWei])).toEqual([
      ['web', 10n * DAY + 9n, 1000n, 500n, 9n],
      ['stream 3', 42n, 100n, 0n, 2n],
    ]);
  });
});
