import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server as NetServer} from 'node:net';
import {once} from 'node:events';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough, Writable} from 'node:stream';
import ssh2 from 'ssh2';
import {generateEd25519KeyPair} from '../../../../source/adapters/ssh/generate-key.js';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {HostKeyMismatchError, SshAuthError, SshConnectError} from '../../../../source/errors.js';
import {createSshKeyStore, type ResolvedSshKeyPair} from '../../../../source/adapters/ssh/key-store.js';
import {createSshClient, NO_EXIT_STATUS} from '../../../../source/adapters/ssh/ssh-client.js';
import type {ShellTerminal, SshTarget} from '../../../../source/services/ports.js';
import {keyFixtures} from '../../../helpers/ssh-key-fixtures.js';
import {startTestSshServer, type TestSshServer} from '../../../helpers/ssh-server.js';

const {utils} = ssh2;

let root: string;
let key: ResolvedSshKeyPair;
let server: TestSshServer | undefined;
const cleanups: Array<() => Promise<void> | void> = [];

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'golem-ssh-client-'));
  key = await createSshKeyStore({sshKeyDir: join(root, 'keys'), sshKeyPath: null}).resolveKeyPair();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
  rmSync(root, {recursive: true, force: true});
});

/** The fingerprint OpenSSH's own `ssh-keygen -lf` prints for a public key line. */
function openSshFingerprint(publicKeyLine: string): string {
  const file = join(root, 'fingerprint.pub');
  writeFileSync(file, `${publicKeyLine}\n`);
  return execFileSync('ssh-keygen', ['-lf', file], {encoding: 'utf8'}).split(' ')[1]!;
}

function client(options: {connectTimeoutMs?: number} = {}) {
  return createSshClient({knownHostsPath: join(root, 'ssh', 'known_hosts'), connectTimeoutMs: options.connectTimeoutMs ?? 10_000});
}

const ALIAS = 'golem.web-1.0a1b2c3d';

function targetOf(testServer: {host: string; port: number}, pair: ResolvedSshKeyPair = key, hostKeyAlias = ALIAS): SshTarget {
  return {host: testServer.host, port: testServer.port, username: 'ubuntu', key: pair, hostKeyAlias};
}

/** A writable that collects what is written to it. */
function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return {stream, text: () => text};
}

async function run(command: string, target = targetOf(server!)) {
  const stdout = sink();
  const stderr = sink();
  const {exitCode} = await client().exec(target, command, {stdout: stdout.stream, stderr: stderr.stream});
  return {exitCode, stdout: stdout.text(), stderr: stderr.text()};
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('SshClient.exec', () => {
  it('streams stdout and stderr separately and resolves with the remote exit code', async () => {
    server = await startTestSshServer({authorizedKey: key.publicKey});
    expect(await run('echo out; echo err >&2; exit 3')).toEqual({exitCode: 3, stdout: 'out\n', stderr: 'err\n'});
    expect(await run('true')).toEqual({exitCode: 0, stdout: '', stderr: ''});
  });

  it('maps a command killed by a signal to 128 + n', async () => {
    server = await startTestSshServer({authorizedKey: key.publicKey});
    expect((await run('kill -TERM $$')).exitCode).toBe(128 + 15);
  });
});

describe('SshClient host keys (pinned per rental)', () => {
  it('pins the host key under the rental alias and refuses another key for that rental on the same port', async () => {
    server = await startTestSshServer({authorizedKey: key.publicKey});
    const {port} = server;
    const pin = await client().pinHostKey(targetOf(server));
    const firstFingerprint = openSshFingerprint(server.hostKey.public);
    expect(pin).toEqual({hostKeyAlias: ALIAS, fingerprint: firstFingerprint, keyType: 'ssh-ed25519', isNew: true});
    const knownHostsPath = join(root, 'ssh', 'known_hosts');
    expect(readFileSync(knownHostsPath, 'utf8')).toContain(`${ALIAS} ${server.hostKey.public.split(' ').slice(0, 2).join(' ')}`);
    expect((await client().pinHostKey(targetOf(server))).isNew).toBe(false);

    // OpenSSH itself finds the pin in golem's file under the alias.
    const found = execFileSync('ssh-keygen', ['-F', ALIAS, '-f', knownHostsPath], {encoding: 'utf8'});
    expect(found).toContain(`${ALIAS} ssh-ed25519 `);

    await server.close();
    server = await startTestSshServer({authorizedKey: key.publicKey, port});
    const secondFingerprint = openSshFingerprint(server.hostKey.public);
    const error = await run('true').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostKeyMismatchError);
    const mismatch = error as HostKeyMismatchError;
    expect(mismatch.knownFingerprints).toEqual([firstFingerprint]);
    expect(mismatch.presentedFingerprint).toBe(secondFingerprint);
    expect(mismatch.message).toBe(
      `The server at 127.0.0.1:${port} presented a different host key than the one pinned for ${ALIAS}; refused.\n` +
        `Details: pinned ${firstFingerprint}, presented now ${secondFingerprint}\n` +
        `Hint: Do not connect: the provider's access answer may have been tampered with, or someone is intercepting. The pin stays in ${knownHostsPath}; if the provider really re-created the VM, destroy it and rent a new one.`,
    );
    expect(server.execCommands).toEqual([]);

    // case-31: a new rental on the re-used host:port is its own pin — no false alarm.
    expect((await run('true', targetOf(server, key, 'golem.web-2.99990000'))).exitCode).toBe(0);
    client().forgetPin(ALIAS);
    expect((await run('true')).exitCode).toBe(0);
  });

  it('keeps trusting an RSA-keyed host when it also offers other key types', async () => {
    const rsaHostKey = utils.generateKeyPairSync('rsa', {bits: 2048});
    server = await startTestSshServer({authorizedKey: key.publicKey, hostKey: rsaHostKey});
    await run('true');
    expect(readFileSync(join(root, 'ssh', 'known_hosts'), 'utf8')).toContain(' ssh-rsa ');
    expect((await run('true')).exitCode).toBe(0);
  });
});

