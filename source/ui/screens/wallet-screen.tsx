/**
 * Wallet: balance, what a new deposit may spend, what is locked in open streams, the address, network, chain id
 * and key file; `f` asks the testnet faucet (reference §9) with a proof-of-work progress bar. On a profile with no
 * faucet the screen says so, and `f` says why instead of asking.
 */
import {Box, Text} from 'ink';
import {ErrorBanner} from '../components/error-banner.js';
import {FaucetStatus} from '../components/faucet-status.js';
import {KeyValueList} from '../components/key-value-list.js';
import {Loading} from '../components/loading.js';
import {useNavigation} from '../app/navigation-context.js';
import {useCommands} from '../hooks/use-commands.js';
import {useFaucet} from '../hooks/use-faucet.js';
import {useWallet} from '../hooks/use-wallet.js';
import {HISTORY_DAYS, useWalletHistory} from '../hooks/use-wallet-history.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {WalletHistory, walletHistoryView} from '../components/wallet-history.js';
import {runwayText, runwayWarning} from '../../lib/runway-text.js';
import {useMemo} from 'react';
import {formatEthAmount} from '../format-cells.js';
import {theme} from '../theme.js';

/** Props of `WalletScreen`; `isActive` gates its keys. */
export type WalletScreenProps = {readonly isActive: boolean};

/** Why the faucet key does nothing on `network`. */
export function faucetUnavailableText(network: string): string {
  return `No faucet on ${network}: the faucet exists on testnet profiles only (l2.holesky).`;
}

/** The Wallet screen. */
export function WalletScreen({isActive}: WalletScreenProps) {
  const {data: wallet, error, isLoading} = useWallet();
  const faucet = useFaucet();
  const {notify} = useNavigation();
  const history = useWalletHistory();
  const terminal = useTerminalSize();
  // Rows left under the wallet's own lines and the dashboard's chrome (~20 at 80×24): bars first, then movements.
  const spare = terminal.rows - 20;
  const days = Math.max(3, Math.min(HISTORY_DAYS, spare));
  const historyRows = Math.max(0, spare - days - 3);
  const ledger = history.ledger.data;
  const view = useMemo(() => (ledger ? walletHistoryView(ledger, days, historyRows) : undefined), [ledger, days, historyRows]);
  const runwayData = history.runway.data;
  const runway = history.runway.error ? null : runwayData ? {text: runwayText(runwayData), warning: runwayWarning(runwayData)} : runwayData;

  const requestFaucet = () => {
    if (!wallet) return;
    if (!wallet.hasFaucet) return notify({tone: 'info', text: faucetUnavailableText(wallet.paymentsNetwork)});
    faucet.request();
  };
  useCommands({'wallet.faucet': requestFaucet}, {isActive});

  if (wallet === undefined && isLoading) return <Loading label="Reading the wallet" />;
  return (
    <Box flexDirection="column">
      {error ? <ErrorBanner error={error} /> : null}
      {wallet ? (
        <>
          <KeyValueList
            items={[
              ['Balance', formatEthAmount(wallet.balanceWei)],
              ['Spendable', `${formatEthAmount(wallet.spendableWei)} (balance less the fee cap of one payment)`],
              [
                'Locked',
                `${formatEthAmount(wallet.lockedWei)} in ${wallet.openStreams} open stream${wallet.openStreams === 1 ? '' : 's'} (refunded when they end)`,
              ],
              ...(wallet.unreadStreams.length > 0
                ? [['Unread', wallet.unreadStreams.map(({streamId, error}) => `stream ${streamId}: ${error}`).join('; ')] as [string, string]]
                : []),
              ...(wallet.fundsNoVmStreams
                ? [['Unused', `${wallet.fundsNoVmStreams} open stream${wallet.fundsNoVmStreams === 1 ? '' : 's'} ${wallet.fundsNoVmStreams === 1 ? 'funds' : 'fund'} no VM (golem vm reconcile ends them)`] as [string, string]]
                : []),
              ['Address', wallet.address],
              ['Network', wallet.paymentsNetwork],
              ['Chain id', String(wallet.chainId)],
              ['Key file', wallet.keyPath ?? 'none (key from GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY)'],
            ]}
          />
          <Box marginTop={1} flexDirection="column">
            {wallet.hasFaucet ? (
              <Text color={theme.text.secondary}>f asks the testnet faucet for funds (skipped while the balance is high enough).</Text>
            ) : (
              <Text color={theme.text.secondary}>{`f faucet: unavailable. ${faucetUnavailableText(wallet.paymentsNetwork)}`}</Text>
            )}
            <FaucetStatus state={faucet.state} />
          </Box>
          <Box marginTop={1}>
            <WalletHistory view={view} runway={runway} width={terminal.columns - 2} hasHistory={historyRows > 0} days={days} />
          </Box>
          {history.ledger.error ? <ErrorBanner error={history.ledger.error} /> : null}
        </>
      ) : null}
    </Box>
  );
}
