/**
 * Issue 12 items 5–6 against a real OpenSSH sshd (which refuses SHA-1 `ssh-rsa` signatures since 8.8): a refused
 * RSA login names the SHA-2 signature algorithms tried and suggests ed25519; a VM that stops answering mid-session is
 * "connection lost" (keepalive), not a hang (that one against the in-process ssh2 server behind a freezing relay).
 */
import {execFileSync} from 'node:child_process';
import {once} from 'node:events';
import {chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {connect, createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createSshKeyStore} from '../../../../source/adapters/ssh/key-store.js';
import {createSshClient} from '../../../../source/adapters/ssh/ssh-client.js';
import {SshAuthError, SshConnectError} from '../../../../source/errors.js';
import {startTestSshServer} from '../../../helpers/ssh-server.js';
import {freeTcpPort, OPENSSH_TEST_USER, sshKeygen, startOpenSshServer, type OpenSshServer} from '../../../helpers/openssh-server.js';

let root: string;
let sshd: OpenSshServer;
const sink = () => new Writable({write: (_chunk, _encoding, done) => done()});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'golem-openssh-auth-'));
  chmodSync(root, 0o755);
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '3072', '-N', '', '-f', join(root, 'id_rsa')]);
  sshKeygen(join(root, 'host'));
  sshKeygen(join(root, 'id_ed25519'));
  writeFileSync(join(root, 'authorized_keys'), `${readFileSync(join(root, 'id_rsa.pub'), 'utf8')}${readFileSync(join(root, 'id_ed25519.pub'), 'utf8')}`, {mode: 0o644});
  sshd = await startOpenSshServer({
    dir: join(root, 'sshd'),
    port: await freeTcpPort(),
    hostKeyPath: join(root, 'host'),
    authorizedKeysPath: join(root, 'authorized_keys'),
    logLevel: 'DEBUG2',
  });
}, 120_000);

afterAll(async () => {
  await sshd?.stop();
  rmSync(root, {recursive: true, force: true});
});

function client(options: {keepaliveIntervalMs?: number; keepaliveCountMax?: number} = {}) {
  return createSshClient({knownHostsPath: join(root, 'known_hosts'), connectTimeoutMs: 10_000, ...options});
}

describe('OpenSSH sshd: keys, algorithms and lost connections', () => {
  // known_hosts sits next to authorized_keys in a 0755 directory: pinning the host key used to narrow that directory
  // to 0700, after which sshd (reading authorized_keys as `ubuntu`) refused every key — the RSA/ed25519 failures of
  // issue 12 item 5. OpenSSH ≥ 8.8 refuses SHA-1 `ssh-rsa` signatures, so an RSA login must sign with rsa-sha2-*.
  it.each([
    ['an RSA 3072 key (ssh-keygen -t rsa -b 3072), signing with rsa-sha2', 'id_rsa', 'ssh-rsa', /pkalg rsa-sha2-(256|512)\b/],
    ["the user's own ssh-keygen ed25519 key", 'id_ed25519', 'ssh-ed25519', /pkalg ssh-ed25519\b/],
  ])('logs in to OpenSSH sshd with %s through golem\'s host-key verifier', async (_label, file, keyType, signed) => {
    const key = await createSshKeyStore({sshKeyDir: join(root, 'unused'), sshKeyPath: join(root, file)}).resolveKeyPair();
    expect(key.keyType).toBe(keyType);
    const alias = `golem.user-key.${file}`;
    const logBefore = sshd.log().length;
    let stdout = '';
    const capture = new Writable({write: (chunk, _encoding, done) => ((stdout += String(chunk)), done())});
    const {exitCode} = await client().exec({host: '127.0.0.1', port: sshd.port, username: OPENSSH_TEST_USER, key, hostKeyAlias: alias}, 'id -un', {
      stdout: capture,
      stderr: sink(),
    });
    expect({exitCode, user: stdout.trim()}).toEqual({exitCode: 0, user: OPENSSH_TEST_USER});
    const log = sshd.log().slice(logBefore);
    expect(log).toMatch(new RegExp(`authenticated 1 ${signed.source}`));
    expect(log).not.toMatch(/pkalg ssh-rsa\b/);
    // The host key was pinned under the rental alias, and the shared directory kept its mode.
    expect(execFileSync('ssh-keygen', ['-F', alias, '-f', join(root, 'known_hosts')], {encoding: 'utf8'})).toContain(`${alias} ssh-ed25519`);
    expect(statSync(root).mode & 0o777).toBe(0o755);
  });

  it('a refused RSA login names the signature algorithms tried and suggests ed25519', async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', join(root, 'other_rsa')]);
    const key = await createSshKeyStore({sshKeyDir: join(root, 'unused'), sshKeyPath: join(root, 'other_rsa')}).resolveKeyPair();
    const error = await client()
      .exec({host: '127.0.0.1', port: sshd.port, username: OPENSSH_TEST_USER, key, hostKeyAlias: 'golem.rsa.00000001'}, 'true', {stdout: sink(), stderr: sink()})
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SshAuthError);
    expect((error as SshAuthError).algorithms.every((algorithm) => algorithm.startsWith('rsa-sha2-'))).toBe(true);
    expect((error as SshAuthError).shortMessage).toMatch(/was refused \(key signatures tried: rsa-sha2-(256|512)/);
    expect((error as SshAuthError).hint).toContain('ssh-keygen -t ed25519');
  });

  it('a VM that stops answering mid-session is "connection lost" after the keepalives, not a hang', async () => {
    // A relay (the provider's port forwarder) that goes silent without closing: the VM froze.
    const key = await createSshKeyStore({sshKeyDir: join(root, 'golem-keys'), sshKeyPath: null}).resolveKeyPair();
    const vm = await startTestSshServer({authorizedKey: key.publicKey});
    const sockets: Socket[] = [];
    let isFrozen = false;
    const relay: Server = createServer((socket) => {
      const upstream = connect(vm.port, '127.0.0.1');
      sockets.push(socket, upstream);
      socket.on('data', (data) => !isFrozen && upstream.write(data));
      upstream.on('data', (data) => !isFrozen && socket.write(data));
      for (const each of [socket, upstream]) each.on('error', () => {});
    });
    relay.listen(0, '127.0.0.1');
    await once(relay, 'listening');
    const port = (relay.address() as {port: number}).port;
    try {
      const session = client({keepaliveIntervalMs: 300, keepaliveCountMax: 2}).exec(
        {host: '127.0.0.1', port, username: 'ubuntu', key, hostKeyAlias: 'golem.lost.00000001'},
        'sleep 30',
        {stdout: sink(), stderr: sink()},
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      isFrozen = true;
      const started = Date.now();
      const error = await session.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SshConnectError);
      expect((error as SshConnectError).reason).toBe('lost');
      expect((error as SshConnectError).shortMessage).toBe(`SSH to 127.0.0.1:${port}: connection lost: the VM stopped answering.`);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      relay.close();
      await vm.close();
    }
  }, 30_000);
});