describe('SshClient error mapping', () => {
  it('a key the server does not accept is SshAuthError', async () => {
    server = await startTestSshServer({authorizedKey: generateEd25519KeyPair().public});
    const error = await run('true').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SshAuthError);
    expect((error as SshAuthError).shortMessage).toBe(`SSH login as ubuntu@127.0.0.1:${server.port} was refused (key signatures tried: ssh-ed25519).`);
    expect((error as SshAuthError).cause).toBeInstanceOf(Error);
  });

  it('a closed port is SshConnectError (ECONNREFUSED)', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const {port} = probe.address() as {port: number};
    await new Promise((resolve) => probe.close(resolve));
    const error = await run('true', targetOf({host: '127.0.0.1', port})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SshConnectError);
    expect((error as SshConnectError).details).toMatch(/^ECONNREFUSED: /);
    expect((error as SshConnectError).reason).toBe('refused');
    expect((error as SshConnectError).shortMessage).toBe(`SSH to 127.0.0.1:${port} refused the connection (nothing listens on that port).`);
  });

  it('a server that never answers is SshConnectError after connectTimeoutMs', async () => {
    // Reads (and drops) what the client sends so it sees the client hang up, but never says a word.
    const silent: NetServer = createServer((socket) => socket.resume());
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const {port} = silent.address() as {port: number};
    const started = Date.now();
    const error = await client({connectTimeoutMs: 300})
      .exec(targetOf({host: '127.0.0.1', port}), 'true', {stdout: sink().stream, stderr: sink().stream})
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SshConnectError);
    expect((error as SshConnectError).details).toMatch(/no answer in time/);
    expect((error as SshConnectError).reason).toBe('timed-out');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('case-15: every supported key format connects; unsupported ones fail before any connection', () => {
  const fixtures = keyFixtures();
  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('case-15: %s', async (_name, fixture) => {
    const keyPath = join(root, 'user-key');
    writeFileSync(keyPath, fixture.text, {mode: 0o600});
    const store = createSshKeyStore({sshKeyDir: join(root, 'unused'), sshKeyPath: keyPath, passphrase: fixture.passphrase});
    if (!fixture.isSupported) {
      await expect(store.resolveKeyPair()).rejects.toThrow(fixture.formatLabel);
      return;
    }
    const pair = await store.resolveKeyPair();
    server = await startTestSshServer({authorizedKey: pair.publicKey});
    expect(await run('echo ok', targetOf(server, pair))).toEqual({exitCode: 0, stdout: 'ok\n', stderr: ''});
  });
});

/** A terminal made of streams that say they are TTYs, for exit-path tests that need no real pty. */
function streamTerminal({throwOnWrite = false} = {}) {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: false,
    setRawMode(mode: boolean) {
      this.isRaw = mode;
      return this;
    },
  });
  let output = '';
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output += chunk.toString();
        if (throwOnWrite && output.includes('remote$')) throw new Error('stdout broke');
        callback();
      },
    }),
    {isTTY: true, columns: 90, rows: 30},
  );
  const state = () => ({
    isRaw: stdin.isRaw,
    isPaused: stdin.isPaused(),
    dataListeners: stdin.listenerCount('data'),
    endListeners: stdin.listenerCount('end'),
    resizeListeners: stdout.listenerCount('resize'),
  });
  const restored = {isRaw: false, isPaused: true, dataListeners: 0, endListeners: 0, resizeListeners: 0};
  return {terminal: {stdin, stdout} as unknown as ShellTerminal, stdin, output: () => output, state, restored};
}

