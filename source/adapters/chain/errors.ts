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
    const reason = revertReason(reverted);
    return new ContractRevertedError({functionName, reason, hint: revertHint(reason), cause: error});
  }

  const funds = error.walk((e) => e instanceof ViemInsufficientFundsError);
  if (funds) return insufficientFunds(error, context);

  const executionReverted = error.walk((e) => e instanceof ExecutionRevertedError);
  if (executionReverted instanceof ExecutionRevertedError) {
    const reason = nodeRevertReason(executionReverted);
    return new ContractRevertedError({functionName, reason, hint: revertHint(reason), cause: error});
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

/**
 * Every revert string of StreamPayment (reference §7.2, contracts/StreamPayment.sol) and what the user does next.
 * Keys are the exact `require` messages.
 */
export const REVERT_HINTS: Readonly<Record<string, string>> = {
  'oracle=0': 'The contract was deployed without an oracle; deploy it again with an oracle address (`golem devnet up`).',
  'recipient=0': 'The provider id is the zero address; pick a real provider with `golem vm providers`.',
  'deposit=0': 'The deposit was 0; ask for at least 1 hour (--hours 1).',
  'rate=0': "The provider's price gives a rate of 0 wei/s; pick a provider whose prices show in `golem vm providers`.",
  'duration=0': 'The deposit buys less than one second at this rate; ask for more hours.',
  'value != deposit': 'The ETH sent did not equal the deposit (a bug in golem); nothing was paid — please report it.',
  'value != amount': 'The ETH sent did not equal the top-up amount (a bug in golem); nothing was paid — please report it.',
  'stopTime overflow': 'The deposit or top-up runs past the end of time at this rate; use a smaller amount.',
  'no-stream': 'The stream does not exist or was already terminated; check it with `golem vm stream inspect --stream-id N`, or open a new one with `golem vm stream open`.',
  'not recipient': 'Only the provider of a stream can withdraw from it; this wallet is not the recipient.',
  'nothing to withdraw': 'Nothing has vested since the last withdrawal; try again later.',
  'not authorized': 'Only the sender or the recipient can terminate a stream; this wallet is neither (check GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY).',
  'not oracle': 'Only the contract oracle can halt a stream.',
  halted: 'The stream was halted and cannot be topped up; terminate it (`golem vm stream terminate --stream-id N`) to get the rest back, and open a new one.',
  'not sender': 'Only the wallet that opened a stream can top it up; use that wallet (GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY).',
  'amount=0': 'The top-up amount was 0; give a positive --amount or --hours.',
  'delta=0': 'The top-up buys less than one second at the stream rate; top up at least one second of rate (or use --hours).',
  'eth transfer failed': 'The recipient refused the ETH; the provider must fix its payout address.',
  'transfer failed': 'The token transfer failed; check the token balance of the contract.',
  'eth payout failed': "The provider's address refused its payout, so terminate failed; try again later or ask the provider.",
  'eth refund failed': 'The wallet address refused the refund, so terminate failed; a contract wallet must accept ETH.',
  'transfer payout failed': 'The token payout to the provider failed; try again later.',
  'transfer refund failed': 'The token refund to the wallet failed; try again later.',
  'transferFrom failed': 'The token transfer into the contract failed: approve the contract and check the token balance.',
};

/**
 * The next step for a StreamPayment revert `reason` (one of `REVERT_HINTS`' keys, compared exactly, then
 * case-insensitively), or a generic one for an unknown reason. Never throws.
 *
 * @example
 * revertHint('halted') // → 'The stream was halted and cannot be topped up; terminate it …'
 */
export function revertHint(reason: string): string {
  const known = REVERT_HINTS[reason] ?? Object.entries(REVERT_HINTS).find(([key]) => key.toLowerCase() === reason.trim().toLowerCase())?.[1];
  return known ?? 'The contract refused the call; check the stream with `golem vm stream inspect --stream-id N` and try again with --debug for details.';
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
