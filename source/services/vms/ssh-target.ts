import {HostKeyMismatchError, InvalidInputError, ProviderError, SshConnectError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {SshTarget} from '../ports.js';
import {hostKeyAliasOf, VM_USER} from '../ssh-access/rental-alias.js';
import {syncSshConfig} from '../ssh-access/ssh-access.js';
import type {Vm} from '../types.js';
import {observeVms, recordObservation} from './observe-vms.js';
import {providerForVm} from './provider-for-vm.js';

/** How long the check behind a "not found" on `/access` may take, ms. */
const ACCESS_CHECK_DEADLINE_MS = 10_000;

export {VM_USER} from '../ssh-access/rental-alias.js';

/** Options of an SSH use of a VM: opt-in agent forwarding and a sink for notices (a port move, a legacy pin adopted). */
export type SshUseOptions = {
  /** Forward the local ssh-agent (`-A`); off by default. */
  readonly isAgentForwarded?: boolean | undefined;
  /** Hears one sentence per notice (the CLI writes it to stderr, the dashboard shows it). */
  readonly onNotice?: ((message: string) => void) | undefined;
};

/**
 * Where to SSH into VM `name`, with the checked key pair and the rental's host-key alias. A VM recorded before pins
 * were per rental gets its derived alias stored, adopting the legacy `[host]:port` pin golem trusted for it.
 * Throws `NotFoundError`, or `InvalidInputError` when the VM has no SSH port yet (still creating, stopped).
 */
export async function sshTarget(ctx: ServiceContext, name: string, options: SshUseOptions = {}): Promise<SshTarget> {
  const vm = ctx.db.repositories.vms.require(name);
  if (vm.sshPort === null || vm.status !== 'running') {
    throw new InvalidInputError({
      issues: [`VM '${name}' is ${vm.status}${vm.sshPort === null ? ' and has no SSH port yet' : ''}.`],
      hint: vm.status === 'stopped' ? `Start it with \`golem vm start ${name}\`.` : 'Check it with `golem vm info`.',
    });
  }
  const host = vm.sshHost ?? vm.providerIp;
  const hostKeyAlias = ensureHostKeyAlias(ctx, vm, host, vm.sshPort);
  return {host, port: vm.sshPort, username: VM_USER, key: await ctx.sshKeys.resolveKeyPair(), hostKeyAlias, isAgentForwarded: options.isAgentForwarded};
}

/** The VM's alias, stored on first use for a legacy row (whose `[host]:port` pin, if any, is adopted once). */
function ensureHostKeyAlias(ctx: ServiceContext, vm: Vm, host: string, port: number): string {
  const alias = hostKeyAliasOf(vm);
  if (vm.hostKeyAlias) return alias;
  ctx.ssh.adoptLegacyPin(alias, host, port);
  ctx.db.repositories.vms.update(vm.name, {hostKeyAlias: alias});
  return alias;
}

/**
 * Asks the VM's provider for its current SSH access (`GET /vms/{name}/access`, reference §4.6). Returns the new
 * target when the host or port changed, or undefined when the access is unchanged or the provider cannot say (not
 * ready, unreachable). Nothing is stored here: the caller stores the move only once the rental's pinned key answered
 * there (the answer is plain, unauthenticated HTTP). A provider that no longer knows the VM — a 404 (or the 500 the
 * provider answers for an unknown VM) on `/access` confirmed by a 404 on `GET /vms/{name}` — marks it `deleted` and
 * throws that `ProviderError`; a VM the provider still lists is left as it is (a transient 500 is not a fact, issue 11
 * item 4).
 */
async function readMovedAccess(ctx: ServiceContext, name: string, previous: SshTarget): Promise<SshTarget | undefined> {
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
  return {...previous, host: access.sshHost, port: access.sshPort};
}

/**
 * Runs `use` with VM `name`'s SSH target (issue 6 item 2: the port may have changed). When the connection fails
 * before any session opened (`SshConnectError` with `isBeforeSession`: refused, timed out, reset — not an auth or
 * host-key failure, which a new address would not fix, nor a session dropped midway), the access details are read
 * again from the provider once; if the host or port changed, `use` runs once more there. The rental's pin decides
 * (issue 12, case-31): the same key at the new address is accepted, the move stored and said through `onNotice`; a
 * different key is refused with `HostKeyMismatchError` naming the move (the access answer may have been tampered
 * with), and the stored address stays the old one. Otherwise the first error is thrown.
 *
 * Throws what `sshTarget` and `use` throw, and `ProviderError` (404) when the provider no longer knows the VM
 * (it is then marked `deleted`).
 *
 * @example
 * await withSshTarget(ctx, 'web-1', (target) => ctx.ssh.exec(target, 'uptime', output));
 */
export async function withSshTarget<T>(
  ctx: ServiceContext,
  name: string,
  use: (target: SshTarget) => Promise<T>,
  options: SshUseOptions = {},
): Promise<T> {
  const target = await sshTarget(ctx, name, options);
  try {
    return await use(target);
  } catch (error) {
    // Only a connection that never opened: a session dropped midway may have run the command already.
    if (!(error instanceof SshConnectError) || !error.isBeforeSession) throw error;
    const moved = await readMovedAccess(ctx, name, target);
    if (!moved) throw error;
    const from = `${target.host}:${target.port}`;
    try {
      // The rental's pinned key must answer at the new address before the move is believed or stored.
      await ctx.ssh.pinHostKey(moved);
    } catch (checkError) {
      if (!(checkError instanceof HostKeyMismatchError)) throw checkError;
      throw new HostKeyMismatchError({
        hostKeyAlias: target.hostKeyAlias,
        host: moved.host,
        port: moved.port,
        knownHostsPath: ctx.config.paths.knownHostsPath,
        knownFingerprints: checkError.knownFingerprints,
        presentedFingerprint: checkError.presentedFingerprint,
        movedFrom: from,
      });
    }
    ctx.db.repositories.vms.update(name, {sshHost: moved.host, sshPort: moved.port});
    syncSshConfig(ctx);
    options.onNotice?.(`'${name}' moved from ${from} to ${moved.host}:${moved.port}; its host key is the one pinned for ${target.hostKeyAlias}.`);
    return use(moved);
  }
}
