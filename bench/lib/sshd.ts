/**
 * A real OpenSSH `sshd` for the SSH benchmark: its own config, host key and authorized_keys in a temp dir, on a
 * free port on 127.0.0.1 (design.md: sshd needs /run/sshd; a pty only as root). Installs `openssh-server
 * openssh-client` with apt-get when `sshd`/`ssh` are missing.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {connect} from 'node:net';
import {join} from 'node:path';
import {freePort} from './free-port.js';
import {runProcess, sleep} from './process.js';

const SSHD = '/usr/sbin/sshd';

/** A running sshd and the client key it accepts. */
export type RunningSshd = {
  readonly port: number;
  readonly username: string;
  /** The client's private key file (ed25519, OpenSSH format, no passphrase). */
  readonly clientKeyPath: string;
  stop(): Promise<void>;
};

async function ensureOpenSsh(): Promise<void> {
  if (existsSync(SSHD) && existsSync('/usr/bin/ssh')) return;
  const install = await runProcess('apt-get', ['install', '-y', '-q', 'openssh-server', 'openssh-client'], {
    env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'},
    timeoutMs: 300_000,
  });
  if (install.exitCode !== 0 || !existsSync(SSHD)) throw new Error(`apt-get install openssh-server failed: ${install.stderr.trim()}`);
}

async function keygen(path: string): Promise<void> {
  const result = await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'golem-bench', '-f', path]);
  if (result.exitCode !== 0) throw new Error(`ssh-keygen failed: ${result.stderr.trim()}`);
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`sshd exited with code ${child.exitCode}`));
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`));
        else void sleep(50).then(attempt);
      });
    };
    attempt();
  });
}

/** Starts sshd in `dir` (which must exist and be empty). Throws when it cannot be installed or started. */
export async function startSshd(dir: string): Promise<RunningSshd> {
  await ensureOpenSsh();
  mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
  const hostKeyPath = join(dir, 'ssh_host_ed25519_key');
  const clientKeyPath = join(dir, 'client_ed25519');
  await keygen(hostKeyPath);
  await keygen(clientKeyPath);
  const authorizedKeysPath = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeysPath, readFileSync(`${clientKeyPath}.pub`), {mode: 0o600});
  const port = await freePort();
  const username = process.env['USER'] ?? 'root';
  const configPath = join(dir, 'sshd_config');
  writeFileSync(
    configPath,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKeyPath}`,
      `AuthorizedKeysFile ${authorizedKeysPath}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'UseDNS no',
      'PrintMotd no',
      'Subsystem sftp internal-sftp',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', configPath], {stdio: ['ignore', 'ignore', 'pipe']});
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  try {
    await waitForPort(port, child, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}: ${log.trim()}`);
  }
  return {
    port,
    username,
    clientKeyPath,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
