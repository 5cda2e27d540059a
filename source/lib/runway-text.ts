/**
 * The wallet runway in words, shared by `golem wallet`, the dashboard and the monitor: "funds all 3 VMs for 4d 06h".
 */
import {formatDuration} from './format.js';

/** The fields of a runway that its text needs (services/ledger/wallet-runway.ts `WalletRunway`). */
export type RunwayFacts = {
  readonly runwaySeconds: bigint;
  readonly isAtLeast: boolean;
  readonly streamCount: number;
  readonly firstDry: string;
  readonly horizonSeconds: number;
  readonly isBelowHorizon: boolean;
  readonly isMonitorOn: boolean;
};

/** `funds all 3 VMs for 4d 06h` / `funds web-1 for 2h 10m` / `funds all 2 VMs for over 365d 00h`. */
export function runwayText(runway: RunwayFacts): string {
  const who = runway.streamCount === 1 ? 'the running VM' : `all ${runway.streamCount} VMs`;
  const how = runway.isMonitorOn ? '' : ' (monitor off: no top-ups)';
  return `funds ${who} for ${runway.isAtLeast ? 'over ' : ''}${formatDuration(runway.runwaySeconds)}${how}`;
}

/** The warning when the runway ends before the user's horizon, naming the setting; null otherwise. */
export function runwayWarning(runway: RunwayFacts): string | null {
  if (!runway.isBelowHorizon) return null;
  return `The wallet runs out before ${formatDuration(runway.horizonSeconds)} (${runway.firstDry} runs dry first): add funds, or change GOLEM_REQUESTOR_RUNWAY_WARNING_HOURS.`;
}
