/**
 * Maps ssh2's errors to golem's (style.md §5: adapters translate once, at the edge, keeping `cause`).
 */
import {constants} from 'node:os';
import {AppError, HostKeyMismatchError, SshAuthError, SshConnectError} from '../../errors.js';

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

/** Where the failing connection went, for messages. */
export type SshErrorContext = {
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
  if (level === 'client-authentication') return new SshAuthError({host: `${host}:${port}`, user: username, cause: error});
  const details =
    level === 'client-timeout'
      ? `${message} (no answer in time)`
      : code && CONNECT_CODES.has(code)
        ? `${code}: ${message}`
        : message;
  return new SshConnectError({host, port, details, cause: error, isBeforeSession: context.isConnecting === true});
}

/** Exit code of a command killed by `signal` (`SIGTERM` → 143), the shell convention; 255 when unknown. */
export function signalExitCode(signal: string | undefined): number {
  const name = signal?.startsWith('SIG') ? signal : `SIG${signal ?? ''}`;
  const number = (constants.signals as Record<string, number | undefined>)[name];
  return number === undefined ? 255 : 128 + number;
}
