import {ProviderError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {Vm} from '../types.js';
import {providerForVm} from './provider-for-vm.js';

/**
 * Reconciles local VM status with the providers (the reference never did, §3): each VM's `GET /vms/{name}` status
 * is stored; a VM the provider answers 404 for becomes `deleted`. Unreachable providers leave rows unchanged.
 * Providers are asked in parallel. Never throws for provider failures; throws `StorageError`.
 */
export async function refreshVms(ctx: ServiceContext): Promise<Vm[]> {
  const {vms} = ctx.db.repositories;
  // Read-then-write in one IMMEDIATE transaction: another process may have destroyed the VM meanwhile (case-27).
  const setStatus = (name: string, status: Vm['status']) =>
    ctx.db.transact((repositories) => {
      if (repositories.vms.get(name)) repositories.vms.update(name, {status});
    });
  await Promise.all(
    vms.list().map(async (vm) => {
      if (vm.status === 'deleted') return;
      try {
        const remote = await providerForVm(ctx, vm).getVm(vm.vmId);
        if (remote.status !== vm.status && remote.status !== 'unknown') setStatus(vm.name, remote.status);
      } catch (error) {
        if (error instanceof ProviderError && error.status === 404) setStatus(vm.name, 'deleted');
        else if (!(error instanceof ProviderError)) throw error;
      }
    }),
  );
  return vms.list();
}
