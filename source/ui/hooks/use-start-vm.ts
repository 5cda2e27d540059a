/** Starts a VM from the VMs screen, reporting through the footer notice and refreshing the list when done. */
import {useCallback} from 'react';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {errorNotice} from '../describe-error.js';

/** `startVm(name)`: resolves when the provider answered; never throws (errors become the notice). */
export function useStartVm(): (name: string) => Promise<void> {
  const services = useServices();
  const {notify} = useNavigation();
  const {refresh} = useRefreshSignal();
  return useCallback(
    async (name: string) => {
      notify({tone: 'info', text: `Starting ${name}…`});
      try {
        const {vm} = await services.startVm(name);
        notify({tone: 'success', text: `${vm.name} is ${vm.status}.`});
      } catch (error) {
        notify(errorNotice(error, `Could not start ${name}`));
      }
      refresh();
    },
    [services, notify, refresh],
  );
}
