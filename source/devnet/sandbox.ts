/**
 * A devnet "VM": an SSH server on a loopback port whose sessions run real processes in a per-VM directory.
 *
 * It stands in for a provider's multipass VM behind its forwarded SSH port (reference §4.6, §10.2): the requestor
 * connects with the key it sent at creation and gets a real pty shell (node-pty), so `vm ssh`, the TUI handoff,
 * window-change and exit codes can be exercised end to end on one machine. It is not an isolation boundary: the
 * processes run as the current user with HOME set to the sandbox directory. Local use only; binds 127.0.0.1.
 */
import {spawn as spawnChild} from 'node:child_process';
import {timingSafeEqual} from 'node:crypto';
import {existsSync, mkdirSync} from 'node:fs';
import {createServer, type Socket} from 'node:net';
import {constants} from 'node:os';
import nodePty from 'node-pty';
import ssh2 from 'ssh2';
import {generateEd25519KeyPair} from '../adapters/ssh/generate-key.js';
import type {AuthContext, Connection, ParsedKey, ServerChannel, Session} from 'ssh2';
import {InvalidInputError} from '../errors.js';

const {Server, utils} = ssh2;

/** Options of `startSandbox`. */
export type SandboxOptions = {
  /** Working directory and HOME of every session; created if missing. */
  readonly dir: string;
  /** The only key allowed to log in: an OpenSSH public key line (`ssh-ed25519 AAAA… comment`, `ssh-rsa …`). */
  readonly authorizedKey: string;
  /**
   * Host private key (OpenSSH or PEM). Pass the same key on every start of one VM so its host key stays stable
   * for known_hosts. @default a new ed25519 key
   */
  readonly hostKey?: string | Buffer;
};

/** A listening sandbox. `hostPublicKey` is an OpenSSH public key line (`ssh-ed25519 AAAA…`). */
export type Sandbox = {
  readonly port: number;
  readonly hostPublicKey: string;
  /** Ends every session (clients see their channels close), disconnects clients and stops listening. */
  close(): Promise<void>;
};

/** A process attached to one SSH channel. */
type Runner = {resize(cols: number, rows: number): void; signal(name: string): void; kill(): void};

type PtyRequest = {term: string; cols: number; rows: number};

const SHELL = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
const CLOSE_GRACE_MS = 1_000;

function parsePublicKey(text: string): ParsedKey {
  const parsed = utils.parseKey(text.trim());
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (!key || key instanceof Error) {
    throw new InvalidInputError({issues: [`The authorised SSH key cannot be parsed: ${key?.message ?? 'empty'}`]});
  }
  return key;
}

