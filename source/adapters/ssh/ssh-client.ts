/**
 * `SshClient` over ssh2's `Client`: one connection per call, host keys checked against golem's known_hosts
 * (trust on first use, reference §10.5 ➜ TS), the connection always ended in `finally`, ssh2 errors mapped to
 * golem's (see `ssh-errors.ts`).
 */
import ssh2 from 'ssh2';
import type {ClientChannel, ConnectConfig, ServerHostKeyAlgorithm} from 'ssh2';
import {CancelledError, InvalidInputError} from '../../errors.js';
import type {ShellTerminal, SshClient, SshTarget} from '../../services/ports.js';
import {sshAnswers} from './ssh-banner.js';
import {createKnownHosts, sha256Fingerprint, type KnownHosts} from './known-hosts.js';
import {signalExitCode, toSshError, type SshErrorContext} from './ssh-errors.js';
import {chooseRemoteTerm, takeOverTerminal, type TerminalSize, type TerminalTakeover} from './terminal.js';

const {Client} = ssh2;
type Ssh2Client = InstanceType<typeof Client>;

/** ssh2 1.17's default host key algorithms (lib/protocol/constants.js), re-ordered per host below. */
const HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

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
 * Host key algorithms with the types already recorded for this host first, so a server holding several host
 * keys presents the one known_hosts has (as OpenSSH orders HostKeyAlgorithms) instead of looking changed.
 */
function hostKeyAlgorithms(knownTypes: string[]): ServerHostKeyAlgorithm[] {
  const preferred = knownTypes.flatMap((type): ServerHostKeyAlgorithm[] =>
    type === 'ssh-rsa'
      ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']
      : HOST_KEY_ALGORITHMS.filter((algorithm) => algorithm === type),
  );
  return [...new Set([...preferred, ...HOST_KEY_ALGORITHMS])];
}

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

  /** Opens an authenticated connection; the caller must `end()` it. */
  function connect(target: SshTarget, signal?: AbortSignal): Promise<{client: Ssh2Client; context: Parameters<typeof toSshError>[1]}> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      const context: {-readonly [K in keyof SshErrorContext]: SshErrorContext[K]} = {
        host: target.host,
        port: target.port,
        username: target.username,
        knownHostsPath,
        isHostKeyMismatch: false,
        isConnecting: true,
      };
      let storageFailure: unknown;
      let isSettled = false;
      const settle = (error: unknown) => {
        if (isSettled) return;
        isSettled = true;
        signal?.removeEventListener('abort', handleAbort);
        client.removeListener('ready', handleReady);
        client.end();
        reject(error);
      };
      const handleReady = () => {
        if (isSettled) return;
        isSettled = true;
        context.isConnecting = false;
        signal?.removeEventListener('abort', handleAbort);
        resolve({client, context});
      };
      const handleAbort = () => settle(new CancelledError({isInterrupt: true, shortMessage: 'SSH connection cancelled.'}));
      // One permanent listener: ssh2 emits 'error' on a closing connection too, and an unheard 'error' crashes.
      client.on('error', (error) => settle(storageFailure ?? toSshError(error, context)));
      client.on('close', () =>
        settle(toSshError(new Error('the server closed the connection before the session started'), context)),
      );
      client.once('ready', handleReady);
      if (signal?.aborted) return handleAbort();
      signal?.addEventListener('abort', handleAbort, {once: true});

      const config: ConnectConfig = {
        host: target.host,
        port: target.port,
        username: target.username,
        // A key held by the ssh-agent signs there; ssh2 takes the socket as `agent` (case-05 a).
        ...(target.key.agentSocket ? {agent: target.key.agentSocket} : {privateKey: target.key.privateKey, passphrase: target.key.passphrase}),
        readyTimeout: connectTimeoutMs,
        keepaliveInterval: keepaliveIntervalMs,
        keepaliveCountMax,
        tryKeyboard: false,
        algorithms: {serverHostKey: hostKeyAlgorithms(knownHosts.knownKeyTypes(target.host, target.port))},
        hostVerifier: (hostKey: Buffer) => {
          try {
            const verdict = knownHosts.verify(target.host, target.port, hostKey);
            context.isHostKeyMismatch = verdict === 'mismatch';
            if (verdict === 'mismatch') {
              context.knownFingerprints = knownHosts.fingerprints(target.host, target.port);
              context.presentedFingerprint = sha256Fingerprint(hostKey);
            }
            return verdict !== 'mismatch';
          } catch (error) {
            storageFailure = error;
            return false;
          }
        },
      };
      try {
        client.connect(config);
      } catch (error) {
        // ssh2 throws synchronously only for a key it cannot use; the key store should have refused it first.
        settle(
          new InvalidInputError({
            issues: [`ssh2 cannot use the SSH key ${target.key.privateKeyPath}: ${(error as Error).message}.`],
            cause: error,
          }),
        );
      }
    });
  }

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
    forgetHost(host, port) {
      knownHosts.forget(host, port);
    },
    answers: (host, port) => sshAnswers(host, port, Math.min(connectTimeoutMs, 5000)),
  };
  return sshClient satisfies SshClient;
}
