/**
 * What the faucet service needs from the world (reference §9): a Cap proof-of-work server, a solver, and the
 * faucet's payout endpoint. Implemented by `source/adapters/faucet/` (`createFaucetGateway`); services receive it
 * through `ServiceContext.faucet`.
 */
import type {Address, Hex} from 'viem';

/** A PoW pair: find the smallest nonce ≥ 0 with `sha256(salt + decimal(nonce))` (hex) starting with `target`. */
export type CapPair = readonly [salt: string, target: string];

/**
 * A Cap challenge, normalised. `format` says how it was issued: `list` (`challenge: [[salt, target], …]`, redeemed
 * with `[[salt, target, nonce], …]`) or `seeded` (`challenge: {c, s, d}`, pairs derived from `token` with Cap's PRNG,
 * redeemed with the bare nonces in order).
 */
export type CapChallenge = {
  readonly token: string;
  readonly format: 'list' | 'seeded';
  readonly pairs: readonly CapPair[];
  /** When the challenge expires, unix ms, or null when the server did not say. */
  readonly expiresAtMs: number | null;
};

/** Options of a cancellable step that reports progress. */
export type SolveOptions = {
  readonly signal?: AbortSignal | undefined;
  /** Called after each solved pair with the number solved so far and the total. */
  readonly onProgress?: ((solved: number, total: number) => void) | undefined;
};

/**
 * The faucet's remote steps. Every method throws `FaucetError` naming its step, or `CancelledError` when `signal`
 * aborts.
 */
export type FaucetGateway = {
  /** `POST <captcha>/<key>/api/challenge`. */
  getChallenge(signal?: AbortSignal): Promise<CapChallenge>;
  /** Solves every pair (worker threads); returns the nonces in pair order. */
  solve(challenge: CapChallenge, options?: SolveOptions): Promise<number[]>;
  /** `POST <captcha>/<key>/api/redeem`; returns the single-use captcha token. */
  redeem(challenge: CapChallenge, nonces: readonly number[], signal?: AbortSignal): Promise<string>;
  /** `POST <faucet>/api/faucet` `{address, captchaToken}`; returns the faucet's transaction hash. */
  requestPayout(parameters: {address: Address; captchaToken: string}, signal?: AbortSignal): Promise<Hex>;
};
