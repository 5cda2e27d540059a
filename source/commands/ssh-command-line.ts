import type {Vm} from '../services/types.js';
import {VM_USER} from '../services/vms/ssh-target.js';

const quote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);

/**
 * The plain OpenSSH command that reaches `vm` with golem's key (reference §10.3, but with the path quoted and host
 * keys checked, not disabled).
 */
export function sshCommandLine(vm: Vm, keyPath: string): string {
  return `ssh -i ${quote(keyPath)} -p ${vm.sshPort ?? 22} ${VM_USER}@${vm.sshHost ?? vm.providerIp}`;
}
