/**
 * Maps ssh2's errors to golem's (style.md §5: adapters translate once, at the edge, keeping `cause`).
 */
import {constants} from 'node:os';
import {AppError, HostKeyMismatchError, SshAuthError, SshConnectError, type SshFailureReason} from '../../errors.js';

/** Socket error codes that mean "could not reach / lost the host" (Node `errno` codes). */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
]);

/** Codes that mean the host cannot be reached at all. */
const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/** Where the failing connection went, for messages. */
export type SshErrorContext = {
  /** The rental's pin name in known_hosts (`HostKeyAlias`). */
  readonly hostKeyAlias: string;
  /** Signature algorithms the client offered during publickey authentication (from ssh2's debug lines). */
  readonly triedAlgorithms?: readonly string[] | undefined;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly knownHostsPath: string;
  /** Set when the host verifier refused the server's key because it differs from the recorded one. */
  readonly isHostKeyMismatch: boolean;
  /** With a mismatch: the pinned keys' fingerprints and the presented key's (`SHA256:…`). */
  readonly knownFingerprints?: readonly string[] | undefined;
  readonly presentedFingerprint?: string | undefined;
  /** True until the connection is authenticated: a failure then ran nothing remotely and may be retried elsewhere. */
  readonly isConnecting?: boolean | undefined;
};

/**
 * Translates an error from ssh2 or its socket into an `AppError`:
 * a refused host key → `HostKeyMismatchError`; `level === 'client-authentication'` → `SshAuthError`;
 * `client-timeout` (handshake or keepalive), `client-socket`/`client-dns`, the codes in `CONNECT_CODES`,
 * handshake and protocol failures → `SshConnectError` with ssh2's message as details. `AppError`s pass through.
 */
export function toSshError(error: unknown, context: SshErrorContext): AppError {
  if (error instanceof AppError) return error;
  const {host, port, username} = context;
  if (context.isHostKeyMismatch) {
    return new HostKeyMismatchError({
      hostKeyAlias: context.hostKeyAlias,
      host,
      port,
      knownHostsPath: context.knownHostsPath,
      knownFingerprints: context.knownFingerprints,
      presentedFingerprint: context.presentedFingerprint,
    });
  }
  const level = (error as {level?: unknown} | null)?.level;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (level === 'client-authentication') {
    return new SshAuthError({host: `${host}:${port}`, user: username, algorithms: context.triedAlgorithms, cause: error});
  }
  const isConnecting = context.isConnecting === true;
  const details =
    level === 'client-timeout'
      ? `${message} (${isConnecting ? 'no answer in time' : 'no keepalive reply'})`
      : code && CONNECT_CODES.has(code)
        ? `${code}: ${message}`
        : message;
  return new SshConnectError({host, port, details, cause: error, isBeforeSession: isConnecting, reason: failureReason(level, code, isConnecting)});
}

/** Names the failure (issue 12 item 6): keepalive silence or a cut after login is "connection lost". */
function failureReason(level: unknown, code: string | undefined, isConnecting: boolean): SshFailureReason {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code && UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (!isConnecting) return 'lost';
  if (level === 'client-timeout' || code === 'ETIMEDOUT') return 'timed-out';
  return 'handshake';
}

/** Exit code of a command killed by `signal` (`SIGTERM` → 143), the shell convention; 255 when unknown. */
export function signalExitCode(signal: string | undefined): number {
  const name = signal?.startsWith('SIG') ? signal : `SIG${signal ?? ''}`;
  const number = (constants.signals as Record<string, number | undefined>)[name];
  return number === undefined ? 255 : 128 + number;
}
