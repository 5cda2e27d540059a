/** Wallet: the requestor's address, balance, payments network, chain id and key file. */
import {Box} from 'ink';
import {ErrorBanner} from '../components/error-banner.js';
import {KeyValueList} from '../components/key-value-list.js';
import {Loading} from '../components/loading.js';
import {useWallet} from '../hooks/use-wallet.js';
import {formatEthAmount} from '../format-cells.js';

/** Props of `WalletScreen` (it has no keys of its own). */
export type WalletScreenProps = {readonly isActive: boolean};

/** The Wallet screen. */
export function WalletScreen(_props: WalletScreenProps) {
  const {data: wallet, error, isLoading} = useWallet();
  if (wallet === undefined && isLoading) return <Loading label="Reading the wallet" />;
  return (
    <Box flexDirection="column">
      {error ? <ErrorBanner error={error} /> : null}
      {wallet ? (
        <KeyValueList
          items={[
            ['Address', wallet.address],
            ['Balance', formatEthAmount(wallet.balanceWei)],
            ['Network', wallet.paymentsNetwork],
            ['Chain id', String(wallet.chainId)],
            ['Key file', wallet.keyPath ?? 'none (key from GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY)'],
          ]}
        />
      ) : null}
    </Box>
  );
}
