/**
 * The status bar's data: the wallet (network, chain id, address, balance; re-read every 15 s and on refresh), who
 * funds the streams (the lease, re-read every 5 s and whenever the monitor reports), the time of the last refresh,
 * and the last problem (a failed read, the monitor's last warning, or why the monitor stopped).
 */
import type {FundingStatus, WalletInfo} from '../../services/types.js';
import {useMonitor, useMonitorSnapshot} from '../app/monitor-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {describeError} from '../describe-error.js';
import {formatDuration} from '../../lib/format.js';
import {useAsync} from './use-async.js';
import {useWalletRunway} from './use-wallet-history.js';
import {useInterval} from './use-interval.js';

/** How often the status bar re-reads the wallet, in ms. */
export const WALLET_REFETCH_MS = 15_000;
/** How often the status bar re-reads the funding lease, in ms. */
export const FUNDING_REFETCH_MS = 5_000;

/** Who funds, as the status bar says it. */
export type FundingLabel = {readonly text: string; readonly tone: 'ok' | 'warning'};

/** What `useStatusBar` returns. */
export type StatusBarData = {
  readonly wallet: WalletInfo | undefined;
  readonly funding: FundingLabel;
  /** `Date.now()` of the newest successful read or monitor pass, in ms; null before any. */
  readonly lastRefreshMs: number | null;
  readonly problem: {readonly text: string; readonly hint?: string | undefined} | null;
  /** The wallet's runway at the monitor's policy (`runway 4d 06h`); null when no VM runs or it could not be read. */
  readonly runway: {readonly label: string; readonly isShort: boolean} | null;
};

/** `HH:MM` (or `HH:MM:SS`) of a time, in the local time zone. */
export function clockTime(ms: number, withSeconds = false): string {
  const date = new Date(ms);
  const parts = [date.getHours(), date.getMinutes(), ...(withSeconds ? [date.getSeconds()] : [])];
  return parts.map((part) => String(part).padStart(2, '0')).join(':');
}

/**
 * The funding words: `this dashboard`, `pid 4242 (monitor) since 11:00`, `nobody — press F to fund` (when this
 * dashboard can start its monitor), `nobody`, or `starting the monitor…`.
 */
export function fundingLabel(
  funding: FundingStatus | undefined,
  monitor: {readonly status: 'stopped' | 'running' | 'failed'; readonly role: 'self' | 'standby' | null} | null,
): FundingLabel {
  if (monitor?.role === 'self' || funding?.state === 'self') return {text: 'this dashboard', tone: 'ok'};
  if (funding?.state === 'other') {
    const {pid, role, since} = funding.holder;
    const sinceMs = Date.parse(since);
    return {text: `pid ${pid} (${role})${Number.isNaN(sinceMs) ? '' : ` since ${clockTime(sinceMs)}`}`, tone: 'ok'};
  }
  if (monitor?.status === 'running') return {text: 'starting the monitor…', tone: 'warning'};
  if (funding === undefined) return {text: '?', tone: 'warning'};
  return {text: monitor ? 'nobody — press F to fund' : 'nobody', tone: 'warning'};
}

/** The status bar's data, kept fresh. */
export function useStatusBar(): StatusBarData {
  const services = useServices();
  const monitor = useMonitor();
  const snapshot = useMonitorSnapshot();
  const {version} = useRefreshSignal();
  const wallet = useAsync(() => services.getWallet(), [services, version]);
  // Re-read every 5 s, but a lease that did not change draws nothing (the wallet's 15 s read moves "updated").
  const funding = useAsync(() => services.getFundingStatus(), [services, version, snapshot.role, snapshot.holder, snapshot.status], {skipUnchanged: true});
  useInterval(wallet.reload, WALLET_REFETCH_MS);
  const runway = useWalletRunway(version);
  useInterval(runway.reload, WALLET_REFETCH_MS);
  useInterval(funding.reload, FUNDING_REFETCH_MS);

  const passMs = snapshot.lastPassAt === null ? Number.NaN : Date.parse(snapshot.lastPassAt);
  const times = [wallet.loadedAtMs, funding.loadedAtMs, Number.isNaN(passMs) ? null : passMs].filter((time): time is number => time !== null);

  const failed = wallet.error ?? funding.error ?? (snapshot.status === 'failed' ? snapshot.error : undefined);
  const described = failed === undefined ? null : describeError(failed);
  const problem = described
    ? {text: snapshot.status === 'failed' && failed === snapshot.error ? `Monitor stopped: ${described.text}` : described.text, hint: described.hint}
    : snapshot.lastProblem;

  return {
    wallet: wallet.data,
    funding: fundingLabel(funding.data, monitor ? snapshot : null),
    lastRefreshMs: times.length > 0 ? Math.max(...times) : null,
    problem,
    runway: runway.data
      ? {label: `runway ${runway.data.isAtLeast ? '>' : ''}${formatDuration(runway.data.runwaySeconds)}`, isShort: runway.data.isBelowHorizon}
      : null,
  };
}
