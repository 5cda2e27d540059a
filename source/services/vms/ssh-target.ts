import {InvalidInputError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {SshTarget} from '../ports.js';

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
