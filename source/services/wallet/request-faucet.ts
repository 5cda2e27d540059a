import {CancelledError, ConfigError} from '../../errors.js';
import type {FaucetError, RpcUnavailableError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {FaucetProgress, FaucetResult} from '../types.js';

/** Progress callback and abort signal of `requestFaucet`. */
export type RequestFaucetParameters = {
  readonly onProgress?: ((progress: FaucetProgress) => void) | undefined;
  /** Aborting stops the solver workers and any request in flight (`CancelledError`, interrupt). */
  readonly signal?: AbortSignal | undefined;
};

/** `skipped` (balance above the threshold; nothing was asked) or `funded` with the faucet's transaction hash. */
export type RequestFaucetReturnType = FaucetResult;

/** What `requestFaucet` throws. */
export type RequestFaucetErrorType = ConfigError | FaucetError | RpcUnavailableError | CancelledError;

/**
 * Gets test ETH from the payments profile's faucet (reference §9, fixed):
 *
 * 1. gate: the profile has a faucet, else `ConfigError` (the reference printed a warning and exited 0);
 * 2. balance: above `thresholdWei` (0.01 ETH) → `{status: 'skipped'}` without contacting anything (an RPC failure is
 *    an error, not "balance 0" as in the reference);
 * 3. challenge → solve (worker threads, progress per pair) → redeem → payout, each failure a `FaucetError` naming
 *    its step (the reference returned null for all of them).
 *
 * Progress: `balance`, `challenge`, `solve` (solved/total, starting at 0), `redeem`, `payout`.
 *
 * @example
 * const result = await requestFaucet(ctx, {onProgress: (progress) => draw(progress)})
 * if (result.status === 'funded') console.log(result.txHash)
 */
export async function requestFaucet(ctx: ServiceContext, {onProgress, signal}: RequestFaucetParameters = {}): Promise<RequestFaucetReturnType> {
  const settings = ctx.config.faucet;
  if (settings === null || ctx.faucet === undefined) {
    throw new ConfigError({
      shortMessage: `The payments network '${ctx.config.paymentsNetwork}' has no faucet.`,
      hint: 'Faucets exist on testnets (l2.holesky); fund the wallet directly, or set GOLEM_REQUESTOR_L2_FAUCET_URL.',
    });
  }
  const checkAbort = () => {
    if (signal?.aborted) throw new CancelledError({isInterrupt: true});
  };
  const {address} = ctx.wallet();
  const {client} = ctx.payments();
  checkAbort();
  onProgress?.({step: 'balance'});
  const balanceWei = await client.getBalance(address);
  if (balanceWei > settings.thresholdWei) {
    return {status: 'skipped', address, balanceWei, thresholdWei: settings.thresholdWei};
  }

  const gateway = ctx.faucet();
  checkAbort();
  onProgress?.({step: 'challenge'});
  const challenge = await gateway.getChallenge(signal);
  checkAbort();
  const total = challenge.pairs.length;
  onProgress?.({step: 'solve', solved: 0, total});
  const nonces = await gateway.solve(challenge, {
    signal,
    onProgress: (solved) => onProgress?.({step: 'solve', solved, total}),
  });
  checkAbort();
  onProgress?.({step: 'redeem'});
  const captchaToken = await gateway.redeem(challenge, nonces, signal);
  checkAbort();
  onProgress?.({step: 'payout'});
  const txHash = await gateway.requestPayout({address, captchaToken}, signal);
  return {status: 'funded', address, txHash};
}
