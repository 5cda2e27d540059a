/**
 * The Wallet screen's history: the ledger of the last 7 days (movements, spend per day and per VM, read from the
 * chain by `services.getLedger`) and the wallet's runway at the monitor's policy (`services.getWalletRunway`),
 * loaded on mount and on every refresh.
 */
import type {GetLedgerReturnType} from '../../services/ledger/get-ledger.js';
import type {WalletRunway} from '../../services/ledger/wallet-runway.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {useAsync, type AsyncState} from './use-async.js';

/** Days of history the Wallet screen shows. */
export const HISTORY_DAYS = 7;

/** `{ledger, runway}`: each an `AsyncState` (data, error, isLoading). */
export function useWalletHistory(): {ledger: AsyncState<GetLedgerReturnType>; runway: AsyncState<WalletRunway | null>} {
  const services = useServices();
  const {version} = useRefreshSignal();
  const ledger = useAsync(
    () => services.getLedger({since: new Date(Date.now() - HISTORY_DAYS * 86_400_000)}),
    [services, version],
  );
  const runway = useAsync(() => services.getWalletRunway(), [services, version]);
  return {ledger, runway};
}

/** The wallet's runway for the status bar, re-read with the wallet (every refresh). */
export function useWalletRunway(version: number): AsyncState<WalletRunway | null> {
  const services = useServices();
  return useAsync(() => services.getWalletRunway(), [services, version], {skipUnchanged: true});
}
