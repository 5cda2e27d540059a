import type {StreamState, StreamStatus} from '../types.js';

/**
 * A stream's state for people, from its chain status at chain time (issue 3; reference §7.4):
 *
 * - `terminated` — recipient is the zero address (terminate only clears the recipient, §7.4);
 * - `halted` — the oracle halted it (`halted` flag, §7.2 `haltStream`); it cannot be topped up;
 * - `out-of-funds` — runway 0 s (stopTime ≤ now); a top-up now pays for the idle gap (§7.4);
 * - `needs-top-up` — runway below `minRemainingSeconds` (seconds; `config.monitor.minRemainingSeconds`);
 * - `active` — runway ≥ `minRemainingSeconds`.
 *
 * Pure: no clock is read (the runway was computed at the latest block's time). Never throws.
 *
 * @example
 * streamState(status, 3600) // → 'needs-top-up' when status.computed.remainingSeconds is 1800n
 */
export function streamState(status: StreamStatus, minRemainingSeconds: number | bigint): StreamState {
  if (status.isTerminated) return 'terminated';
  if (status.chain.halted) return 'halted';
  const remaining = status.computed.remainingSeconds;
  if (remaining <= 0n) return 'out-of-funds';
  const minimum = typeof minRemainingSeconds === 'bigint' ? minRemainingSeconds : BigInt(Math.max(0, Math.floor(minRemainingSeconds)));
  return remaining < minimum ? 'needs-top-up' : 'active';
}
