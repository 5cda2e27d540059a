/**
 * The Wallet screen's history (issue 15): the runway line, two bar charts side by side — spend per day and per VM
 * (vested to providers + gas, from the chain) — and the most recent movements, as many as `rows` allows. Plain
 * props; at 80 columns each chart is 39 wide.
 */
import {Box, Text} from 'ink';
import type {GetLedgerReturnType} from '../../services/ledger/get-ledger.js';
import {sanitizeText} from '../../lib/sanitize.js';
import {fitToWidth, truncateToWidth} from '../../lib/text-width.js';
import {formatEthAmount} from '../format-cells.js';
import {theme} from '../theme.js';
import {SpendChart, spendBars, type SpendBar} from './spend-chart.js';

/** One recent movement, as text. */
export type HistoryLine = {readonly key: string; readonly time: string; readonly kind: string; readonly vm: string; readonly amount: string; readonly gas: string};

/** What `WalletHistory` draws, as text and numbers only (see `walletHistoryView`). */
export type WalletHistoryView = {
  readonly dayBars: readonly SpendBar[];
  readonly vmBars: readonly SpendBar[];
  readonly recent: readonly HistoryLine[];
};

/** Props of `WalletHistory`. */
export type WalletHistoryProps = {
  /** The ledger's charts and recent movements; undefined while it loads. */
  readonly view: WalletHistoryView | undefined;
  /** `runwayText` and `runwayWarning` of the runway; null when no VM runs; undefined while loading. */
  readonly runway: {readonly text: string; readonly warning: string | null} | null | undefined;
  /** Columns available. */
  readonly width: number;
  /** Whether to list the recent movements. */
  readonly hasHistory: boolean;
  /** Days the day chart covers. */
  readonly days: number;
};

const KIND_WORDS: Record<string, string> = {
  incoming: 'in', deposit: 'deposit', top_up: 'top-up', refund: 'refund', gas: 'gas', outgoing: 'out', withdrawn: 'withdrawn', payout: 'payout',
};

/**
 * The display data of the history from a ledger: spend per day (last `days`), per VM (top `days`), and the last
 * `historyRows` movements (provider payouts left out: they are not the wallet's), newest first.
 */
export function walletHistoryView(ledger: GetLedgerReturnType, days: number, historyRows: number): WalletHistoryView {
  return {
    dayBars: spendBars(ledger.byDay.slice(-days).map((bucket) => ({label: bucket.label.slice(5), valueWei: bucket.spentWei}))),
    vmBars: spendBars(ledger.byVm.slice(0, days).map((row) => ({label: sanitizeText(row.vmName), valueWei: row.spentWei}))),
    recent: ledger.movements
      .filter((movement) => movement.kind !== 'payout')
      .slice(-Math.max(0, historyRows))
      .reverse()
      .map((movement) => ({
        key: `${movement.txHash}-${movement.kind}-${movement.logIndex}`,
        time: new Date(Number(movement.timestamp) * 1000).toISOString().slice(5, 16).replace('T', ' '),
        kind: KIND_WORDS[movement.kind] ?? movement.kind,
        vm: sanitizeText(movement.vmName ?? '—'),
        amount: formatEthAmount(movement.amountWei),
        gas: movement.gasWei > 0n ? `  gas ${formatEthAmount(movement.gasWei)}` : '',
      })),
  };
}

/** The history block. */
export function WalletHistory({view, runway, width, hasHistory, days}: WalletHistoryProps) {
  const half = Math.floor((width - 2) / 2);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text color={theme.text.secondary}>{'Runway    '}</Text>
        {runway === undefined ? <Text color={theme.text.secondary}>…</Text> : null}
        {runway === null ? <Text color={theme.text.secondary}>no VM running</Text> : null}
        {runway ? <Text color={runway.warning ? theme.status.warning : theme.status.success}>{runway.text}</Text> : null}
      </Text>
      {runway?.warning ? <Text color={theme.status.warning}>{truncateToWidth(`⚠ ${runway.warning}`, width)}</Text> : null}
      {view ? (
        <Box marginTop={1} flexDirection="row" columnGap={2}>
          <SpendChart title="Spent per day" bars={view.dayBars} width={half} labelWidth={5} />
          <SpendChart title="Spent per VM" bars={view.vmBars} width={half} labelWidth={10} />
        </Box>
      ) : (
        <Text color={theme.text.secondary}>Reading the ledger…</Text>
      )}
      {view && hasHistory ? (
        <Box marginTop={1} flexDirection="column">
          <Text color={theme.text.secondary}>{view.recent.length === 0 ? 'No movements in this period.' : 'Recent movements (golem ledger for all)'}</Text>
          {view.recent.map((line) => (
            <Text key={line.key} wrap="truncate-end">
              {line.time}
              {'  '}
              {fitToWidth(line.kind, 9)}
              {fitToWidth(line.vm, 12)}
              {fitToWidth(line.amount, 16, 'right')}
              <Text color={theme.text.secondary}>{line.gas}</Text>
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
