import {formatSshCommand} from '../adapters/ssh/ssh-command.js';
import type {Vm} from '../services/types.js';
import {VM_USER} from '../services/vms/ssh-target.js';

/**
 * The plain OpenSSH command that reaches `vm` with golem's key (reference §10.3, but with the path quoted and host
 * keys checked against golem's own known_hosts, where golem pinned the VM's key: `StrictHostKeyChecking=yes`).
 */
export function sshCommandLine(vm: Vm, keyPath: string, knownHostsPath: string): string {
  return formatSshCommand({
    host: vm.sshHost ?? vm.providerIp,
    port: vm.sshPort ?? 22,
    username: VM_USER,
    privateKeyPath: keyPath,
    knownHostsPath,
  });
}
