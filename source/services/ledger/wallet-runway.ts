/**
 * The wallet's runway: how long the wallet can keep every running stream funded when the auto top-up monitor tops
 * each one up from below `minRemainingSeconds` to `targetSeconds` (config `monitor`, reference §8.2 with golem's
 * hysteresis), paying the gas of each top-up. Pure bigint arithmetic, no I/O.
 */

/** A stream the wallet keeps funded: what is left of it now and its rate. */
export type RunwayStream = {
  readonly streamId: bigint;
  readonly vmName: string | null;
  /** Seconds of deposit left at chain time now. */
  readonly remainingSeconds: bigint;
  readonly ratePerSecondWei: bigint;
};

/** Parameters of {@link computeWalletRunway}. */
export type WalletRunwayParameters = {
  /** What the wallet may spend on top-ups, wei (its balance). */
  readonly balanceWei: bigint;
  /** Upper bound of one top-up's gas, wei. */
  readonly gasPerTopUpWei: bigint;
  readonly streams: readonly RunwayStream[];
  /** The monitor's policy: on/off, top up below `minRemainingSeconds` to `targetSeconds` (seconds). */
  readonly policy: {readonly enabled: boolean; readonly minRemainingSeconds: number; readonly targetSeconds: number};
  /** Warn when the runway is shorter than this many seconds (the user's horizon). */
  readonly horizonSeconds: number;
  /** Longest runway worked out; beyond it the answer is "at least". @default 365 days */
  readonly maxSeconds?: bigint | undefined;
};

/** The runway, or null when no stream is running. */
export type WalletRunway = {
  /** Seconds until the first running stream runs dry (its top-up can no longer be paid), at most `maxSeconds`. */
  readonly runwaySeconds: bigint;
  /** True when the wallet lasts at least `maxSeconds` (`runwaySeconds` is then that bound). */
  readonly isAtLeast: boolean;
  readonly streamCount: number;
  /** Σ rate of the running streams, wei per second. */
  readonly burnRatePerSecondWei: bigint;
  /** The VM (or `stream N`) that runs dry first. */
  readonly firstDry: string;
  readonly horizonSeconds: number;
  /** The runway ends before the user's horizon. */
  readonly isBelowHorizon: boolean;
  /** Whether top-ups are counted (the monitor is on). */
  readonly isMonitorOn: boolean;
};

const YEAR = 365n * 86_400n;

/**
 * Works out the runway. With the monitor off it is the shortest stream's remaining time. With it on, each stream
 * `i` is topped up first at `aᵢ = max(rᵢ − min, 0)` (to `target`: `(target − min(rᵢ, min)) × rate + gas`) and then
 * every `target − min` seconds (`(target − min) × rate + gas`); the wallet pays for top-ups until the first one it
 * cannot, at time `t`; the stream refused then runs dry `min` (or its remaining, if never topped up) seconds later.
 * `t` is found by binary search over the cumulative cost, O(streams × 64).
 *
 * @example
 * computeWalletRunway({balanceWei: 10n ** 18n, gasPerTopUpWei: 0n, horizonSeconds: 86400,
 *   policy: {enabled: false, minRemainingSeconds: 3600, targetSeconds: 7200},
 *   streams: [{streamId: 1n, vmName: 'web', remainingSeconds: 5000n, ratePerSecondWei: 1n}]}).runwaySeconds // → 5000n
 */
export function computeWalletRunway(parameters: WalletRunwayParameters): WalletRunway | null {
  const {balanceWei, gasPerTopUpWei, streams, policy, horizonSeconds, maxSeconds = YEAR} = parameters;
  if (streams.length === 0) return null;
  const name = (stream: RunwayStream) => stream.vmName ?? `stream ${stream.streamId}`;
  const burnRatePerSecondWei = streams.reduce((sum, stream) => sum + stream.ratePerSecondWei, 0n);
  const result = (runwaySeconds: bigint, firstDry: RunwayStream): WalletRunway => {
    const capped = runwaySeconds >= maxSeconds;
    const seconds = capped ? maxSeconds : runwaySeconds;
    return {
      runwaySeconds: seconds,
      isAtLeast: capped,
      streamCount: streams.length,
      burnRatePerSecondWei,
      firstDry: name(firstDry),
      horizonSeconds,
      isBelowHorizon: !capped && seconds < BigInt(horizonSeconds),
      isMonitorOn: policy.enabled,
    };
  };
  const shortest = streams.reduce((a, b) => (b.remainingSeconds < a.remainingSeconds ? b : a));
  if (!policy.enabled) return result(shortest.remainingSeconds, shortest);

  const min = BigInt(policy.minRemainingSeconds);
  const target = BigInt(policy.targetSeconds);
  const period = target - min > 0n ? target - min : 1n;
  const plans = streams.map((stream) => {
    const first = stream.remainingSeconds > min ? stream.remainingSeconds - min : 0n;
    const left = stream.remainingSeconds < min ? stream.remainingSeconds : min;
    return {stream, first, firstCost: (target - left) * stream.ratePerSecondWei + gasPerTopUpWei, cost: period * stream.ratePerSecondWei + gasPerTopUpWei, left};
  });
  const costBy = (t: bigint) =>
    plans.reduce((sum, plan) => (t < plan.first ? sum : sum + plan.firstCost + ((t - plan.first) / period) * plan.cost), 0n);
  if (costBy(maxSeconds) <= balanceWei) return result(maxSeconds, shortest);
  let low = 0n;
  let high = maxSeconds;
  while (low < high) {
    const mid = (low + high) / 2n;
    if (costBy(mid) > balanceWei) high = mid;
    else low = mid + 1n;
  }
  const refusedAt = low;
  // The streams due a top-up at `refusedAt`; the first of them to run dry sets the runway.
  const due = plans.filter((plan) => refusedAt >= plan.first && (refusedAt - plan.first) % period === 0n);
  const refused = (due.length > 0 ? due : plans).reduce((a, b) => {
    const leftA = refusedAt === a.first ? a.left : min;
    const leftB = refusedAt === b.first ? b.left : min;
    return leftB < leftA ? b : a;
  });
  const left = refusedAt === refused.first ? refused.left : min;
  return result(refusedAt + left, refused.stream);
}
