/**
 * One error hierarchy for everything golem expects to go wrong.
 *
 * Every expected failure is an `AppError` with a closed `code`, a one-sentence `shortMessage` for the UI,
 * optional `details` (a technical line, often the cause's message), a `hint` (what the user does next) and the
 * original `cause`. Anything thrown that is not an `AppError` is a bug and is reported as such by `cli.tsx`.
 * Shape modelled on viem's `BaseError` (shortMessage/details/cause/walk).
 */

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INSUFFICIENT_FUNDS'
  | 'CHAIN'
  | 'PROVIDER'
  | 'DISCOVERY'
  | 'SSH'
  | 'STORAGE'
  | 'CONFIG'
  | 'FAUCET'
  | 'CANCELLED'
  | 'USAGE';

export type AppErrorParameters = {
  readonly code: ErrorCode;
  readonly shortMessage: string;
  readonly details?: string | undefined;
  readonly hint?: string | undefined;
  readonly cause?: unknown;
};

/** Base class of every expected failure. `message` joins the parts so logs are useful on their own. */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly hint: string | undefined;

  constructor({code, shortMessage, details, hint, cause}: AppErrorParameters) {
    super([shortMessage, details && `Details: ${details}`, hint && `Hint: ${hint}`].filter(Boolean).join('\n'), {
      cause,
    });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = details;
    this.hint = hint;
  }

  /** Walks the `cause` chain and returns the first error matching `predicate` (or the last one without it). */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    let last: unknown = this;
    while (current) {
      if (predicate?.(current)) return current;
      last = current;
      current = current instanceof Error ? current.cause : undefined;
    }
    return predicate ? undefined : last;
  }
}

/** Input failed validation (flags, names, resources, key files). `issues` are one line each. */
export class InvalidInputError extends AppError {
  override name = 'InvalidInputError' as const;
  readonly issues: readonly string[];
  constructor({issues, hint, cause}: {issues: readonly string[]; hint?: string; cause?: unknown}) {
    super({
      code: 'INVALID_INPUT',
      shortMessage: issues.length === 1 ? issues[0]! : `Invalid input: ${issues.join('; ')}`,
      hint,
      cause,
    });
    this.issues = issues;
  }
}

/** A named thing (VM, provider, stream) does not exist where it was looked up. */
export class NotFoundError extends AppError {
  override name = 'NotFoundError' as const;
  constructor({entity, id, hint}: {entity: string; id: string; hint?: string}) {
    super({code: 'NOT_FOUND', shortMessage: `${entity} '${id}' not found.`, hint});
  }
}

/** The thing to create already exists (e.g. a VM name in the local database). */
export class ConflictError extends AppError {
  override name = 'ConflictError' as const;
  constructor({shortMessage, hint, cause}: {shortMessage: string; hint?: string; cause?: unknown}) {
    super({code: 'CONFLICT', shortMessage, hint, cause});
  }
}

/** The wallet cannot pay `requiredWei` (deposit + gas) from `availableWei`. */
export class InsufficientFundsError extends AppError {
  override name = 'InsufficientFundsError' as const;
  readonly requiredWei: bigint;
  readonly availableWei: bigint;
  constructor({requiredWei, availableWei, hint}: {requiredWei: bigint; availableWei: bigint; hint?: string}) {
    super({
      code: 'INSUFFICIENT_FUNDS',
      shortMessage: `Not enough funds: need ${requiredWei} wei, the wallet has ${availableWei} wei.`,
      hint: hint ?? 'Fund the wallet (golem wallet shows its address) or ask for fewer hours.',
    });
    this.requiredWei = requiredWei;
    this.availableWei = availableWei;
  }
}

/** Any chain-side failure: RPC down, chain id mismatch, unknown contract. */
export class ChainError extends AppError {
  override name = 'ChainError' as const;
  constructor({shortMessage, details, hint, cause}: Omit<AppErrorParameters, 'code'>) {
    super({code: 'CHAIN', shortMessage, details, hint, cause});
  }
}

/** A contract call reverted; `reason` is the decoded revert string (reference §7.2). */
export class ContractRevertedError extends AppError {
  override name = 'ContractRevertedError' as const;
  readonly reason: string;
  constructor({functionName, reason, hint, cause}: {functionName: string; reason: string; hint?: string; cause?: unknown}) {
    super({code: 'CHAIN', shortMessage: `StreamPayment.${functionName} reverted: ${reason}.`, hint, cause});
    this.reason = reason;
  }
}

/** The RPC endpoint at `url` could not be reached. */
export class RpcUnavailableError extends AppError {
  override name = 'RpcUnavailableError' as const;
  constructor({url, cause}: {url: string; cause?: unknown}) {
    super({
      code: 'CHAIN',
      shortMessage: `Cannot reach the RPC endpoint ${url}.`,
      details: cause instanceof Error ? cause.message : undefined,
      hint: 'Check GOLEM_REQUESTOR_L2_RPC_URL (or …_POLYGON_RPC_URL), or start the local network with `golem devnet up`.',
      cause,
    });
  }
}

