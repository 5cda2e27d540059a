/** The wallet summary for the Wallet screen. */
import type {WalletInfo} from '../../services/types.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {useAsync, type AsyncState} from './use-async.js';

/** `services.getWallet()`, loaded on mount and on every refresh. */
export function useWallet(): AsyncState<WalletInfo> {
  const services = useServices();
  const {version} = useRefreshSignal();
  return useAsync(() => services.getWallet(), [services, version]);
}
