/**
 * `SshClient` over ssh2's `Client`: one connection per call, host keys checked against the rental's pin in golem's
 * known_hosts (issue 12; reference §10.5 ➜ TS), the connection always ended in `finally`, ssh2 errors mapped to
 * golem's (see `ssh-errors.ts`).
 */
import type {ClientChannel} from 'ssh2';
import {CancelledError} from '../../errors.js';
import type {ShellTerminal, SshClient, SshTarget} from '../../services/ports.js';
import {createKnownHosts, keyTypeOfBlob, sha256Fingerprint, type KnownHosts} from './known-hosts.js';
import {openSshConnection, type ConnectionSettings, type Ssh2Client} from './ssh-connection.js';
import {signalExitCode, toSshError} from './ssh-errors.js';
import {sftpCopy} from './sftp-copy.js';
import {forwardPorts} from './port-forward.js';
import {sshAnswers} from './ssh-banner.js';
import {chooseRemoteTerm, takeOverTerminal, type TerminalSize, type TerminalTakeover} from './terminal.js';

/** Exit code reported when the session ended without an exit status (connection closed), as OpenSSH's `ssh`. */
export const NO_EXIT_STATUS = 255;

/** Parameters of `createSshClient`. */
export type CreateSshClientParameters = {
  /** golem's known_hosts file (`AppConfig.paths.knownHostsPath`); created 0600 on first connection. */
  readonly knownHostsPath: string;
  /** Limit for TCP connect + SSH handshake + authentication, milliseconds. */
  readonly connectTimeoutMs: number;
  /** Keepalive period, milliseconds; a peer silent for `keepaliveIntervalMs × (keepaliveCountMax + 1)` is dropped. @default 15000 */
  readonly keepaliveIntervalMs?: number;
  /** @default 3 */
  readonly keepaliveCountMax?: number;
  /** Environment the local TERM is read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
};

/** Extra options of `shell` beyond the port: an abort (e.g. SIGTERM in cli.tsx) ends the session cleanly. */
export type ShellOptions = {readonly signal?: AbortSignal | undefined};

/** The `SshClient` port plus what this adapter adds (an optional abort signal for `shell`). */
export type Ssh2SshClient = Omit<SshClient, 'shell'> & {
  readonly knownHosts: KnownHosts;
  shell(target: SshTarget, terminal: ShellTerminal, options?: ShellOptions): Promise<{exitCode: number}>;
};

/**
 * Wraps a callback so anything it throws (a broken stdout, a bug) settles the session instead of escaping into
 * ssh2's socket handler, where it would crash the process with the terminal still raw.
 */
function guarded<A extends unknown[]>(fail: (error: unknown) => void, callback: (...args: A) => void) {
  return (...args: A) => {
    try {
      callback(...args);
    } catch (error) {
      fail(error);
    }
  };
}

/**
 * Creates the SSH client. Every method throws `SshConnectError`, `SshAuthError` or `HostKeyMismatchError`
 * (plus `StorageError` when known_hosts cannot be written, `CancelledError` when `shell`'s signal aborts).
 *
 * @example
 * const ssh = createSshClient({knownHostsPath: config.paths.knownHostsPath, connectTimeoutMs: 20_000})
 * const {exitCode} = await ssh.exec({host, port, username: 'ubuntu', key}, 'uptime', {stdout: process.stdout, stderr: process.stderr})
 */
export function createSshClient({
  knownHostsPath,
  connectTimeoutMs,
  keepaliveIntervalMs = 15_000,
  keepaliveCountMax = 3,
  env = process.env,
}: CreateSshClientParameters): Ssh2SshClient {
  const knownHosts = createKnownHosts(knownHostsPath);

  const settings: ConnectionSettings = {knownHosts, connectTimeoutMs, keepaliveIntervalMs, keepaliveCountMax};
  const connect = (target: SshTarget, signal?: AbortSignal) => openSshConnection(settings, target, signal);

  /**
   * Settles when `channel` closes, or when the connection fails or closes first; always detaches its listeners.
   * ssh2's errors are mapped with `toSshError`; an exception thrown by our own callbacks (`fail`) is a bug and
   * rejects unchanged.
   */
  function runChannel(
    client: Ssh2Client,
    context: Parameters<typeof toSshError>[1],
    open: (callback: (error: Error | undefined, channel: ClientChannel) => void) => void,
    onChannel: (channel: ClientChannel, fail: (error: unknown) => void) => void,
    signal?: AbortSignal,
  ): Promise<{exitCode: number; hasExitStatus: boolean}> {
    return new Promise((resolve, reject) => {
      let exitCode: number | undefined;
      let isSettled = false;
      const settle = (outcome: {error: unknown} | undefined) => {
        if (isSettled) return;
        isSettled = true;
        client.removeListener('error', handleError);
        client.removeListener('close', handleClose);
        signal?.removeEventListener('abort', handleAbort);
        if (outcome) reject(outcome.error);
        else resolve({exitCode: exitCode ?? NO_EXIT_STATUS, hasExitStatus: exitCode !== undefined});
      };
      const handleError = (error: unknown) => settle({error: toSshError(error, context)});
      const handleClose = () => settle(undefined);
      const handleAbort = () => settle({error: new CancelledError({isInterrupt: true, shortMessage: 'SSH session cancelled.'})});
      const fail = (error: unknown) => settle({error});
      client.on('error', handleError);
      client.on('close', handleClose);
      if (signal?.aborted) return handleAbort();
      signal?.addEventListener('abort', handleAbort, {once: true});
      try {
        open(
          guarded(fail, (error, channel) => {
            if (error) return handleError(error);
            channel.on('exit', (code: number | null, signalName?: string) => {
              exitCode = typeof code === 'number' ? code : signalExitCode(signalName);
            });
            channel.on('error', handleError);
            channel.on('close', handleClose);
            onChannel(channel, fail);
          }),
        );
      } catch (error) {
        // ssh2 throws synchronously when the connection went away between 'ready' and the request.
        handleError(error);
      }
    });
  }

  async function exec(
    target: SshTarget,
    command: string,
    output: {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin?: NodeJS.ReadableStream | undefined},
  ): Promise<{exitCode: number}> {
    const {client, context} = await connect(target);
    try {
      const {exitCode} = await runChannel(
        client,
        context,
        (callback) => client.exec(command, callback),
        (channel, fail) => {
          channel.on('data', guarded(fail, (chunk: Buffer) => output.stdout.write(chunk)));
          channel.stderr.on('data', guarded(fail, (chunk: Buffer) => output.stderr.write(chunk)));
          // The remote command reads our stdin when one is given (`echo hi | golem vm ssh vm -- cat`), and sees
          // end-of-input when it ends; without one it sees end-of-input at once, so it never waits for input.
          if (output.stdin) output.stdin.pipe(channel);
          else channel.end();
        },
      );
      return {exitCode};
    } finally {
      client.end();
    }
  }

  async function shell(target: SshTarget, terminal: ShellTerminal, options: ShellOptions = {}): Promise<{exitCode: number}> {
    const takeover: TerminalTakeover = takeOverTerminal(terminal);
    let hasChannel = false;
    let hasExitStatus = false;
    let isFailed = false;
    try {
      const {client, context} = await connect(target, options.signal);
      try {
        const requested = takeover.size();
        const result = await runChannel(
          client,
          context,
          (callback) => client.shell({term: chooseRemoteTerm(env['TERM']), ...requested, width: 0, height: 0}, callback),
          (channel, fail) => {
            hasChannel = true;
            const write = guarded(fail, (chunk: Buffer) => terminal.stdout.write(chunk));
            channel.on('data', write);
            channel.stderr.on('data', write);
            takeover.attach(
              guarded(fail, (data) => channel.write(data)),
              guarded(fail, () => channel.end()),
            );
            const sendSize = guarded(fail, (size: TerminalSize) => channel.setWindow(size.rows, size.cols, 0, 0));
            takeover.onResize(sendSize);
            // A resize while the channel was opening has no event left to catch it.
            const now = takeover.size();
            if (now.cols !== requested.cols || now.rows !== requested.rows) sendSize(now);
          },
          options.signal,
        );
        hasExitStatus = result.hasExitStatus;
        return {exitCode: result.exitCode};
      } finally {
        client.end();
      }
    } catch (error) {
      isFailed = true;
      throw error;
    } finally {
      // "Abnormal" = a remote program may have been cut off mid-screen (no exit status after the shell opened).
      const failures = takeover.restore({isAbnormal: hasChannel && !hasExitStatus});
      // A terminal that could not be given back is worth an error, unless the session already failed.
      if (failures.length > 0 && !isFailed) throw failures[0];
    }
  }

  const sshClient: Ssh2SshClient = {
    knownHosts,
    exec,
    shell,
    async pinHostKey(target) {
      const hadPin = knownHosts.fingerprints(target.hostKeyAlias).length > 0;
      const {client, hostKey} = await connect(target);
      client.end();
      return {hostKeyAlias: target.hostKeyAlias, fingerprint: sha256Fingerprint(hostKey), keyType: keyTypeOfBlob(hostKey), isNew: !hadPin};
    },
    async copy(target, request) {
      const {client} = await connect(target, request.signal);
      try {
        return await sftpCopy(client, request, target);
      } finally {
        client.end();
      }
    },
    forward(withTarget, specs, options) {
      return forwardPorts(async (target, signal) => (await connect(target, signal)).client, withTarget, specs, options);
    },
    forgetPin(hostKeyAlias) {
      knownHosts.forget(hostKeyAlias);
    },
    adoptLegacyPin(hostKeyAlias, host, port) {
      return knownHosts.adoptLegacy(hostKeyAlias, host, port);
    },
    answers: (host, port) => sshAnswers(host, port, Math.min(connectTimeoutMs, 5000)),
  };
  return sshClient satisfies SshClient;
}