function sameBytes(left: Buffer, right: Buffer): boolean {
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Accepts only a publickey login with `authorized` whose signature verifies; any username. */
function authenticate(context: AuthContext, authorized: ParsedKey): void {
  if (context.method !== 'publickey') return context.reject(['publickey']);
  const isAuthorizedKey =
    context.key.algo === authorized.type && sameBytes(context.key.data, authorized.getPublicSSH());
  if (!isAuthorizedKey) return context.reject(['publickey']);
  // Without a signature the client only asks whether this key would do (PK_OK); it signs next.
  if (context.signature) {
    const isSigned = context.blob && authorized.verify(context.blob, context.signature, context.hashAlgo) === true;
    if (!isSigned) return context.reject(['publickey']);
  }
  context.accept();
}

/** `1` → `SIGHUP` (node-pty reports signals by number). */
function signalName(signal: number): string {
  const entry = Object.entries(constants.signals).find(([, value]) => value === signal);
  return entry ? entry[0] : 'SIGKILL';
}

/** Sends the exit status (or signal) and closes the channel, unless the client already closed it. */
function finish(channel: ServerChannel, code: number | null, signal: string | null): void {
  if (!channel.writable) return;
  if (code === null && signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
  else channel.exit(code ?? 0);
  channel.end();
}

function runInPty(channel: ServerChannel, pty: PtyRequest, args: string[], options: RunOptions): Runner {
  const child = nodePty.spawn(SHELL, args, {
    name: pty.term,
    cols: pty.cols,
    rows: pty.rows,
    cwd: options.dir,
    env: {...options.env, TERM: pty.term},
  });
  child.onData((data) => quietly(() => channel.writable && channel.write(data)));
  child.onExit(({exitCode, signal}) =>
    quietly(() => finish(channel, signal ? null : exitCode, signal ? signalName(signal) : null)),
  );
  channel.on('data', (data: Buffer) => child.write(data));
  return {
    resize: (cols, rows) => child.resize(Math.max(cols, 1), Math.max(rows, 1)),
    signal: (name) => quietly(() => child.kill(`SIG${name}`)),
    kill: () => quietly(() => child.kill('SIGHUP')),
  };
}

/**
 * Runs `action`, ignoring what it throws: signalling a process that already exited throws ESRCH, and an exception
 * escaping a node-pty callback would surface as an uncaught N-API exception.
 */
function quietly(action: () => unknown): void {
  try {
    action();
  } catch {
    // already gone
  }
}

function runPiped(channel: ServerChannel, file: string, args: string[], options: RunOptions): Runner {
  // Its own process group, so that closing the sandbox also reaches what the command started in the background.
  const child = spawnChild(file, args, {cwd: options.dir, env: options.env, stdio: 'pipe', detached: true});
  const signalGroup = (signal: NodeJS.Signals) =>
    quietly(() => (child.pid === undefined ? undefined : process.kill(-child.pid, signal)));
  child.stdout.on('data', (data: Buffer) => channel.writable && channel.write(data));
  child.stderr.on('data', (data: Buffer) => channel.writable && channel.stderr.write(data));
  child.stdin.on('error', () => {}); // EPIPE when the command exits before reading its input
  channel.on('data', (data: Buffer) => child.stdin.writable && child.stdin.write(data));
  channel.on('end', () => child.stdin.end());
  child.on('error', (error) => {
    if (channel.writable) channel.stderr.write(`sandbox: ${error.message}\n`);
    finish(channel, 127, null);
  });
  child.on('close', (code, signal) => finish(channel, code, signal));
  return {
    resize: () => {},
    signal: (name) => signalGroup(`SIG${name}` as NodeJS.Signals),
    kill: () => signalGroup('SIGHUP'),
  };
}

type RunOptions = {dir: string; env: Record<string, string>};

/** Wires one SSH session: env, pty, window-change, shell, exec and signal requests (RFC 4254 §6). */
function serveSession(session: Session, base: {dir: string; username: string}, runners: Set<Runner>): void {
  let pty: PtyRequest | undefined;
  let runner: Runner | undefined;
  const clientEnv: Record<string, string> = {};

  const start = (channel: ServerChannel, command: string | undefined) => {
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: process.env['LANG'] ?? 'C.UTF-8',
      ...clientEnv,
      HOME: base.dir,
      USER: base.username,
      LOGNAME: base.username,
      SHELL,
    };
    const args = command === undefined ? [] : ['-c', command];
    const options = {dir: base.dir, env};
    // A command without a pty runs as `/bin/sh -c command`; shells and pty commands run under bash when present.
    const current = pty
      ? runInPty(channel, pty, args, options)
      : runPiped(channel, command === undefined ? SHELL : '/bin/sh', args, options);
    runner = current;
    runners.add(current);
    channel.on('close', () => {
      runners.delete(current);
      current.kill();
    });
  };

  session.on('env', (accept, _reject, info) => {
    // Like OpenSSH's default AcceptEnv: only locale variables.
    if (/^(LANG|LC_[A-Z_]+)$/.test(info.key)) clientEnv[info.key] = info.val;
    accept?.();
  });
  session.on('pty', (accept, _reject, info) => {
    pty = {term: info.term || 'xterm-256color', cols: info.cols || 80, rows: info.rows || 24};
    accept?.();
  });
  session.on('window-change', (accept, _reject, info) => {
    if (pty) pty = {...pty, cols: info.cols, rows: info.rows};
    runner?.resize(info.cols, info.rows);
    accept?.();
  });
  session.on('shell', (accept) => start(accept(), undefined));
  session.on('exec', (accept, _reject, info) => start(accept(), info.command));
  session.on('signal', (accept, _reject, info) => {
    runner?.signal(info.name);
    accept?.();
  });
  session.on('sftp', (_accept, reject) => reject?.());
  session.on('subsystem', (_accept, reject) => reject?.());
}

/**
 * Starts an SSH sandbox on 127.0.0.1 on a free port.
 *
 * Authentication: publickey only, with exactly `authorizedKey` (public key bytes compared in constant time, the
 * signature verified), any username. Sessions: a `pty` request is honoured (term, cols, rows) and `window-change`
 * resizes it; `shell` runs `/bin/bash` (or `/bin/sh`) in `dir` with HOME=dir and TERM from the pty request;
 * `exec` runs `command` — in a pty under that shell when one was requested, otherwise as `/bin/sh -c command` with
 * stdout and stderr piped separately — and sends `exit-status` with the real exit code (or `exit-signal`).
 *
 * @throws {InvalidInputError} when `authorizedKey` is not a parseable OpenSSH public key.
 * @example
 * const sandbox = await startSandbox({dir: '/tmp/vm1', authorizedKey: 'ssh-ed25519 AAAA… me'});
 * // ssh -p ${sandbox.port} anyone@127.0.0.1
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const authorized = parsePublicKey(options.authorizedKey);
  const hostKey = options.hostKey ?? generateEd25519KeyPair().private;
  const hostParsed = utils.parseKey(hostKey);
  if (hostParsed instanceof Error) throw new InvalidInputError({issues: [`Bad sandbox host key: ${hostParsed.message}`]});
  const host = Array.isArray(hostParsed) ? (hostParsed[0] as ParsedKey) : hostParsed;
  const hostPublicKey = `${host.type} ${host.getPublicSSH().toString('base64')}`;
  mkdirSync(options.dir, {recursive: true});

  const runners = new Set<Runner>();
  const clients = new Set<Connection>();
  const sockets = new Set<Socket>();
  const sshServer = new Server({hostKeys: [hostKey]}, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {}); // resets and protocol errors end only this connection
    let username = 'user';
    client.on('authentication', (context) => {
      username = context.username;
      authenticate(context, authorized);
    });
    client.on('ready', () => {
      client.on('session', (accept) => serveSession(accept(), {dir: options.dir, username}, runners));
    });
  });
  const tcpServer = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    sshServer.injectSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    tcpServer.once('error', reject);
    tcpServer.listen(0, '127.0.0.1', () => resolve());
  });
  const address = tcpServer.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox: no TCP address');

  let closing: Promise<void> | undefined;
  const close = async () => {
    const closed = new Promise<void>((resolve) => tcpServer.close(() => resolve()));
    for (const runner of runners) runner.kill();
    // Give killed processes a moment to report their exit, so clients see the channel close cleanly.
    await waitUntil(() => runners.size === 0, CLOSE_GRACE_MS / 2);
    for (const client of clients) client.end();
    await waitUntil(() => sockets.size === 0, CLOSE_GRACE_MS / 2);
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    port: address.port,
    hostPublicKey,
    close: () => (closing ??= close()),
  };
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
