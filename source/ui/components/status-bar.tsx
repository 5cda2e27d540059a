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
import type {ForwardEntry} from '../../services/ssh-access/forward-registry.js';
import {forwardsSummary} from './forward-list.js';

/** Props of `StatusBar`. */
export type StatusBarProps = {
  readonly wallet: WalletInfo | undefined;
  readonly funding: FundingLabel;
  readonly lastRefreshMs: number | null;
  readonly problem: {readonly text: string; readonly hint?: string | undefined} | null;
  /** The port forwards running in this dashboard (issue 12), listed while it runs. */
  readonly forwards?: readonly ForwardEntry[] | undefined;
};

const SEPARATOR = ' │ ';

/** `devnet · chain 31337 │ 0xAbCd…EF01 1.5 ETH │ funding: this dashboard │ updated 12:00:05` */
export function StatusBar({wallet, funding, lastRefreshMs, problem, forwards = []}: StatusBarProps) {
  const forwardLine = forwardsSummary(forwards);
  const network = wallet ? `${sanitizeText(wallet.paymentsNetwork)} · chain ${wallet.chainId}` : 'network …';
  const account = wallet ? `${shortHex(wallet.address)} ${formatEthAmount(wallet.balanceWei)}` : 'wallet …';
  const updated = lastRefreshMs === null ? 'not refreshed yet' : `updated ${clockTime(lastRefreshMs, true)}`;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={theme.text.accent}>{network}</Text>
        <Text color={theme.ui.border}>{SEPARATOR}</Text>
        <Text>{account}</Text>
        <Text color={theme.ui.border}>{SEPARATOR}</Text>
        <Text color={theme.text.secondary}>{'funding: '}</Text>
        <Text color={funding.tone === 'ok' ? theme.status.success : theme.status.warning}>{funding.text}</Text>
        <Text color={theme.ui.border}>{SEPARATOR}</Text>
        <Text color={theme.text.secondary}>{updated}</Text>
      </Text>
      {forwardLine ? (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {forwardLine}
        </Text>
      ) : null}
      {problem ? (
        <Text color={theme.status.error}>
          {`✖ ${problem.text}${problem.hint ? ` — ${problem.hint}` : ''}`}
        </Text>
      ) : null}
    </Box>
  );
}
