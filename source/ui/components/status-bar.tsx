/**
 * The always-visible status bar under the tabs: payments network and chain id, the wallet (short address and
 * balance), who funds the streams, the time of the last refresh; and, on a second line, the last problem with
 * its hint (one line, cut with … at the width; the help overlay and notices carry the whole text). Plain props (the data comes from `useStatusBar`).
 */
import {Box, Text} from 'ink';
import type {WalletInfo} from '../../services/types.js';
import {sanitizeText} from '../../lib/sanitize.js';
import {formatEth} from '../../lib/format.js';
import {formatEthAmount, shortHex} from '../format-cells.js';
import {clockTime, type FundingLabel} from '../hooks/use-status-bar.js';
import {theme} from '../theme.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import stringWidth from 'string-width';
import type {ForwardEntry} from '../../services/ssh-access/forward-registry.js';
import {forwardsSummary} from './forward-list.js';

/** Props of `StatusBar`. */
export type StatusBarProps = {
  readonly wallet: WalletInfo | undefined;
  readonly funding: FundingLabel;
  readonly lastRefreshMs: number | null;
  readonly problem: {readonly text: string; readonly hint?: string | undefined} | null;
  /** Lines for the problem: 1 is its text cut to the width; more add its hint, wrapped within them. @default 3 */
  readonly problemLines?: number;
  /** The wallet's runway at the monitor's policy (`runway 4d 06h`), and whether it ends before the user's horizon; null/absent when no VM runs. */
  readonly runway?: {readonly label: string; readonly isShort: boolean} | null | undefined;
  /** The port forwards running in this dashboard (issue 12), listed while it runs. */
  readonly forwards?: readonly ForwardEntry[] | undefined;
};

const SEPARATOR = ' │ ';

/**
 * The bar's parts for `columns`: network, account, runway, funding and update time when they fit; otherwise the
 * chain id, then the seconds, then the word "updated", then the network go, then the balance shortens
 * (`accountShort`), and only then the runway, in that order (the wallet, its runway and who funds the streams are
 * what a user checks at a glance). Exported for tests.
 */
export function statusParts(
  {network, chain, account, accountShort = account, runway, funding, updatedAt}: {network: string; chain: string; account: string; accountShort?: string; runway: string; funding: string; updatedAt: string | null},
  columns: number,
): {network: string | null; account: string; runway: string; funding: string; updated: string} {
  const time = updatedAt === null ? '—' : updatedAt.slice(0, 5);
  const variants = [
    {network: chain === '' ? network : `${network} · ${chain}`, account, runway, updated: updatedAt === null ? 'not refreshed yet' : `updated ${updatedAt}`},
    {network, account, runway, updated: updatedAt === null ? 'not refreshed yet' : `updated ${updatedAt}`},
    {network, account, runway, updated: updatedAt === null ? '—' : `updated ${time}`},
    {network, account, runway, updated: time},
    {network: null, account, runway, updated: time},
    {network: null, account: accountShort, runway, updated: time},
    {network: null, account: accountShort, runway: '', updated: time},
  ];
  for (const variant of variants) {
    const width = stringWidth([variant.network, variant.account + variant.runway, `funding: ${funding}`, variant.updated].filter((part) => part !== null).join(SEPARATOR));
    if (width <= columns) return {...variant, funding};
  }
  return {...variants.at(-1)!, funding};
}

/** `devnet · chain 31337 │ 0xAbCd…EF01 1.5 ETH │ funding: this dashboard │ updated 12:00:05`, fitted to the width. */
export function StatusBar({wallet, funding, lastRefreshMs, problem, problemLines = 3, runway, forwards = []}: StatusBarProps) {
  const forwardLine = forwardsSummary(forwards);
  const {columns} = useTerminalSize();
  const parts = statusParts(
    {
      network: wallet ? sanitizeText(wallet.paymentsNetwork) : 'network …',
      chain: wallet ? `chain ${wallet.chainId}` : '',
      account: wallet ? `${shortHex(wallet.address)} ${formatEthAmount(wallet.balanceWei)}` : 'wallet …',
      accountShort: wallet ? `${shortHex(wallet.address)} ${formatEth(wallet.balanceWei, 4)}` : 'wallet …',
      runway: runway ? ` ${runway.label}${runway.isShort ? ' ⚠' : ''}` : '',
      funding: funding.text,
      updatedAt: lastRefreshMs === null ? null : clockTime(lastRefreshMs, true),
    },
    columns - 1,
  );
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {parts.network === null ? null : (
          <>
            <Text color={theme.text.accent}>{parts.network}</Text>
            <Text color={theme.ui.border}>{SEPARATOR}</Text>
          </>
        )}
        <Text>{parts.account}</Text>
        {parts.runway === '' ? null : <Text color={runway?.isShort ? theme.status.warning : theme.text.secondary}>{parts.runway}</Text>}
        <Text color={theme.ui.border}>{SEPARATOR}</Text>
        <Text color={theme.text.secondary}>{'funding: '}</Text>
        <Text color={funding.tone === 'ok' ? theme.status.success : theme.status.warning}>{parts.funding}</Text>
        <Text color={theme.ui.border}>{SEPARATOR}</Text>
        <Text color={theme.text.secondary}>{parts.updated}</Text>
      </Text>
      {forwardLine ? (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {forwardLine}
        </Text>
      ) : null}
      {problem ? (
        <Text color={theme.status.error} wrap="truncate-end">
          {`✖ ${problem.text}${problem.hint && problemLines < 2 ? ` — ${problem.hint}` : ''}`}
        </Text>
      ) : null}
      {problem?.hint && problemLines >= 2 ? (
        <Box height={problemLines - 1} overflow="hidden">
          <Text color={theme.text.secondary}>{`  ${problem.hint}`}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