describe('SshClient.shell exit paths (case-11)', () => {
  it('case-11: `exit 7` resolves with 7 and gives the terminal back', async () => {
    server = await startTestSshServer({authorizedKey: key.publicKey});
    const local = streamTerminal();
    const session = client().shell(targetOf(server), local.terminal);
    await waitFor(() => local.output().includes('remote$'), 'the prompt');
    expect(local.state().isRaw).toBe(true);
    local.stdin.write('exit 7\r');
    expect(await session).toEqual({exitCode: 7});
    expect(local.state()).toEqual(local.restored);
    expect(server.ptyRequests).toEqual([{term: expect.any(String), cols: 90, rows: 30}]);
  });

  it('case-11: Ctrl-D ends the shell with 0', async () => {
    server = await startTestSshServer({authorizedKey: key.publicKey});
    const local = streamTerminal();
    const session = client().shell(targetOf(server), local.terminal);
    await waitFor(() => local.output().includes('remote$'), 'the prompt');
    local.stdin.write('\u0004');
    expect(await session).toEqual({exitCode: 0});
    expect(local.state()).toEqual(local.restored);
  });

  it('case-11: the server closing the session (VM rebooted) resolves with 255 and gives the terminal back', async () => {
    server = await startTestSshServer({authorizedKey: key.publicKey});
    const local = streamTerminal();
    const session = client().shell(targetOf(server), local.terminal);
    await waitFor(() => local.output().includes('remote$'), 'the prompt');
    server.closeChannels();
    expect(await session).toEqual({exitCode: NO_EXIT_STATUS});
    expect(local.state()).toEqual(local.restored);
    expect(local.output()).toContain('\u001B[?1049l');
  });

  it('case-11: the connection dropping (provider killed the VM) rejects with SshConnectError and gives the terminal back', async () => {
    server = await startTestSshServer({authorizedKey: key.publicKey});
    const local = streamTerminal();
    const session = client().shell(targetOf(server), local.terminal);
    await waitFor(() => local.output().includes('remote$'), 'the prompt');
    server.dropConnections();
    const outcome = await session.then(
      (result) => result,
      (error: unknown) => error,
    );
    // A reset may arrive as an error (ECONNRESET) or as a bare close: both end the session and restore.
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(SshConnectError);
    else expect(outcome).toEqual({exitCode: NO_EXIT_STATUS});
    expect(local.state()).toEqual(local.restored);
  });

  it('a failed connection gives the terminal back and drops keys typed meanwhile', async () => {
    server = await startTestSshServer({authorizedKey: generateEd25519KeyPair().public});
    const local = streamTerminal();
    const session = client().shell(targetOf(server), local.terminal);
    local.stdin.write('d');
    await expect(session).rejects.toBeInstanceOf(SshAuthError);
    expect(local.state()).toEqual(local.restored);
    expect(local.output()).not.toContain('\u001B[?1049l');
  });

  it('an exception while relaying (stdout broke) ends the session, rejects with it unchanged and gives the terminal back', async () => {
    server = await startTestSshServer({authorizedKey: key.publicKey});
    const local = streamTerminal({throwOnWrite: true});
    const session = client().shell(targetOf(server), local.terminal);
    const error = await session.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(SshConnectError);
    expect((error as Error).message).toBe('stdout broke');
    expect(local.state()).toEqual(local.restored);
  });

  it('an abort signal ends the session with CancelledError and gives the terminal back', async () => {
    server = await startTestSshServer({authorizedKey: key.publicKey});
    const local = streamTerminal();
    const controller = new AbortController();
    const session = client().shell(targetOf(server), local.terminal, {signal: controller.signal});
    await waitFor(() => local.output().includes('remote$'), 'the prompt');
    controller.abort();
    await expect(session).rejects.toMatchObject({name: 'CancelledError'});
    expect(local.state()).toEqual(local.restored);
  });
});
