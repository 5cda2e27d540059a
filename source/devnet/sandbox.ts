/**
 * A devnet "VM": an SSH server on a loopback port whose sessions run real processes in a per-VM directory.
 *
 * It stands in for a provider's multipass VM behind its forwarded SSH port (reference §4.6, §10.2): the requestor
 * connects with the key it sent at creation and gets a real pty shell (node-pty), so `vm ssh`, the TUI handoff,
 * window-change, exit codes, SFTP (`vm cp`) and port forwards (`vm forward`) can be exercised end to end on one
 * machine. It is not an isolation boundary: processes run on the host, as the unprivileged `runAs` user when given
 * (devnet/vm-user.ts: a devnet started as root uses `golem-vm`), with HOME set to the sandbox directory; forwards
 * reach the host's loopback. Logins are accepted only as the provider's user (`ubuntu`, reference §10.2). Local use
 * only; binds 127.0.0.1.
 */
import {spawn as spawnChild} from 'node:child_process';
import {timingSafeEqual} from 'node:crypto';
import {chownSync, existsSync, mkdirSync} from 'node:fs';
import {connect as connectTcp, createServer, type Socket} from 'node:net';
import {constants} from 'node:os';
import nodePty from 'node-pty';
import ssh2 from 'ssh2';
import {generateEd25519KeyPair} from '../adapters/ssh/generate-key.js';
import type {AuthContext, Connection, ParsedKey, ServerChannel, Session} from 'ssh2';
import {InvalidInputError} from '../errors.js';
import type {VmUser} from './vm-user.js';

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
  /** OS user the VM's processes run as (its uid/gid); null or absent: the current user. */
  readonly runAs?: VmUser | null | undefined;
  /** The only login name accepted, as a provider's cloud-init authorises only its user. @default 'ubuntu' */
  readonly username?: string | undefined;
};

/** OpenSSH's SFTP server, spawned for the `sftp` subsystem as sshd does (Debian: openssh-sftp-server). */
const SFTP_SERVER_PATHS = ['/usr/lib/openssh/sftp-server', '/usr/libexec/openssh/sftp-server', '/usr/libexec/sftp-server', '/usr/lib/ssh/sftp-server'];

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

/** Accepts only a publickey login as `username` with `authorized` whose signature verifies. */
function authenticate(context: AuthContext, authorized: ParsedKey, username: string): void {
  if (context.method !== 'publickey' || context.username !== username) return context.reject(['publickey']);
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
    ...(options.runAs ? {uid: options.runAs.uid, gid: options.runAs.gid} : {}),
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
  const child = spawnChild(file, args, {
    cwd: options.dir,
    env: options.env,
    stdio: 'pipe',
    detached: true,
    ...(options.runAs ? {uid: options.runAs.uid, gid: options.runAs.gid} : {}),
  });
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

type RunOptions = {dir: string; env: Record<string, string>; runAs?: VmUser | null | undefined};

/** Wires one SSH session: env, pty, window-change, shell, exec and signal requests (RFC 4254 §6). */
function serveSession(session: Session, base: {dir: string; username: string; runAs?: VmUser | null | undefined}, runners: Set<Runner>): void {
  let pty: PtyRequest | undefined;
  let runner: Runner | undefined;
  const clientEnv: Record<string, string> = {};

  const start = (channel: ServerChannel, command: string | undefined, program?: string) => {
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
    const options = {dir: base.dir, env, runAs: base.runAs};
    // A command without a pty runs as `/bin/sh -c command`; shells and pty commands run under bash when present.
    const current = program
      ? runPiped(channel, program, [], options)
      : pty
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
  // `sftp` is served by OpenSSH's sftp-server over the channel's stdio, as sshd's `Subsystem sftp` does.
  session.on('subsystem', (accept, reject, info) => {
    const server = SFTP_SERVER_PATHS.find((path) => existsSync(path));
    if (info.name !== 'sftp' || !server) return reject?.();
    start(accept(), undefined, server);
  });
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
  const username = options.username ?? 'ubuntu';
  const hostKey = options.hostKey ?? generateEd25519KeyPair().private;
  const hostParsed = utils.parseKey(hostKey);
  if (hostParsed instanceof Error) throw new InvalidInputError({issues: [`Bad sandbox host key: ${hostParsed.message}`]});
  const host = Array.isArray(hostParsed) ? (hostParsed[0] as ParsedKey) : hostParsed;
  const hostPublicKey = `${host.type} ${host.getPublicSSH().toString('base64')}`;
  mkdirSync(options.dir, {recursive: true, mode: 0o700});
  if (options.runAs) chownSync(options.dir, options.runAs.uid, options.runAs.gid);

  const runners = new Set<Runner>();
  const clients = new Set<Connection>();
  const sockets = new Set<Socket>();
  const sshServer = new Server({hostKeys: [hostKey]}, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {}); // resets and protocol errors end only this connection
    client.on('authentication', (context) => authenticate(context, authorized, username));
    client.on('ready', () => {
      client.on('session', (accept) => serveSession(accept(), {dir: options.dir, username, runAs: options.runAs}, runners));
      // `ssh -L` / `golem vm forward`: the "VM" network is the host's loopback, so only loopback targets are served.
      client.on('tcpip', (accept, reject, info) => forwardTcp(accept, reject, info.destIP, info.destPort));
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

/** Loopback names a `direct-tcpip` request may reach (the sandbox's "VM" is the host's loopback). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Serves one `direct-tcpip` channel (RFC 4254 §7.2) to a loopback port; other destinations are refused. */
function forwardTcp(
  accept: () => ServerChannel,
  reject: () => void,
  host: string,
  port: number,
): void {
  if (!LOOPBACK.has(host)) return reject();
  const socket = connectTcp(port, host === 'localhost' ? '127.0.0.1' : host);
  socket.once('error', () => reject());
  socket.once('connect', () => {
    socket.removeAllListeners('error');
    const channel = accept();
    socket.pipe(channel).pipe(socket);
    const close = () => {
      socket.destroy();
      channel.destroy();
    };
    socket.on('error', close);
    channel.on('error', close);
    channel.on('close', () => socket.destroy());
  });
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
