import {CancelledError, SshAuthError, SshConnectError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {HostKeyPin, SshKeyPair} from '../ports.js';
import {hostKeyAliasOf, VM_USER} from '../ssh-access/rental-alias.js';
import type {OnProgress, Vm} from '../types.js';

/**
 * Create's "SSH reachable" step (issue 12 item 1): connects to the new rental and logs in with the key it was
 * created with, pinning the host key under the rental's alias, so the ssh command printed right after create (and
 * `ssh golem-NAME`) finds the pin. A VM whose sshd is still starting, or whose cloud-init has not installed the key
 * yet, refuses or fails the login for a while: connect and auth failures are retried every poll interval until
 * `ctx.timing.createTimeoutMs`. Reports the fingerprint through `onProgress` (step `ssh`).
 *
 * Throws the last `SshConnectError`/`SshAuthError` after the deadline, `HostKeyMismatchError` at once (the key
 * changed between two attempts), `CancelledError` when `signal` aborts.
 *
 * @example
 * const pin = await pinRentalHostKey(ctx, {vm, key}, onProgress) // pin.fingerprint === 'SHA256:…'
 */
export async function pinRentalHostKey(
  ctx: ServiceContext,
  {vm, key, signal}: {vm: Vm; key: SshKeyPair; signal?: AbortSignal | undefined},
  onProgress: OnProgress = () => {},
): Promise<HostKeyPin> {
  const target = {host: vm.sshHost ?? vm.providerIp, port: vm.sshPort ?? 22, username: VM_USER, key, hostKeyAlias: hostKeyAliasOf(vm)};
  const deadline = Date.now() + ctx.timing.createTimeoutMs;
  onProgress({step: 'ssh', message: `Waiting for SSH on ${target.host}:${target.port}`});
  for (;;) {
    if (signal?.aborted) throw new CancelledError({isInterrupt: true});
    try {
      const pin = await ctx.ssh.pinHostKey(target);
      onProgress({
        step: 'ssh',
        message: `SSH host key ${pin.keyType} ${pin.fingerprint} ${pin.isNew ? 'pinned' : 'matches the pin'} for ${pin.hostKeyAlias}`,
      });
      return pin;
    } catch (error) {
      const isRetryable = error instanceof SshConnectError || error instanceof SshAuthError;
      if (!isRetryable || Date.now() + ctx.timing.pollIntervalMs > deadline) throw error;
    }
    await ctx.sleep(ctx.timing.pollIntervalMs);
  }
}
