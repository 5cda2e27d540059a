/**
 * Who a devnet VM's processes run as (issue 12 item 7: a devnet VM is not the host). A devnet started as root runs
 * every VM shell, command and SFTP server as the unprivileged system user `golem-vm` (created once with `useradd
 * --system`), each VM in its own home directory under that user's home. A devnet started by an ordinary user runs
 * them as that user (already unprivileged). When the machine does not allow creating the user, they run as the
 * current user and `note` says so.
 */
import {execFileSync} from 'node:child_process';
import {chownSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {createHash} from 'node:crypto';

/** Name of the system user devnet VMs run as when the devnet runs as root. */
export const VM_SYSTEM_USER = 'golem-vm';
/** Its home; each VM gets a directory below it. */
export const VM_SYSTEM_HOME = '/var/lib/golem-vm';

/** An OS identity for VM processes: uid/gid and the directory VM homes are created in. */
export type VmUser = {readonly name: string; readonly uid: number; readonly gid: number; readonly homeRoot: string};

/** The identity chosen (null: the current user) and one sentence saying what devnet VMs run as. */
export type VmUserChoice = {readonly user: VmUser | null; readonly note: string};

function lookup(name: string): VmUser | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim());
    const gid = Number(execFileSync('id', ['-g', name], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? {name, uid, gid, homeRoot: VM_SYSTEM_HOME} : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Picks (and when needed creates) the identity devnet VM processes run as; see the module comment. Never throws:
 * a machine that refuses `useradd` gets the fallback with a note.
 *
 * @example
 * resolveVmUser() // as root: {user: {name: 'golem-vm', uid: 998, gid: 998, homeRoot: '/var/lib/golem-vm'}, note: '…'}
 */
export function resolveVmUser(): VmUserChoice {
  const uid = process.getuid?.();
  if (uid === undefined) return {user: null, note: 'Devnet VMs run as the current user (this platform has no uids).'};
  if (uid !== 0) return {user: null, note: `Devnet VMs run as the current user (uid ${uid}), which is not root.`};
  let user = lookup(VM_SYSTEM_USER);
  if (!user) {
    try {
      execFileSync(
        'useradd',
        ['--system', '--user-group', '--create-home', '--home-dir', VM_SYSTEM_HOME, '--shell', '/bin/bash', '--comment', 'golem devnet VMs', VM_SYSTEM_USER],
        {stdio: ['ignore', 'ignore', 'pipe']},
      );
    } catch (error) {
      const reason = (error as {stderr?: Buffer}).stderr?.toString().trim() || (error as Error).message;
      return {user: null, note: `Devnet VMs run as root: the unprivileged user ${VM_SYSTEM_USER} could not be created (${reason}).`};
    }
    user = lookup(VM_SYSTEM_USER);
    if (!user) return {user: null, note: `Devnet VMs run as root: ${VM_SYSTEM_USER} was not found after useradd.`};
  }
  mkdirSync(VM_SYSTEM_HOME, {recursive: true, mode: 0o755});
  return {user, note: `Devnet VMs run as the unprivileged user ${VM_SYSTEM_USER} (uid ${user.uid}), each in its own home under ${VM_SYSTEM_HOME}.`};
}

/**
 * Creates VM home `dir` owned by `user` (mode 0700) when a user is given, else an ordinary directory.
 * Throws the file system's error.
 */
export function createVmHome(dir: string, user: VmUser | null): void {
  mkdirSync(dir, {recursive: true, mode: 0o700});
  if (user) chownSync(dir, user.uid, user.gid);
}

/** Where VM `name` of the devnet whose state lives in `stateDir` has its home (see `resolveVmUser`). */
export function vmHomeDir(stateDir: string, name: string, user: VmUser | null): string {
  if (!user) return join(stateDir, 'vms', name);
  // One devnet's VMs apart from another's: the state dir names the devnet.
  const devnetId = createHash('sha256').update(stateDir).digest('hex').slice(0, 12);
  return join(user.homeRoot, devnetId, name);
}
