/**
 * Spend over time: what the wallet's rentals cost per hour, per day and per VM. "Spent" here is consumption: what
 * vested to providers in the bucket (the contract vests linearly from a stream's start at its rate, reference §7.4)
 * plus the gas of the transactions in the bucket. Deposits, top-ups and refunds are cash flow, shown beside it.
 */
import type {LedgerMovement} from './ledger-types.js';

/** How much of one stream vested by the end of the period: linear from `startTime` at `ratePerSecondWei`, capped. */
export type StreamVesting = {
  readonly streamId: bigint;
  readonly vmName: string | null;
  /** unix seconds */
  readonly startTime: bigint;
  readonly ratePerSecondWei: bigint;
  /** Vested at the period's end (a terminated stream: deposit − refund), wei. */
  readonly vestedWei: bigint;
  /** ETH/USD (fixed18) golem priced the stream at when it paid; null/absent when unknown. */
  readonly ethUsdFixed18?: bigint | null | undefined;
};

/** One bucket of spend over time, `[startTime, endTime)` in unix seconds, amounts in wei. */
export type SpendBucket = {
  readonly label: string;
  readonly startTime: bigint;
  readonly endTime: bigint;
  /** Vested to providers in the bucket. */
  readonly vestedWei: bigint;
  readonly gasWei: bigint;
  /** vested + gas */
  readonly spentWei: bigint;
  readonly depositsWei: bigint;
  readonly topUpsWei: bigint;
  readonly refundsWei: bigint;
};

/** Spend of one VM (or of a stream that funds no VM golem knows, named `stream N`). */
export type VmSpend = {
  readonly vmName: string;
  readonly streamIds: readonly bigint[];
  readonly depositsWei: bigint;
  readonly topUpsWei: bigint;
  readonly refundsWei: bigint;
  readonly gasWei: bigint;
  readonly paidToProvidersWei: bigint;
  readonly vestedWei: bigint;
  /** vested + gas: what the VM has cost so far. */
  readonly spentWei: bigint;
  /** `spentWei` in USD (fixed18) at the prices golem paid at; null when a price is unknown. */
  readonly spentUsdFixed18: bigint | null;
};

const WEI_PER_ETH = 10n ** 18n;

/** `total + wei × ethUsd` in fixed18 USD; null once any part has no price. */
function addUsd(total: bigint | null, wei: bigint, ethUsdFixed18: bigint | null): bigint | null {
  return total === null || ethUsdFixed18 === null ? null : total + (wei * ethUsdFixed18) / WEI_PER_ETH;
}

/** Wei of `stream` vested by time `t` (unix seconds). */
export function vestedBy(stream: StreamVesting, t: bigint): bigint {
  if (t <= stream.startTime) return 0n;
  const linear = (t - stream.startTime) * stream.ratePerSecondWei;
  return linear < stream.vestedWei ? linear : stream.vestedWei;
}

const HOUR = 3600n;
const DAY = 86_400n;

function bucketLabel(start: bigint, unit: 'hour' | 'day'): string {
  const iso = new Date(Number(start) * 1000).toISOString();
  return unit === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00Z`;
}

/**
 * Splits `[from, to]` (unix seconds) into UTC hours or days and sums, per bucket, what vested and the gas and cash
 * flow of the movements in it. Buckets cover the whole range (empty ones included, so a chart shows idle days);
 * at most `maxBuckets` (the most recent are kept).
 *
 * @example
 * spendByTime(movements, streams, {unit: 'day', from: 1765065600n, to: 1765238399n}).map((b) => b.label)
 * // → ['2025-12-07', '2025-12-08']
 */
export function spendByTime(
  movements: readonly LedgerMovement[],
  streams: readonly StreamVesting[],
  {unit, from, to, maxBuckets = 2000}: {unit: 'hour' | 'day'; from: bigint; to: bigint; maxBuckets?: number},
): SpendBucket[] {
  const size = unit === 'day' ? DAY : HOUR;
  let first = (from / size) * size;
  const last = (to / size) * size;
  if (last - first > BigInt(maxBuckets - 1) * size) first = last - BigInt(maxBuckets - 1) * size;
  const buckets: SpendBucket[] = [];
  for (let start = first; start <= last; start += size) {
    const end = start + size;
    const inBucket = movements.filter((movement) => movement.timestamp >= start && movement.timestamp < end);
    const sum = (kind: LedgerMovement['kind']) =>
      inBucket.filter((movement) => movement.kind === kind).reduce((total, movement) => total + movement.amountWei, 0n);
    const vestedWei = streams.reduce((total, stream) => total + vestedBy(stream, end) - vestedBy(stream, start), 0n);
    const gasWei = inBucket.reduce((total, movement) => total + movement.gasWei, 0n);
    buckets.push({
      label: bucketLabel(start, unit),
      startTime: start,
      endTime: end,
      vestedWei,
      gasWei,
      spentWei: vestedWei + gasWei,
      depositsWei: sum('deposit'),
      topUpsWei: sum('top_up'),
      refundsWei: sum('refund'),
    });
  }
  return buckets;
}

/**
 * Totals per VM: the movements and vesting of every stream that funded it. A stream golem knows no VM for is its
 * own row (`stream 7`); movements with no stream (transfers, gas of non-stream transactions) are not a VM's.
 * Ordered by what each cost (most first).
 */
export function spendByVm(movements: readonly LedgerMovement[], streams: readonly StreamVesting[]): VmSpend[] {
  type Mutable = {-readonly [K in keyof VmSpend]: VmSpend[K]} & {streamIds: bigint[]};
  const rows = new Map<string, Mutable>();
  const row = (vmName: string | null, streamId: bigint): Mutable => {
    const key = vmName ?? `stream ${streamId}`;
    let found = rows.get(key);
    if (!found) {
      found = {vmName: key, streamIds: [], depositsWei: 0n, topUpsWei: 0n, refundsWei: 0n, gasWei: 0n, paidToProvidersWei: 0n, vestedWei: 0n, spentWei: 0n, spentUsdFixed18: 0n};
      rows.set(key, found);
    }
    if (!found.streamIds.includes(streamId)) found.streamIds.push(streamId);
    return found;
  };
  for (const movement of movements) {
    if (movement.streamId === null) continue;
    const target = row(movement.vmName, movement.streamId);
    target.gasWei += movement.gasWei;
    if (movement.gasWei > 0n) target.spentUsdFixed18 = addUsd(target.spentUsdFixed18, movement.gasWei, movement.ethUsdFixed18);
    if (movement.kind === 'deposit') target.depositsWei += movement.amountWei;
    if (movement.kind === 'top_up') target.topUpsWei += movement.amountWei;
    if (movement.kind === 'refund') target.refundsWei += movement.amountWei;
    if (movement.kind === 'withdrawn' || movement.kind === 'payout') target.paidToProvidersWei += movement.amountWei;
  }
  for (const stream of streams) {
    const target = row(stream.vmName, stream.streamId);
    target.vestedWei += stream.vestedWei;
    if (stream.vestedWei > 0n) target.spentUsdFixed18 = addUsd(target.spentUsdFixed18, stream.vestedWei, stream.ethUsdFixed18 ?? null);
  }
  for (const target of rows.values()) target.spentWei = target.vestedWei + target.gasWei;
  return [...rows.values()].sort((a, b) => (a.spentWei === b.spentWei ? a.vmName.localeCompare(b.vmName) : a.spentWei > b.spentWei ? -1 : 1));
}
