/** Provider offers from discovery for the Providers screen. */
import type {ProviderOffer} from '../../services/services.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {useAsync, type AsyncState} from './use-async.js';

/**
 * `services.listProviders(…)`, loaded on mount, on every refresh and when the estimate spec (`:spec`, router
 * state) changes. With a spec, the service narrows the list to providers with room for it and adds each one's
 * estimate (USD per hour/month and the wei rate, reference §6.2).
 */
export function useProviders(): AsyncState<ProviderOffer[]> {
  const services = useServices();
  const {version} = useRefreshSignal();
  const spec = useNavigation().state.spec ?? null;
  const cpu = spec?.cpu;
  const memory = spec?.memory;
  const storage = spec?.storage;
  return useAsync(
    (signal) => services.listProviders(cpu && memory && storage ? {cpu, memory, storage} : {}, signal),
    [services, version, cpu, memory, storage],
  );
}
