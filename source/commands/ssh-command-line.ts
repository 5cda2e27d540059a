import {formatSshCommand} from '../adapters/ssh/ssh-command.js';
import type {SshAccess} from '../services/ssh-access/ssh-access.js';
import {sshAccessOf} from '../services/ssh-access/ssh-access.js';
import type {Vm} from '../services/types.js';

/**
 * The plain OpenSSH command that reaches `vm` with golem's key (reference §10.3, but with the path quoted and host
 * keys checked against the rental's pin in golem's own known_hosts: `StrictHostKeyChecking=yes` and `HostKeyAlias`,
 * issue 12). Null while the VM has no SSH port.
 */
export function sshCommandLine(vm: Vm, paths: Parameters<typeof sshAccessOf>[0]): string | null {
  const access = sshAccessOf(paths, vm);
  return access ? sshCommandOf(access) : null;
}

/** The `ssh` command line of one `SshAccess`. */
export function sshCommandOf(access: SshAccess): string {
  return formatSshCommand({
    host: access.host,
    port: access.port,
    username: access.user,
    privateKeyPath: access.identityFile,
    knownHostsPath: access.knownHostsPath,
    hostKeyAlias: access.hostKeyAlias,
  });
}
