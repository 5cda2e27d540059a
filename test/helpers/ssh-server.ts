/**
 * An in-process SSH server for the ssh adapter's tests: ssh2 `Server` on 127.0.0.1 (free port), a generated
 * ed25519 host key, public-key auth for exactly one key, `exec` through `/bin/sh -c` with real exit codes and
 * signals, and a pty shell (bash under node-pty) that records the pty request and every window-change.
 *
 * Sockets are accepted by a plain `net.Server` and handed to ssh2 (`injectSocket`), so a test can drop a
 * connection abruptly (`dropConnections`) as a provider killing a VM would.
 */
import {spawn as spawnProcess} from 'node:child_process';
import {EventEmitter, once} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type AddressInfo, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {spawn as spawnPty, type IPty} from 'node-pty';
import ssh2 from 'ssh2';
import {generateEd25519KeyPair} from '../../source/adapters/ssh/generate-key.js';
import type {ParsedKey, ServerChannel} from 'ssh2';

const {Server, utils} = ssh2;

/** What the client asked for when it requested a pty. */
export type PtyRequest = {readonly term: string; readonly cols: number; readonly rows: number};

export type TestSshServer = {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The server's host key (OpenSSH private key text and public line). */
  readonly hostKey: {readonly private: string; readonly public: string};
  /** Every pty request, in order. */
  readonly ptyRequests: PtyRequest[];
  /** Every window-change request, in order. */
  readonly windowChanges: Array<{readonly cols: number; readonly rows: number}>;
  /** Every exec command, in order. */
  readonly execCommands: string[];
  /** Emits 'pty', 'window-change', 'shell', 'exec' and 'auth-failed' as they happen. */
  readonly events: EventEmitter;
  /** Closes every open session channel from the server side, without an exit status (remote close). */
  closeChannels(): void;
  /** Destroys every TCP connection without an SSH disconnect (the VM vanished). */
  dropConnections(): void;
  close(): Promise<void>;
};

export type StartTestSshServerParameters = {
  /** The one public key (OpenSSH line) the server accepts. */
  readonly authorizedKey: string;
  /** Host key to use (OpenSSH private key text); a fresh ed25519 key when omitted. */
  readonly hostKey?: {readonly private: string; readonly public: string};
  /** Port to listen on (to restart "the same host" with another key); a free one when omitted. */
  readonly port?: number;
};

function parsePublic(line: string): ParsedKey {
  const parsed = utils.parseKey(line);
  if (parsed instanceof Error) throw parsed;
  return Array.isArray(parsed) ? parsed[0]! : parsed;
}

/** Starts the server; `close()` it in `afterEach`/`afterAll`. */
export async function startTestSshServer({authorizedKey, hostKey, port = 0}: StartTestSshServerParameters): Promise<TestSshServer> {
  const allowed = parsePublic(authorizedKey);
  const key = hostKey ?? generateEd25519KeyPair();
  const workDir = mkdtempSync(join(tmpdir(), 'golem-ssh-server-'));
  const events = new EventEmitter();
  const ptyRequests: PtyRequest[] = [];
  const windowChanges: Array<{cols: number; rows: number}> = [];
  const execCommands: string[] = [];
  const channels = new Set<ServerChannel>();
  const sockets = new Set<Socket>();
  const ptys = new Set<IPty>();

  const sshServer = new Server({hostKeys: [key.private]}, (client) => {
    client.on('error', () => {
      // A client that vanishes mid-session is what several tests do on purpose.
    });
    client.on('authentication', (context) => {
      if (context.method === 'publickey' && context.key.data.equals(allowed.getPublicSSH())) {
        if (!context.signature || allowed.verify(context.blob!, context.signature, context.hashAlgo) === true) {
          return context.accept();
        }
      }
      if (context.method !== 'none') events.emit('auth-failed', context.method);
      context.reject(['publickey']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let pty: PtyRequest | undefined;
        let terminal: IPty | undefined;
        session.on('pty', (accept, _reject, info) => {
          pty = {term: info.term, cols: info.cols, rows: info.rows};
          ptyRequests.push(pty);
          events.emit('pty', pty);
          accept?.();
        });
        session.on('window-change', (accept, _reject, info) => {
          windowChanges.push({cols: info.cols, rows: info.rows});
          terminal?.resize(info.cols, info.rows);
          events.emit('window-change', info);
          accept?.();
        });
        session.on('shell', (accept) => {
          const channel = accept();
          channels.add(channel);
          terminal = spawnPty('bash', ['--noprofile', '--norc', '-i'], {
            name: pty?.term ?? 'dumb',
            cols: pty?.cols ?? 80,
            rows: pty?.rows ?? 24,
            cwd: workDir,
            env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: workDir, TERM: pty?.term ?? 'dumb', PS1: 'remote$ '},
          });
          const shellPty = terminal;
          ptys.add(shellPty);
          shellPty.onData((data) => channel.write(data));
          shellPty.onExit(({exitCode}) => {
            ptys.delete(shellPty);
            channel.exit(exitCode);
            channel.end();
          });
          channel.on('data', (data: Buffer) => shellPty.write(data.toString('utf8')));
          channel.on('close', () => {
            channels.delete(channel);
            if (ptys.has(shellPty)) shellPty.kill();
          });
          events.emit('shell', channel);
        });
        session.on('exec', (accept, _reject, info) => {
          const channel = accept();
          channels.add(channel);
          execCommands.push(info.command);
          events.emit('exec', info.command);
          const child = spawnProcess('/bin/sh', ['-c', info.command], {cwd: workDir, stdio: ['pipe', 'pipe', 'pipe']});
          child.stdout.on('data', (data: Buffer) => channel.write(data));
          child.stderr.on('data', (data: Buffer) => channel.stderr.write(data));
          channel.on('data', (data: Buffer) => child.stdin.write(data));
          channel.on('end', () => child.stdin.end());
          child.on('close', (code, signal) => {
            if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
            else channel.exit(code ?? 255);
            channel.end();
            channels.delete(channel);
          });
        });
      });
    });
  });

  const tcp = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {
      // dropConnections() resets sockets on purpose.
    });
    sshServer.injectSocket(socket);
  });
  tcp.listen(port, '127.0.0.1');
  await once(tcp, 'listening');
  const address = tcp.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port: address.port,
    hostKey: {private: key.private, public: key.public},
    ptyRequests,
    windowChanges,
    execCommands,
    events,
    closeChannels() {
      for (const channel of channels) channel.close();
    },
    dropConnections() {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    async close() {
      for (const terminal of ptys) terminal.kill();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      rmSync(workDir, {recursive: true, force: true});
    },
  };
}
