import {InvalidInputError, ProviderError, SshConnectError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {SshTarget} from '../ports.js';
import {observeVms, recordObservation} from './observe-vms.js';
import {providerForVm} from './provider-for-vm.js';

/** How long the check behind a "not found" on `/access` may take, ms. */
const ACCESS_CHECK_DEADLINE_MS = 10_000;

/** User the provider's cloud-init authorises the key for (reference §10.2). */
export const VM_USER = 'ubuntu';

/**
 * Where to SSH into VM `name`, with the checked key pair. Throws `NotFoundError`, or `InvalidInputError` when the
 * VM has no SSH port yet (still creating, stopped).
 */
export async function sshTarget(ctx: ServiceContext, name: string): Promise<SshTarget> {
  const vm = ctx.db.repositories.vms.require(name);
  if (vm.sshPort === null || vm.status !== 'running') {
    throw new InvalidInputError({
      issues: [`VM '${name}' is ${vm.status}${vm.sshPort === null ? ' and has no SSH port yet' : ''}.`],
      hint: vm.status === 'stopped' ? `Start it with \`golem vm start ${name}\`.` : 'Check it with `golem vm info`.',
    });
  }
  return {host: vm.sshHost ?? vm.providerIp, port: vm.sshPort, username: VM_USER, key: await ctx.sshKeys.resolveKeyPair()};
}

/**
 * Asks the VM's provider for its current SSH access (`GET /vms/{name}/access`, reference §4.6) and stores a
 * changed host/port, forgetting the old address's host-key pin (the old port may be handed to another VM).
 * Returns the new target, or undefined when the access is unchanged or the provider cannot say (not ready,
 * unreachable). A provider that no longer knows the VM — a 404 (or the 500 the provider answers for an unknown VM)
 * on `/access` confirmed by a 404 on `GET /vms/{name}` — marks it `deleted` and throws that `ProviderError`; a VM
 * the provider still lists is left as it is (a transient 500 is not a fact, issue 11 item 4).
 */
async function refreshAccess(ctx: ServiceContext, name: string, previous: SshTarget): Promise<SshTarget | undefined> {
  const {vms} = ctx.db.repositories;
  const vm = vms.require(name);
  let access;
  try {
    access = await providerForVm(ctx, vm).getAccess(vm.vmId);
  } catch (error) {
    // `/access` answers 500 "An unexpected error occurred" both for an unknown VM and for a passing fault (reference
    // §4.6), so it is no proof: the VM is marked deleted only when `GET /vms/{name}` says "not found" as well.
    if (error instanceof ProviderError && error.status === 404) {
      const seen = await observeVms(ctx, [vm], {deadlineMs: ACCESS_CHECK_DEADLINE_MS});
      const observation = seen.get(name) ?? {kind: 'unreachable', reason: 'not asked'};
      const confirmed = observation.kind === 'missing' ? {kind: 'missing', isConfirmed: true} as const : observation;
      recordObservation(ctx, name, confirmed);
      if (confirmed.kind === 'missing') throw error;
      return undefined;
    }
    if (error instanceof ProviderError) return undefined;
    throw error;
  }
  if (!access.isReady) return undefined;
  if (access.sshHost === previous.host && access.sshPort === previous.port) return undefined;
  vms.update(name, {sshHost: access.sshHost, sshPort: access.sshPort});
  ctx.ssh.forgetHost(previous.host, previous.port);
  return {...previous, host: access.sshHost, port: access.sshPort};
}

/**
 * Runs `use` with VM `name`'s SSH target (issue 6 item 2: the port may have changed). When the connection fails
 * before any session opened (`SshConnectError` with `isBeforeSession`: refused, timed out, reset — not an auth or
 * host-key failure, which a new address would not fix, nor a session dropped midway), the access details are read again from the provider once; if the host or port changed they are stored
 * and `use` runs once more with them. Otherwise the first error is thrown.
 *
 * Throws what `sshTarget` and `use` throw, and `ProviderError` (404) when the provider no longer knows the VM
 * (it is then marked `deleted`).
 *
 * @example
 * await withSshTarget(ctx, 'web-1', (target) => ctx.ssh.exec(target, 'uptime', output));
 */
export async function withSshTarget<T>(ctx: ServiceContext, name: string, use: (target: SshTarget) => Promise<T>): Promise<T> {
  const target = await sshTarget(ctx, name);
  try {
    return await use(target);
  } catch (error) {
    // Only a connection that never opened: a session dropped midway may have run the command already.
    if (!(error instanceof SshConnectError) || !error.isBeforeSession) throw error;
    const refreshed = await refreshAccess(ctx, name, target);
    if (!refreshed) throw error;
    return use(refreshed);
  }
}
