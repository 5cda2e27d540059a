/**
 * The always-visible status bar under the tabs: payments network and chain id, the wallet (short address and
 * balance), who funds the streams, the time of the last refresh; and, on a second line, the last problem with
 * its hint (wrapped, never cut). Plain props (the data comes from `useStatusBar`).
 */
import {Box, Text} from 'ink';
import type {WalletInfo} from '../../services/types.js';
import {sanitizeText} from '../../lib/sanitize.js';
import {formatEthAmount, shortHex} from '../format-cells.js';
import {clockTime, type FundingLabel} from '../hooks/use-status-bar.js';
import {theme} from '../theme.js';

/** Props of `StatusBar`. */
export type StatusBarProps = {
  readonly wallet: WalletInfo | undefined;
  readonly funding: FundingLabel;
  readonly lastRefreshMs: number | null;
  readonly problem: {readonly text: string; readonly hint?: string | undefined} | null;
  /** The wallet's runway at the monitor's policy (`runway 4d 06h`), and whether it ends before the user's horizon; null/absent when no VM runs. */
  readonly runway?: {readonly label: string; readonly isShort: boolean} | null | undefined;
};

const SEPARATOR = ' │ ';

/** `devnet · chain 31337 │ 0xAbCd…EF01 1.5 ETH │ funding: this dashboard │ updated 12:00:05` */
export function StatusBar({wallet, funding, lastRefreshMs, problem, runway}: StatusBarProps) {
  const network = wallet ? `${sanitizeText(wallet.paymentsNetwork)} · chain ${wallet.chainId}` : 'network …';
  const account = wallet ? `${shortHex(wallet.address)} ${formatEthAmount(wallet.balanceWei)}` : 'wallet …';
  const updated = lastRefreshMs === null ? 'not refreshed yet' : `updated ${clockTime(lastRefreshMs, true)}`;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={theme.text.accent}>{network}</Text>
        <Text color={theme.ui.border}>{SEPARATOR}</Text>
        <Text>{account}</Text>
        {runway ? (
          <Text color={runway.isShort ? theme.status.warning : theme.text.secondary}>{` ${runway.label}${runway.isShort ? ' ⚠' : ''}`}</Text>
        ) : null}
        <Text color={theme.ui.border}>{SEPARATOR}</Text>
        <Text color={theme.text.secondary}>{'funding: '}</Text>
        <Text color={funding.tone === 'ok' ? theme.status.success : theme.status.warning}>{funding.text}</Text>
        <Text color={theme.ui.border}>{SEPARATOR}</Text>
        <Text color={theme.text.secondary}>{updated}</Text>
      </Text>
      {problem ? (
        <Text color={theme.status.error}>
          {`✖ ${problem.text}${problem.hint ? ` — ${problem.hint}` : ''}`}
        </Text>
      ) : null}
    </Box>
  );
}