/** A provider answered with an error, an unexpected body, or not at all. */
export class ProviderError extends AppError {
  override name = 'ProviderError' as const;
  readonly status: number | undefined;
  constructor({
    providerId,
    reason,
    status,
    hint,
    cause,
  }: {providerId: string; reason: string; status?: number; hint?: string; cause?: unknown}) {
    super({code: 'PROVIDER', shortMessage: `Provider ${providerId}: ${reason}`, hint, cause});
    this.status = status;
  }
}

/** The discovery service could not be queried or answered junk. */
export class DiscoveryError extends AppError {
  override name = 'DiscoveryError' as const;
  constructor({url, reason, hint, cause}: {url: string; reason: string; hint?: string; cause?: unknown}) {
    super({
      code: 'DISCOVERY',
      shortMessage: `Discovery at ${url} failed: ${reason}`,
      hint: hint ?? 'Check GOLEM_REQUESTOR_DISCOVERY_URL, or start the local network with `golem devnet up`.',
      cause,
    });
  }
}

/** SSH authentication was refused by `host`. `algorithms` are the signature algorithms ssh2 offered, when known. */
export class SshAuthError extends AppError {
  override name = 'SshAuthError' as const;
  readonly algorithms: readonly string[];
  constructor({host, user, algorithms = [], cause}: {host: string; user: string; algorithms?: readonly string[]; cause?: unknown}) {
    const isRsa = algorithms.some((algorithm) => algorithm.startsWith('rsa-') || algorithm === 'ssh-rsa');
    super({
      code: 'SSH',
      shortMessage: `SSH login as ${user}@${host} was refused${algorithms.length > 0 ? ` (key signatures tried: ${algorithms.join(', ')})` : ''}.`,
      hint: isRsa
        ? 'The VM accepts only the key it was created with. RSA keys are signed with SHA-2 (rsa-sha2-256/512); a server that refuses them may accept an ed25519 key: `ssh-keygen -t ed25519`.'
        : 'The VM accepts only the key it was created with; check GOLEM_REQUESTOR_SSH_KEY_PATH (an ed25519 key works everywhere).',
      cause,
    });
    this.algorithms = algorithms;
  }
}

/**
 * Why an SSH connection failed (issue 12 item 6): nothing listens (`refused`), no answer in time (`timed-out`), the
 * network path is gone (`unreachable`), a working session stopped answering keepalives or was cut (`lost`), or the
 * SSH handshake itself failed (`handshake`).
 */
export type SshFailureReason = 'refused' | 'timed-out' | 'unreachable' | 'lost' | 'handshake';

const SSH_FAILURE_TEXT: Record<SshFailureReason, {what: string; hint: string}> = {
  refused: {what: 'refused the connection (nothing listens on that port)', hint: 'The VM may be stopped or its SSH port moved; check `golem vm info NAME`.'},
  'timed-out': {what: 'did not answer in time (timed out)', hint: 'The provider may be unreachable or the VM still booting; try again, or check `golem vm info NAME`.'},
  unreachable: {what: 'cannot be reached (no route or unknown host)', hint: 'Check your network connection and `golem vm info NAME`.'},
  lost: {what: 'connection lost: the VM stopped answering', hint: 'The VM may have stopped or its stream run dry; check `golem vm info NAME`, then reconnect.'},
  handshake: {what: 'failed the SSH handshake', hint: 'The port may not be an SSH server; check `golem vm info NAME`.'},
};

/** No SSH connection could be made to `host:port`, or it was lost; `reason` says which (see `SshFailureReason`). */
export class SshConnectError extends AppError {
  override name = 'SshConnectError' as const;
  /** True when no session was ever opened (refused, timed out during the handshake): nothing ran remotely. */
  readonly isBeforeSession: boolean;
  readonly reason: SshFailureReason;
  constructor({
    host,
    port,
    details,
    cause,
    isBeforeSession = false,
    reason = isBeforeSession ? 'handshake' : 'lost',
  }: {host: string; port: number; details?: string; cause?: unknown; isBeforeSession?: boolean; reason?: SshFailureReason}) {
    const text = SSH_FAILURE_TEXT[reason];
    super({
      code: 'SSH',
      shortMessage: reason === 'lost' ? `SSH to ${host}:${port}: ${text.what}.` : `SSH to ${host}:${port} ${text.what}.`,
      details,
      hint: text.hint,
      cause,
    });
    this.isBeforeSession = isBeforeSession;
    this.reason = reason;
  }
}

/**
 * The rental's host key differs from the one pinned for it (under its `hostKeyAlias`) — whatever host or port it
 * answers on, a different key is refused: the provider's plain-HTTP access answer may have been tampered with, or
 * someone intercepts. Fingerprints are OpenSSH's `SHA256:<base64 without padding>` (`ssh-keygen -lf`).
 */
