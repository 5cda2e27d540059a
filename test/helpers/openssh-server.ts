/**
 * A real OpenSSH `sshd` for tests (issue 12: the printed commands, ssh-config, SFTP and pins against the real
 * thing): its own config, the host key the test gives (so "the same VM" can move ports and "another VM" can re-use
 * one), public-key login as `ubuntu` (the provider's user, reference §10.2), SFTP through its `internal-sftp`, TCP
 * forwarding on. Installs `openssh-server` with apt-get when sshd is missing and creates the `ubuntu` user when
 * running as root; otherwise it fails loudly — it never skips.
 */
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {connect, createServer} from 'node:net';
import {join} from 'node:path';

const SSHD = '/usr/sbin/sshd';
/** The provider's SSH user, created on this machine for the tests when missing (root only). */
export const OPENSSH_TEST_USER = 'ubuntu';

/** Installs OpenSSH (server + client) with apt-get when missing; throws with apt's output when that fails. */
export function ensureOpenSsh(): void {
  if (existsSync(SSHD) && existsSync('/usr/bin/ssh') && existsSync('/usr/bin/sftp')) return;
  const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
  try {
    execFileSync('apt-get', ['install', '-y', '-q', 'openssh-server', 'openssh-client'], {env, stdio: 'pipe'});
  } catch {
    execFileSync('apt-get', ['update', '-q'], {env, stdio: 'pipe'});
    execFileSync('apt-get', ['install', '-y', '-q', 'openssh-server', 'openssh-client'], {env, stdio: 'pipe'});
  }
  if (!existsSync(SSHD)) throw new Error('apt-get install openssh-server did not install /usr/sbin/sshd');
}

/** Makes sure the `ubuntu` user exists (useradd as root); throws naming the fix otherwise. */
export function ensureTestUser(): void {
  let exists = true;
  try {
    execFileSync('id', ['-u', OPENSSH_TEST_USER], {stdio: 'ignore'});
  } catch {
    exists = false;
  }
  if (process.getuid?.() !== 0) {
    if (exists) return;
    throw new Error(`The OpenSSH tests log in as '${OPENSSH_TEST_USER}': create that user (sudo useradd -m ubuntu).`);
  }
  if (!exists) execFileSync('useradd', ['--create-home', '--shell', '/bin/bash', OPENSSH_TEST_USER], {stdio: 'pipe'});
  // A new account is locked ('!'), and sshd without PAM refuses locked accounts even for keys: no password, not locked.
  const shadow = readFileSync('/etc/shadow', 'utf8').split('\n').find((line) => line.startsWith(`${OPENSSH_TEST_USER}:`));
  if (shadow?.split(':')[1]?.startsWith('!')) execFileSync('usermod', ['-p', '*', OPENSSH_TEST_USER], {stdio: 'pipe'});
}

/** Generates an ed25519 key pair with ssh-keygen at `path` (+ `.pub`). */
export function sshKeygen(path: string, comment = 'golem-test'): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], {stdio: 'pipe'});
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A running sshd; `log()` is what it wrote to stderr so far (at the `logLevel` it was started with). */
export type OpenSshServer = {readonly port: number; log(): string; stop(): Promise<void>};

/**
 * Starts sshd on 127.0.0.1:`port` with `hostKeyPath` (a private key file), accepting `authorizedKeysPath` for
 * `ubuntu`. `dir` holds its config and pid file. `logLevel` `DEBUG2` makes sshd log each publickey attempt's
 * signature algorithm (`userauth_pubkey: authenticated 1 pkalg rsa-sha2-512`).
 */
export async function startOpenSshServer({
  dir,
  port,
  hostKeyPath,
  authorizedKeysPath,
  logLevel = 'ERROR',
}: {
  dir: string;
  port: number;
  hostKeyPath: string;
  authorizedKeysPath: string;
  logLevel?: 'ERROR' | 'VERBOSE' | 'DEBUG2';
}): Promise<OpenSshServer> {
  ensureOpenSsh();
  ensureTestUser();
  mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
  mkdirSync(dir, {recursive: true});
  const configPath = join(dir, `sshd_config_${port}`);
  writeFileSync(
    configPath,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKeyPath}`,
      `AuthorizedKeysFile ${authorizedKeysPath}`,
      `PidFile ${join(dir, `sshd_${port}.pid`)}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'StrictModes no',
      'UsePAM no',
      'UseDNS no',
      'PrintMotd no',
      'AllowTcpForwarding yes',
      'Subsystem sftp internal-sftp',
      `LogLevel ${logLevel}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', configPath], {stdio: ['ignore', 'ignore', 'pipe']});
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited with code ${child.exitCode}: ${log.trim()}`);
    const isUp = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isUp) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`sshd did not listen on 127.0.0.1:${port}: ${log.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
