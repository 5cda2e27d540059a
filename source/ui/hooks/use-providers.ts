/** Provider offers from discovery for the Providers screen. */
import type {ProviderOffer} from '../../services/services.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {useAsync, type AsyncState} from './use-async.js';

/** `services.listProviders({})`, loaded on mount and on every refresh. */
export function useProviders(): AsyncState<ProviderOffer[]> {
  const services = useServices();
  const {version} = useRefreshSignal();
  return useAsync((signal) => services.listProviders({}, signal), [services, version]);
}
