/**
 * Translates viem errors into golem's `AppError`s once, at the chain edge (style §5). The original error is kept
 * as `cause` so `--debug` can show it.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  ExecutionRevertedError,
  HttpRequestError,
  InsufficientFundsError as ViemInsufficientFundsError,
  SocketClosedError,
  TimeoutError,
  WaitForTransactionReceiptTimeoutError,
  WebSocketRequestError,
} from 'viem';
import {
  AppError,
  ChainError,
  ContractRevertedError,
  InsufficientFundsError,
  RpcUnavailableError,
} from '../../errors.js';
import {describeError} from '../../lib/json.js';
import {sanitizeText} from '../../lib/sanitize.js';

/** What the caller knows that the viem error does not carry. */
export type MapChainErrorContext = {
  /** RPC URL, for `RpcUnavailableError` when the viem error has none. */
  readonly url?: string | undefined;
  /** Wei the failed call needed (value + gas), for `InsufficientFundsError`. */
  readonly requiredWei?: bigint | undefined;
  /** Wei the wallet had, for `InsufficientFundsError`. */
  readonly availableWei?: bigint | undefined;
};

/**
 * Maps anything thrown by a viem call named `functionName` (a StreamPayment function such as `createStream`, or a
 * chain read such as `getBalance`) to an `AppError`, keeping the original as `cause`:
 *
 * - an `AppError` is returned unchanged;
 * - a revert (`ContractFunctionRevertedError`, or a node's `execution reverted: …`) → `ContractRevertedError` whose
 *   `reason` is the contract's revert string (reference §7.2), e.g. `deposit=0`;
 * - insufficient funds → `InsufficientFundsError` (amounts from `context`, else from the node's `have X want Y`,
 *   else 0);
 * - HTTP failure, socket closed or request timeout → `RpcUnavailableError`;
 * - anything else → `ChainError` with viem's short message as `details`.
 *
 * Never throws, whatever `error` holds (bigints, cycles, getters that throw — case-24): text is built with
 * `describeError`, and a failure while mapping yields a plain `ChainError`.
 *
 * @example
 * try { await publicClient.simulateContract(…) } catch (error) { throw mapChainError(error, 'createStream') }
 */
export function mapChainError(error: unknown, functionName: string, context: MapChainErrorContext = {}): AppError {
  try {
    return mapUnsafe(error, functionName, context);
  } catch {
    return new ChainError({shortMessage: `The chain call ${functionName} failed.`, cause: error});
  }
}

function mapUnsafe(error: unknown, functionName: string, context: MapChainErrorContext): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof BaseError)) {
    return new ChainError({
      shortMessage: `The chain call ${functionName} failed.`,
      details: sanitizeText(describeError(error)),
      cause: error,
    });
  }

  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError) {
    return new ContractRevertedError({functionName, reason: revertReason(reverted), cause: error});
  }

  const funds = error.walk((e) => e instanceof ViemInsufficientFundsError);
  if (funds) return insufficientFunds(error, context);

  const executionReverted = error.walk((e) => e instanceof ExecutionRevertedError);
  if (executionReverted instanceof ExecutionRevertedError) {
    return new ContractRevertedError({functionName, reason: nodeRevertReason(executionReverted), cause: error});
  }

  const unreachable = error.walk(
    (e) =>
      e instanceof HttpRequestError ||
      e instanceof TimeoutError ||
      e instanceof WebSocketRequestError ||
      e instanceof SocketClosedError,
  );
  if (unreachable) {
    const url = (unreachable as {url?: unknown}).url;
    return new RpcUnavailableError({url: typeof url === 'string' ? url : (context.url ?? 'unknown'), cause: error});
  }

  if (error instanceof WaitForTransactionReceiptTimeoutError) {
    return new ChainError({
      shortMessage: `No receipt arrived in time for ${functionName}; the transaction may still be pending.`,
      details: sanitizeText(error.shortMessage),
      hint: 'Check it again later by its hash before paying again; do not resend blindly.',
      cause: error,
    });
  }

  return new ChainError({
    shortMessage: `The chain call ${functionName} failed.`,
    details: sanitizeText(error.shortMessage || describeError(error)),
    cause: error,
  });
}

/** `Error(string)` reason, else a custom error name/signature, else viem's generic text. */
function revertReason(reverted: ContractFunctionRevertedError): string {
  if (reverted.reason) return sanitizeText(reverted.reason);
  if (reverted.data?.errorName) return sanitizeText(reverted.data.errorName);
  if (reverted.signature) return `unknown error ${reverted.signature}`;
  return 'execution reverted';
}

/** The node's reason, e.g. `halted`: from viem's "Execution reverted with reason: halted." or the node's text. */
function nodeRevertReason(reverted: ExecutionRevertedError): string {
  const fromViem = /^Execution reverted with reason: (.*)\.$/s.exec(reverted.shortMessage)?.[1];
  const fromNode = /execution reverted:\s*(.*)$/is.exec(reverted.details ?? '')?.[1];
  const reason = (fromViem ?? fromNode)?.trim();
  return reason ? sanitizeText(reason) : 'execution reverted';
}

/** Every message along the cause chain, where nodes put their own words. */
function causeChainText(error: BaseError): string {
  const parts: string[] = [];
  error.walk((e) => {
    if (e instanceof Error) parts.push(e.message);
    return false;
  });
  return parts.join('\n');
}

function insufficientFunds(error: BaseError, context: MapChainErrorContext): InsufficientFundsError {
  // geth-style nodes say "insufficient funds for gas * price + value: have 100 want 200".
  const haveWant = /have (\d+) want (\d+)/i.exec(causeChainText(error));
  const availableWei = context.availableWei ?? (haveWant ? BigInt(haveWant[1]!) : 0n);
  const requiredWei = context.requiredWei ?? (haveWant ? BigInt(haveWant[2]!) : 0n);
  const mapped = new InsufficientFundsError({requiredWei, availableWei});
  // errors.ts' InsufficientFundsError takes no `cause`; keep viem's error for --debug anyway.
  mapped.cause = error;
  return mapped;
}
