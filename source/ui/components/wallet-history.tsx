/**
 * The Wallet screen's history (issue 15): the runway line, two bar charts side by side — spend per day and per VM
 * (vested to providers + gas, from the chain) — and the most recent movements, as many as `rows` allows. Plain
 * props; at 80 columns each chart is 39 wide.
 */
import {Box, Text} from 'ink';
import type {GetLedgerReturnType} from '../../services/ledger/get-ledger.js';
import type {WalletRunway} from '../../services/ledger/wallet-runway.js';
import {runwayText, runwayWarning} from '../../lib/runway-text.js';
import {sanitizeText} from '../../lib/sanitize.js';
import {fitToWidth, truncateToWidth} from '../../lib/text-width.js';
import {formatEthAmount} from '../format-cells.js';
import {theme} from '../theme.js';
import {SpendChart} from './spend-chart.js';

/** Props of `WalletHistory`. */
export type WalletHistoryProps = {
  readonly ledger: GetLedgerReturnType | undefined;
  readonly runway: WalletRunway | null | undefined;
  /** Columns available. */
  readonly width: number;
  /** Rows available for the recent movements list (0 hides it). */
  readonly historyRows: number;
  /** Days the charts cover. */
  readonly days: number;
};

const KIND_WORDS: Record<string, string> = {
  incoming: 'in', deposit: 'deposit', top_up: 'top-up', refund: 'refund', gas: 'gas', outgoing: 'out', withdrawn: 'withdrawn', payout: 'payout',
};

/** The history block. */
export function WalletHistory({ledger, runway, width, historyRows, days}: WalletHistoryProps) {
  const half = Math.floor((width - 2) / 2);
  const warning = runway ? runwayWarning(runway) : null;
  const dayBars = (ledger?.byDay ?? []).slice(-days).map((bucket) => ({label: bucket.label.slice(5), valueWei: bucket.spentWei}));
  const vmBars = (ledger?.byVm ?? []).slice(0, days).map((row) => ({label: sanitizeText(row.vmName), valueWei: row.spentWei}));
  const recent = (ledger?.movements ?? []).filter((movement) => movement.kind !== 'payout').slice(-historyRows).reverse();
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text color={theme.text.secondary}>{'Runway    '}</Text>
        {runway === undefined ? <Text color={theme.text.secondary}>…</Text> : null}
        {runway === null ? <Text color={theme.text.secondary}>no VM running</Text> : null}
        {runway ? <Text color={warning ? theme.status.warning : theme.status.success}>{runwayText(runway)}</Text> : null}
      </Text>
      {warning ? <Text color={theme.status.warning}>{truncateToWidth(`⚠ ${warning}`, width)}</Text> : null}
      {ledger ? (
        <Box marginTop={1} flexDirection="row" columnGap={2}>
          <SpendChart title={`Spent per day (${days} d)`} bars={dayBars} width={half} labelWidth={5} />
          <SpendChart title="Spent per VM" bars={vmBars} width={half} labelWidth={10} />
        </Box>
      ) : (
        <Text color={theme.text.secondary}>Reading the ledger…</Text>
      )}
      {ledger && historyRows > 0 ? (
        <Box marginTop={1} flexDirection="column">
          <Text color={theme.text.secondary}>{recent.length === 0 ? 'No movements in this period.' : 'Recent movements (golem ledger for all)'}</Text>
          {recent.map((movement) => (
            <Text key={`${movement.txHash}-${movement.kind}-${movement.logIndex}`} wrap="truncate-end">
              {new Date(Number(movement.timestamp) * 1000).toISOString().slice(5, 16).replace('T', ' ')}
              {'  '}
              {fitToWidth(KIND_WORDS[movement.kind] ?? movement.kind, 9)}
              {fitToWidth(sanitizeText(movement.vmName ?? '—'), 12)}
              {fitToWidth(formatEthAmount(movement.amountWei), 16, 'right')}
              <Text color={theme.text.secondary}>{movement.gasWei > 0n ? `  gas ${formatEthAmount(movement.gasWei)}` : ''}</Text>
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
