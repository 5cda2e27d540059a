/**
 * case-05 a through the ssh-agent: an encrypted key named without a passphrase is used via `SSH_AUTH_SOCK` when
 * the agent holds it (checked against its .pub before anything is paid), and refused with the `ssh-add` way out
 * when it does not. Real OpenSSH tools (ssh-keygen, ssh-agent, ssh-add) and a real ssh2 server.
 */
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {copyFileSync, existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createSshKeyStore} from '../../../../source/adapters/ssh/key-store.js';
import {createSshClient} from '../../../../source/adapters/ssh/ssh-client.js';
import {InvalidInputError} from '../../../../source/errors.js';
import {startTestSshServer} from '../../../helpers/ssh-server.js';

let root: string;
let agent: ChildProcess;
let socket: string;
let keyPath: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'golem-ssh-agent-'));
  keyPath = join(root, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-C', 'me@laptop', '-f', keyPath]);
  // The agent gets the same key, decrypted from a copy (ssh-add would otherwise prompt for the passphrase).
  const plain = join(root, 'plain');
  copyFileSync(keyPath, plain);
  execFileSync('ssh-keygen', ['-q', '-p', '-P', 'correct horse', '-N', '', '-f', plain]);
  socket = join(root, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', socket], {stdio: 'ignore'});
  for (let attempt = 0; attempt < 100 && !existsSync(socket); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  execFileSync('ssh-add', ['-q', plain], {env: {...process.env, SSH_AUTH_SOCK: socket}, stdio: 'ignore'});
});
afterAll(() => {
  agent?.kill();
  rmSync(root, {recursive: true, force: true});
});

const sink = () => new Writable({write: (_chunk, _encoding, callback) => callback()});

describe('case-05 a: an encrypted key through the ssh-agent', () => {
  it('is used via SSH_AUTH_SOCK when the agent holds it, and connects', async () => {
    const pair = await createSshKeyStore({sshKeyDir: join(root, 'golem'), sshKeyPath: keyPath, agentSocket: socket}).resolveKeyPair();
    expect(pair.agentSocket).toBe(socket);
    expect(pair.publicKey).toMatch(/^ssh-ed25519 AAAA\S+ me@laptop$/);
    expect(pair.description).toContain('via ssh-agent');
    expect(pair.fingerprint).toBe(execFileSync('ssh-keygen', ['-lf', `${keyPath}.pub`], {encoding: 'utf8'}).split(' ')[1]);

    const server = await startTestSshServer({authorizedKey: pair.publicKey});
    try {
      const ssh = createSshClient({knownHostsPath: join(root, 'known_hosts'), connectTimeoutMs: 10_000});
      const result = await ssh.exec({host: server.host, port: server.port, username: 'ubuntu', key: pair, hostKeyAlias: 'golem.agent.00000001'}, 'true', {stdout: sink(), stderr: sink()});
      expect(result.exitCode).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('is refused before any payment, with `ssh-add` as a way out, when the agent does not hold it', async () => {
    const otherKey = join(root, 'other');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret', '-f', otherKey]);
    const error = await createSshKeyStore({sshKeyDir: join(root, 'golem'), sshKeyPath: otherKey, agentSocket: socket})
      .resolveKeyPair()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toContain('is encrypted');
    expect((error as InvalidInputError).hint).toContain(`ssh-add ${otherKey}`);
  });
});
