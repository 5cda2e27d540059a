/**
 * One authenticated ssh2 connection with the rental's host key checked against its pin (issue 12 item 1), shared by
 * the shell/exec client, SFTP copies and port forwards. The caller must `end()` the returned client.
 */
import ssh2 from 'ssh2';
import type {ConnectConfig, ServerHostKeyAlgorithm} from 'ssh2';
import {CancelledError, InvalidInputError} from '../../errors.js';
import type {SshTarget} from '../../services/ports.js';
import {sha256Fingerprint, type KnownHosts} from './known-hosts.js';
import {toSshError, type SshErrorContext} from './ssh-errors.js';

const {Client} = ssh2;
/** An ssh2 `Client`. */
export type Ssh2Client = InstanceType<typeof Client>;

/** ssh2 1.17's default host key algorithms (lib/protocol/constants.js), re-ordered per rental below. */
const HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** The mutable error context of one connection (filled in while it runs). */
export type MutableSshErrorContext = {-readonly [K in keyof SshErrorContext]: SshErrorContext[K]};

/** Settings every connection of one client shares. */
export type ConnectionSettings = {
  readonly knownHosts: KnownHosts;
  readonly connectTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveCountMax: number;
};

/** An open connection, its error context, and the host key it presented (blob). */
export type OpenConnection = {readonly client: Ssh2Client; readonly context: MutableSshErrorContext; readonly hostKey: Buffer};

/**
 * Host key algorithms with the types already pinned for this rental first, so a server holding several host keys
 * presents the one known_hosts has (as OpenSSH orders HostKeyAlgorithms) instead of looking changed.
 */
function hostKeyAlgorithms(knownTypes: string[]): ServerHostKeyAlgorithm[] {
  const preferred = knownTypes.flatMap((type): ServerHostKeyAlgorithm[] =>
    type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : HOST_KEY_ALGORITHMS.filter((algorithm) => algorithm === type),
  );
  return [...new Set([...preferred, ...HOST_KEY_ALGORITHMS])];
}

/** ssh2 1.17's debug line for a refused RSA attempt (client.js USERAUTH_FAILURE): `Client: publickey (rsa-sha2-256) auth failed`. */
const AUTH_FAILED_LINE = /^Client: (?:publickey|agent) \(([^)]+)\) auth failed/;

/**
 * Opens an authenticated connection to `target`. Throws `SshConnectError` (refused, timed out, unreachable,
 * handshake), `SshAuthError` (naming the signature algorithms tried), `HostKeyMismatchError` (a key other than the
 * rental's pin), `StorageError` (known_hosts not writable), `CancelledError` when `signal` aborts, and
 * `InvalidInputError` for a key ssh2 cannot use.
 *
 * @example
 * const {client} = await openSshConnection(settings, target); try { … } finally { client.end() }
 */
export function openSshConnection(settings: ConnectionSettings, target: SshTarget, signal?: AbortSignal): Promise<OpenConnection> {
  const {knownHosts} = settings;
  return new Promise((resolve, reject) => {
    const client = new Client();
    // ssh2 logs an algorithm only for RSA (one attempt per SHA-2/SHA-1 variant); other key types sign as their type.
    const keyType = target.key.publicKey.split(' ')[0] ?? 'unknown';
    const triedAlgorithms: string[] = keyType === 'ssh-rsa' ? [] : [keyType];
    const context: MutableSshErrorContext = {
      hostKeyAlias: target.hostKeyAlias,
      triedAlgorithms,
      host: target.host,
      port: target.port,
      username: target.username,
      knownHostsPath: knownHosts.path,
      isHostKeyMismatch: false,
      isConnecting: true,
    };
    let presentedKey: Buffer | undefined;
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
      resolve({client, context, hostKey: presentedKey ?? Buffer.alloc(0)});
    };
    const handleAbort = () => settle(new CancelledError({isInterrupt: true, shortMessage: 'SSH connection cancelled.'}));
    // One permanent listener: ssh2 emits 'error' on a closing connection too, and an unheard 'error' crashes.
    client.on('error', (error) => settle(storageFailure ?? toSshError(error, context)));
    client.on('close', () => settle(toSshError(new Error('the server closed the connection before the session started'), context)));
    client.once('ready', handleReady);
    if (signal?.aborted) return handleAbort();
    signal?.addEventListener('abort', handleAbort, {once: true});

    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.username,
      // A key held by the ssh-agent signs there; ssh2 takes the socket as `agent` (case-05 a).
      ...(target.key.agentSocket ? {agent: target.key.agentSocket} : {privateKey: target.key.privateKey, passphrase: target.key.passphrase}),
      // Agent forwarding is opt-in (`golem vm ssh -A`): a forwarded agent lets the VM sign as you.
      ...(target.isAgentForwarded && process.env['SSH_AUTH_SOCK']
        ? {agentForward: true, ...(target.key.agentSocket ? {} : {agent: process.env['SSH_AUTH_SOCK']})}
        : {}),
      readyTimeout: settings.connectTimeoutMs,
      keepaliveInterval: settings.keepaliveIntervalMs,
      keepaliveCountMax: settings.keepaliveCountMax,
      tryKeyboard: false,
      algorithms: {serverHostKey: hostKeyAlgorithms(knownHosts.knownKeyTypes(target.hostKeyAlias))},
      // Only while connecting: names the signature algorithms of refused publickey attempts (issue 12 item 5).
      debug: (line: string) => {
        if (!context.isConnecting) return;
        const algorithm = AUTH_FAILED_LINE.exec(line)?.[1];
        if (algorithm && !triedAlgorithms.includes(algorithm)) triedAlgorithms.push(algorithm);
      },
      hostVerifier: (hostKey: Buffer) => {
        try {
          presentedKey = hostKey;
          const verdict = knownHosts.verify(target.hostKeyAlias, hostKey);
          context.isHostKeyMismatch = verdict === 'mismatch';
          if (verdict === 'mismatch') {
            context.knownFingerprints = knownHosts.fingerprints(target.hostKeyAlias);
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
