/**
 * Issue 12 item 7 and the sandbox's SFTP / port-forward support: a devnet VM honours the provider's SSH user
 * (`ubuntu`), runs as an unprivileged user with its own home when the devnet runs as root, serves SFTP with OpenSSH's
 * sftp-server, and forwards `direct-tcpip` only to loopback.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, statSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateEd25519KeyPair} from '../../../source/adapters/ssh/generate-key.js';
import {startSandbox, type Sandbox} from '../../../source/devnet/sandbox.js';
import {createVmHome, resolveVmUser, vmHomeDir, VM_SYSTEM_USER, type VmUserChoice} from '../../../source/devnet/vm-user.js';
import {connectSsh, execSsh} from './ssh-probe.js';

/** OpenSSH's sftp-server comes with openssh-server (Debian); installed here when missing, never skipped. */
function ensureSftpServer(): void {
  if (existsSync('/usr/lib/openssh/sftp-server')) return;
  execFileSync('apt-get', ['install', '-y', '-q', 'openssh-sftp-server'], {stdio: 'ignore', env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}});
  if (!existsSync('/usr/lib/openssh/sftp-server')) throw new Error('apt-get install openssh-sftp-server did not install /usr/lib/openssh/sftp-server');
}

describe('devnet VM isolation, SFTP and forwards', () => {
  const userKey = generateEd25519KeyPair('tester');
  let stateDir: string;
  let sandbox: Sandbox;
  let choice: VmUserChoice;
  let http: Server;
  let httpPort: number;

  beforeAll(async () => {
    ensureSftpServer();
    stateDir = mkdtempSync(join(tmpdir(), 'golem-vm-user-'));
    choice = resolveVmUser();
    const dir = vmHomeDir(stateDir, 'iso-1', choice.user);
    createVmHome(dir, choice.user);
    sandbox = await startSandbox({dir, authorizedKey: userKey.public, runAs: choice.user});
    http = createServer((_request, response) => response.end('hello from the vm side\n'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpPort = (http.address() as {port: number}).port;
  });
  afterAll(async () => {
    await sandbox.close();
    await new Promise((resolve) => http.close(resolve));
    if (choice.user) rmSync(vmHomeDir(stateDir, 'iso-1', choice.user), {recursive: true, force: true});
    rmSync(stateDir, {recursive: true, force: true});
  });

  it('accepts logins only as the provider’s user (ubuntu), as its cloud-init does', async () => {
    await expect(connectSsh(sandbox.port, userKey.private, 'root')).rejects.toMatchObject({level: 'client-authentication'});
    const client = await connectSsh(sandbox.port, userKey.private, 'ubuntu');
    try {
      expect((await execSsh(client, 'echo "$USER $LOGNAME"')).stdout).toBe('ubuntu ubuntu\n');
    } finally {
      client.end();
    }
  });

  it('runs the VM’s processes as an unprivileged user with its own home when the devnet runs as root', async () => {
    const client = await connectSsh(sandbox.port, userKey.private);
    try {
      const {stdout} = await execSsh(client, 'id -u; echo "$HOME"; pwd; cat /root/.bashrc >/dev/null 2>&1 && echo can-read-root || echo cannot-read-root');
      const [uid, home, cwd, rootAccess] = stdout.trim().split('\n');
      expect(home).toBe(cwd);
      // A pty session (the interactive shell) runs as the same user.
      const inPty = await execSsh(client, 'id -u', {pty: {term: 'xterm', cols: 80, rows: 24}});
      expect(inPty.stdout.trim()).toBe(uid);
      if (process.getuid?.() === 0) {
        // This machine runs the devnet as root: the VM must not.
        expect(choice.user?.name).toBe(VM_SYSTEM_USER);
        expect(choice.note).toContain(`unprivileged user ${VM_SYSTEM_USER}`);
        expect(Number(uid)).toBe(choice.user!.uid);
        expect(Number(uid)).not.toBe(0);
        expect(rootAccess).toBe('cannot-read-root');
        expect(statSync(home!).uid).toBe(choice.user!.uid);
        expect(statSync(home!).mode & 0o777).toBe(0o700);
      } else {
        expect(Number(uid)).toBe(process.getuid?.());
        expect(choice.user).toBeNull();
      }
    } finally {
      client.end();
    }
  });

  it('serves SFTP with OpenSSH’s sftp-server in the VM’s home', async () => {
    const client = await connectSsh(sandbox.port, userKey.private);
    try {
      const sftp = await new Promise<import('ssh2').SFTPWrapper>((resolve, reject) => client.sftp((error, session) => (error ? reject(error) : resolve(session))));
      await new Promise<void>((resolve, reject) => sftp.writeFile('hello.txt', 'over sftp\n', (error) => (error ? reject(error) : resolve())));
      expect((await execSsh(client, 'cat hello.txt; stat -c %u hello.txt')).stdout).toBe(`over sftp\n${choice.user?.uid ?? process.getuid?.()}\n`);
      sftp.end();
    } finally {
      client.end();
    }
  });

  it('forwards direct-tcpip to a loopback port and refuses other destinations', async () => {
    const client = await connectSsh(sandbox.port, userKey.private);
    try {
      const body = await new Promise<string>((resolve, reject) =>
        client.forwardOut('127.0.0.1', 0, '127.0.0.1', httpPort, (error, stream) => {
          if (error) return reject(error);
          let text = '';
          stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
          stream.on('close', () => resolve(text));
          stream.end('GET / HTTP/1.0\r\n\r\n');
        }),
      );
      expect(body).toContain('hello from the vm side');
      const refused = await new Promise<Error | undefined>((resolve) => client.forwardOut('127.0.0.1', 0, '10.255.255.1', 80, (error) => resolve(error)));
      expect(refused).toBeInstanceOf(Error);
    } finally {
      client.end();
    }
  });
});
