/**
 * The SSH adapters loaded on first use (issue 16: a dashboard that never connects does not pay ssh2's ~15 MB):
 * the same behaviour as `createSshClient`/`createSshKeyStore`, against a real ssh2 server on 127.0.0.1.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createLazySshClient, createLazySshKeyStore} from '../../../../source/adapters/ssh/lazy-ssh.js';
import {startTestSshServer, type TestSshServer} from '../../../helpers/ssh-server.js';

let root: string;
let server: TestSshServer | undefined;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'golem-lazy-ssh-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(root, {recursive: true, force: true});
});

function sink(): Writable & {text: () => string} {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return Object.assign(stream, {text: () => text});
}

describe('lazy SSH adapters', () => {
  it('create golem\'s key on the first resolve (once per store), run a command, pin and forget the host key', async () => {
    const store = createLazySshKeyStore({sshKeyDir: join(root, 'keys'), sshKeyPath: null});
    const key = await store.resolveKeyPair();
    expect((await store.resolveKeyPair()).publicKey).toBe(key.publicKey);
    expect(readFileSync(join(root, 'keys', 'golem_id_ed25519.pub'), 'utf8')).toContain(key.publicKey.split(' ')[1]);

    server = await startTestSshServer({authorizedKey: key.publicKey});
    const knownHostsPath = join(root, 'ssh', 'known_hosts');
    const ssh = createLazySshClient({knownHostsPath, connectTimeoutMs: 10_000});
    expect(await ssh.answers(server.host, server.port)).toBe(true);
    const target = {host: server.host, port: server.port, username: 'ubuntu', key, hostKeyAlias: 'golem.web-1.0a1b2c3d'};
    const stdout = sink();
    expect(await ssh.exec(target, 'echo out', {stdout, stderr: sink()})).toEqual({exitCode: 0});
    expect(stdout.text()).toBe('out\n');
    expect(ssh.knownHosts.fingerprints('golem.web-1.0a1b2c3d')).toHaveLength(1);
    ssh.forgetPin('golem.web-1.0a1b2c3d');
    expect(ssh.knownHosts.fingerprints('golem.web-1.0a1b2c3d')).toHaveLength(0);
  });
});
