import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import ssh2 from 'ssh2';
import {generateEd25519KeyPair} from '../../../source/adapters/ssh/generate-key.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSandbox, type Sandbox} from '../../../source/devnet/sandbox.js';
import {connectSsh, execSsh, openShell} from './ssh-probe.js';

const {utils} = ssh2;

describe('devnet SSH sandbox', () => {
  const userKey = generateEd25519KeyPair('tester');
  const strangerKey = generateEd25519KeyPair();
  let dir: string;
  let sandbox: Sandbox;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'golem-sandbox-'));
    sandbox = await startSandbox({dir: join(dir, 'vm'), authorizedKey: userKey.public});
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('listens on a loopback port with an ed25519 host key', () => {
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.hostPublicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+$/);
  });

  it('runs an exec without a pty with stdout and stderr apart and the real exit status', async () => {
    const client = await connectSsh(sandbox.port, userKey.private);
    try {
      const result = await execSsh(client, 'echo out; echo err >&2; exit 7');
      expect(result).toEqual({stdout: 'out\n', stderr: 'err\n', code: 7, signal: null});
      const home = await execSsh(client, 'pwd; echo "$HOME"');
      expect(home.stdout).toBe(`${join(dir, 'vm')}\n${join(dir, 'vm')}\n`);
      expect(home.code).toBe(0);
      expect(await execSsh(client, 'cat', {stdin: 'piped input'})).toMatchObject({stdout: 'piped input', code: 0});
    } finally {
      client.end();
    }
  });

  it('runs an exec in a pty when one is requested', async () => {
    const client = await connectSsh(sandbox.port, userKey.private);
    try {
      const result = await execSsh(client, 'tput cols; echo "$TERM"; exit 3', {
        pty: {term: 'xterm-256color', cols: 111, rows: 33},
      });
      expect(result.stdout.replace(/\r/g, '')).toBe('111\nxterm-256color\n');
      expect(result.code).toBe(3);
    } finally {
      client.end();
    }
  });

  it('case-19: a pty shell has the requested width, follows window-change and echoes input once', async () => {
    const client = await connectSsh(sandbox.port, userKey.private);
    try {
      const shell = await openShell(client, {term: 'xterm-256color', cols: 93, rows: 30});
      shell.channel.write('echo "cols=$(tput cols) lines=$(tput lines)"\n');
      await shell.waitFor(/cols=93 lines=30/);
      shell.channel.setWindow(40, 121, 0, 0);
      shell.channel.write('echo "cols=$(tput cols) lines=$(tput lines)"\n');
      // Type only once the prompt is back: text typed ahead of readline is echoed by the tty and again by readline.
      await shell.waitFor(/cols=121 lines=40\r\n[\s\S]*[#$] $/);
      shell.channel.write('echo marker-$((40+2))\n');
      await shell.waitFor(/marker-42/);
      expect(shell.output().match(/echo marker-\$\(\(40\+2\)\)/g)).toHaveLength(1);
      shell.channel.write('exit\n');
      await shell.closed;
    } finally {
      client.end();
    }
  });

  it('refuses any key other than the authorised one, and password logins', async () => {
    await expect(connectSsh(sandbox.port, strangerKey.private)).rejects.toMatchObject({
      level: 'client-authentication',
    });
    const refused = await new Promise<Error & {level?: string}>((resolve) => {
      const client = new ssh2.Client();
      client.once('error', resolve);
      client.once('ready', () => resolve(Object.assign(new Error('logged in with a password'), {level: 'none'})));
      client.connect({host: '127.0.0.1', port: sandbox.port, username: 'root', password: 'root', readyTimeout: 10_000});
    });
    expect(refused.level).toBe('client-authentication');
  });

  it('accepts an RSA key when that is the authorised one, and keeps a given host key', async () => {
    const rsa = utils.generateKeyPairSync('rsa', {bits: 2048});
    const hostKey = generateEd25519KeyPair().private;
    const first = await startSandbox({dir: join(dir, 'rsa'), authorizedKey: rsa.public, hostKey});
    const second = await startSandbox({dir: join(dir, 'rsa'), authorizedKey: rsa.public, hostKey});
    try {
      expect(second.hostPublicKey).toBe(first.hostPublicKey);
      const client = await connectSsh(first.port, rsa.private);
      expect((await execSsh(client, 'echo rsa-ok')).stdout).toBe('rsa-ok\n');
      client.end();
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('refuses to start with an unparseable authorised key', async () => {
    await expect(startSandbox({dir: join(dir, 'bad'), authorizedKey: 'ssh-ed25519 AAAAnot-a-key'})).rejects.toThrow(
      /cannot be parsed/,
    );
  });

  it('closing the sandbox ends open sessions and refuses new connections', async () => {
    const own = await startSandbox({dir: join(dir, 'closing'), authorizedKey: userKey.public});
    const client = await connectSsh(own.port, userKey.private);
    const clientClosed = new Promise<void>((resolve) => client.on('close', () => resolve()));
    client.on('error', () => {});
    const shell = await openShell(client, {term: 'xterm', cols: 80, rows: 24});
    shell.channel.write('echo ready-$((1+1))\n');
    await shell.waitFor(/ready-2/);
    const sleeper = execSsh(client, 'sleep 30 & sleep 30; echo never');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const startedAt = Date.now();
    await own.close();
    await shell.closed;
    expect((await sleeper).stdout).toBe('');
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    await clientClosed;
    await expect(connectSsh(own.port, userKey.private)).rejects.toThrow();
  });
});