export class HostKeyMismatchError extends AppError {
  override name = 'HostKeyMismatchError' as const;
  readonly knownFingerprints: readonly string[];
  readonly presentedFingerprint: string | undefined;
  readonly hostKeyAlias: string;
  constructor({
    hostKeyAlias,
    host,
    port,
    knownHostsPath,
    knownFingerprints = [],
    presentedFingerprint,
    movedFrom,
  }: {
    hostKeyAlias: string;
    host: string;
    port: number;
    knownHostsPath: string;
    knownFingerprints?: readonly string[];
    presentedFingerprint?: string | undefined;
    /** `host:port` the rental answered on before the provider's access answer moved it. */
    movedFrom?: string | undefined;
  }) {
    super({
      code: 'SSH',
      shortMessage: `The server at ${host}:${port}${movedFrom ? ` (moved from ${movedFrom})` : ''} presented a different host key than the one pinned for ${hostKeyAlias}; refused.`,
      details:
        presentedFingerprint === undefined
          ? undefined
          : `pinned ${knownFingerprints.join(', ') || '(unknown)'}, presented now ${presentedFingerprint}`,
      hint: `Do not connect: the provider's access answer may have been tampered with, or someone is intercepting. The pin stays in ${knownHostsPath}; if the provider really re-created the VM, destroy it and rent a new one.`,
    });
    this.knownFingerprints = knownFingerprints;
    this.presentedFingerprint = presentedFingerprint;
    this.hostKeyAlias = hostKeyAlias;
  }
}

/** Local storage (SQLite, key files) failed. */
export class StorageError extends AppError {
  override name = 'StorageError' as const;
  constructor({operation, hint, cause}: {operation: string; hint?: string; cause?: unknown}) {
    super({
      code: 'STORAGE',
      shortMessage: `Local storage failed while trying to ${operation}.`,
      details: cause instanceof Error ? cause.message : undefined,
      hint,
      cause,
    });
  }
}

/** Settings are missing or contradictory (unknown network, devnet not running, zero contract address). */
export class ConfigError extends AppError {
  override name = 'ConfigError' as const;
  constructor({shortMessage, hint, cause}: {shortMessage: string; hint?: string; cause?: unknown}) {
    super({code: 'CONFIG', shortMessage, hint, cause});
  }
}

/** A step of the testnet faucet flow (reference §9): fetch the Cap challenge, solve it, redeem it, get paid. */
export type FaucetStep = 'challenge' | 'solve' | 'redeem' | 'payout';

/**
 * The faucet flow failed at `step` because of `reason` (reference §9, which returned a bare null for every one of
 * these). `hint` defaults to a next step that fits the step.
 */
export class FaucetError extends AppError {
  override name = 'FaucetError' as const;
  readonly step: FaucetStep;
  constructor({step, reason, hint, cause}: {step: FaucetStep; reason: string; hint?: string; cause?: unknown}) {
    const defaults: Record<FaucetStep, string> = {
      challenge: 'Check GOLEM_REQUESTOR_CAPTCHA_URL and your connection, then run `golem wallet faucet` again.',
      solve: 'Run `golem wallet faucet` again to get a fresh challenge.',
      redeem: 'The challenge may have expired; run `golem wallet faucet` again.',
      payout: 'Check GOLEM_REQUESTOR_L2_FAUCET_URL, wait a while (faucets limit requests), then run `golem wallet faucet` again.',
    };
    super({
      code: 'FAUCET',
      shortMessage: `Faucet ${step} failed: ${reason}`,
      details: cause instanceof Error ? cause.message : undefined,
      hint: hint ?? defaults[step],
      cause,
    });
    this.step = step;
  }
}

/** The user declined or interrupted. `isInterrupt` is true for Ctrl+C (exit 130), false for "no" (exit 0). */
export class CancelledError extends AppError {
  override name = 'CancelledError' as const;
  readonly isInterrupt: boolean;
  constructor({isInterrupt = false, shortMessage = 'Cancelled.'}: {isInterrupt?: boolean; shortMessage?: string} = {}) {
    super({code: 'CANCELLED', shortMessage});
    this.isInterrupt = isInterrupt;
  }
}

/**
 * The command line itself is wrong (issue 14): an unknown command or flag, a flag without its value, a value outside
 * its set, a missing or extra argument, or a confirmation needed where none can be asked (no terminal, or `--json`).
 * Exit code 2; the hint defaults to the command's `--help`.
 */
export class UsageError extends AppError {
  override name = 'UsageError' as const;
  constructor({shortMessage, hint, cause}: {shortMessage: string; hint?: string | undefined; cause?: unknown}) {
    super({code: 'USAGE', shortMessage, hint, cause});
  }
}

/**
 * The process exit code for a thrown value (issue 14, the same on every command): 2 for usage errors (`UsageError`,
 * and `InvalidInputError` — a value the user typed failed validation), 130 for Ctrl-C, 1 for any other expected
 * failure (including a declined confirmation), 70 (EX_SOFTWARE) for anything that is not an `AppError` — a bug.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CancelledError) return error.isInterrupt ? 130 : 1;
  if (error instanceof UsageError || error instanceof InvalidInputError) return 2;
  if (error instanceof AppError) return 1;
  return 70;
}

/** Narrows an unknown thrown value to an `AppError`. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
