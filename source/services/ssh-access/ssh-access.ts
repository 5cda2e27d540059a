/**
 * How plain OpenSSH reaches a VM (issue 12 item 2): host, port, user, golem's key, golem's known_hosts and the
 * rental's `HostKeyAlias`, for the command golem prints after create, in `vm info`, in the dashboard, and for
 * `golem ssh-config`. With these, `ssh`, `scp`, `rsync -e ssh` and editors' remote-SSH check the rental's pin.
 */
import {sshIdentityFile} from '../../config/paths.js';
import type {ServiceContext} from '../context.js';
import type {Vm} from '../types.js';
import {hostKeyAliasOf, sshHostNameOf, VM_USER} from './rental-alias.js';

/** Everything an OpenSSH client needs to reach one VM with its pin checked. */
export type SshAccess = {
  readonly name: string;
  /** `Host` name in golem's ssh config: `golem-<name>`. */
  readonly sshHostName: string;
  readonly hostKeyAlias: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Private key file (golem's own, or GOLEM_REQUESTOR_SSH_KEY_PATH). */
  readonly identityFile: string;
  readonly knownHostsPath: string;
};

/**
 * The OpenSSH access of `vm`, or null while it has no SSH port (creating, stopped).
 *
 * @example
 * sshAccessOf(ctx.config.paths, vm) // {sshHostName: 'golem-web-1', hostKeyAlias: 'golem.web-1.3f9a0c1d', port: 50800, …}
 */
export function sshAccessOf(paths: Pick<ServiceContext['config']['paths'], 'sshKeyPath' | 'sshKeyDir' | 'knownHostsPath'>, vm: Vm): SshAccess | null {
  if (vm.sshPort === null) return null;
  return {
    name: vm.name,
    sshHostName: sshHostNameOf(vm.name),
    hostKeyAlias: hostKeyAliasOf(vm),
    host: vm.sshHost ?? vm.providerIp,
    port: vm.sshPort,
    user: VM_USER,
    identityFile: sshIdentityFile(paths),
    knownHostsPath: paths.knownHostsPath,
  };
}

/** Quotes a value for an OpenSSH config file when it holds spaces or quotes (ssh_config(5) "quoted arguments"). */
function configValue(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replaceAll('"', '')}"` : value;
}

/**
 * An OpenSSH config with one `Host golem-<name>` block per VM that has an SSH port: `HostName`, `Port`, `User`,
 * `IdentityFile` + `IdentitiesOnly`, golem's `UserKnownHostsFile` with `StrictHostKeyChecking yes` and the rental's
 * `HostKeyAlias` (so a re-used port never looks changed and a different key is refused), `CheckHostIP no` (nothing is
 * written to any known_hosts by ssh). Agent forwarding stays off (`ForwardAgent no`).
 *
 * @example
 * renderSshConfig([access]) // '# golem …\nHost golem-web-1\n  HostName 127.0.0.1\n  Port 50800\n …'
 */
export function renderSshConfig(accesses: readonly SshAccess[]): string {
  const header = [
    '# Written by golem (`golem ssh-config --write`); rewritten whenever a VM is created, moved or destroyed.',
    '# Use it with one line at the top of ~/.ssh/config:  Include <this file>',
    '',
  ];
  const blocks = accesses.map((access) =>
    [
      `Host ${access.sshHostName}`,
      `  HostName ${access.host}`,
      `  Port ${access.port}`,
      `  User ${access.user}`,
      `  IdentityFile ${configValue(access.identityFile)}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${configValue(access.knownHostsPath)}`,
      '  StrictHostKeyChecking yes',
      `  HostKeyAlias ${access.hostKeyAlias}`,
      '  CheckHostIP no',
      '  ForwardAgent no',
      '',
    ].join('\n'),
  );
  return `${[...header, ...blocks].join('\n')}`;
}

/** The VMs' accesses (those with an SSH port, not deleted), by name. */
export function listSshAccess(ctx: ServiceContext): SshAccess[] {
  return ctx.db.repositories.vms
    .list()
    .filter((vm) => vm.status !== 'deleted')
    .flatMap((vm) => sshAccessOf(ctx.config.paths, vm) ?? [])
    .sort((left, right) => left.name.localeCompare(right.name));
}

/**
 * Rewrites golem's ssh config when the user turned it on (`golem ssh-config --write` created it), so it stays
 * current after a create, a port move or a destroy; does nothing otherwise. Throws `StorageError`.
 */
export function syncSshConfig(ctx: ServiceContext): void {
  const file = ctx.sshConfigFile;
  if (!file?.exists()) return;
  file.write(renderSshConfig(listSshAccess(ctx)));
}
