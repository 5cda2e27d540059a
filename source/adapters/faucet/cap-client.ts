/**
 * Client of a Cap proof-of-work CAPTCHA server (reference §9 steps 3 and 5): fetch a challenge, redeem its
 * solutions for a single-use token. Both challenge formats are understood: the list `[[salt, target], …]` and the
 * seeded `{c, s, d}` (pairs derived from the token, `cap-prng.ts`). Every answer is parsed with zod.
 */
import {z} from 'zod';
import {FaucetError} from '../../errors.js';
import {sanitizeText} from '../../lib/sanitize.js';
import type {CapChallenge} from '../../services/wallet/faucet-port.js';
import {deriveSeededPairs} from './cap-prng.js';
import {describeFailure, httpPostJson} from './http-post-json.js';

/** Limits that keep a hostile server from asking for unbounded work or memory. */
const MAX_PAIRS = 10_000;
const MAX_SALT_LENGTH = 1024;
/** 16^12 hashes per pair is far beyond any real faucet; longer targets would never finish. */
const MAX_TARGET_LENGTH = 12;

const ChallengeAnswer = z.object({
  challenge: z.union([
    z.array(z.tuple([z.string().min(1).max(MAX_SALT_LENGTH), z.string().min(1).max(MAX_TARGET_LENGTH)])).min(1).max(MAX_PAIRS),
    z.object({
      c: z.number().int().min(1).max(MAX_PAIRS),
      s: z.number().int().min(1).max(MAX_SALT_LENGTH),
      d: z.number().int().min(1).max(MAX_TARGET_LENGTH),
    }),
  ]),
  token: z.string().min(1).max(4096),
  expires: z.number().optional(),
});

const RedeemAnswer = z.object({
  success: z.boolean(),
  token: z.string().min(1).max(4096).optional(),
  message: z.string().optional(),
  expires: z.number().optional(),
});

/** Where the Cap server is: `<captchaUrl>/<apiKey>/api/…`; `timeoutMs` per request (reference: 60 s). */
export type CapClientOptions = {
  readonly captchaUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
};

/** The Cap client: `getChallenge` and `redeem`. Both throw `FaucetError` (step challenge / redeem) or `CancelledError`. */
export type CapClient = {
  getChallenge(signal?: AbortSignal): Promise<CapChallenge>;
  redeem(challenge: CapChallenge, nonces: readonly number[], signal?: AbortSignal): Promise<string>;
};

/**
 * Creates a Cap client. `getChallenge` POSTs `<captchaUrl>/<apiKey>/api/challenge` (no body) and normalises the
 * answer (targets must be lower-case hex: the server compares them with a hex digest). `redeem` POSTs
 * `{token, solutions}` to `…/api/redeem`: for a list challenge `solutions` is `[[salt, target, nonce], …]` (Cap 1,
 * the reference's format), for a seeded one the nonces in pair order (Cap 2); it returns the redeemed token, or throws
 * with the server's `message` (`Challenge expired`, `Invalid solution`, …).
 *
 * @example
 * const cap = createCapClient({captchaUrl: 'https://cap.gobas.me', apiKey: '05381a2cef5e', timeoutMs: 60_000})
 * const challenge = await cap.getChallenge()
 */
export function createCapClient({captchaUrl, apiKey, timeoutMs}: CapClientOptions): CapClient {
  const base = `${captchaUrl.replace(/\/+$/, '')}/${encodeURIComponent(apiKey)}/api`;
  return {
    async getChallenge(signal) {
      const fail = (reason: string, cause?: unknown) => new FaucetError({step: 'challenge', reason, cause});
      const {status, json, text} = await httpPostJson(`${base}/challenge`, {timeoutMs, signal, fail});
      if (status < 200 || status >= 300) throw fail(describeFailure(status, json, text));
      const parsed = ChallengeAnswer.safeParse(json);
      if (!parsed.success) throw fail('the CAPTCHA server answered with an unexpected challenge.', parsed.error);
      const {challenge, token, expires} = parsed.data;
      const isSeeded = !Array.isArray(challenge);
      const pairs = isSeeded ? deriveSeededPairs(token, challenge) : challenge.map(([salt, target]) => [salt, target] as const);
      const badTarget = pairs.find(([, target]) => !/^[0-9a-f]+$/.test(target));
      if (badTarget) throw fail(`the challenge target '${sanitizeText(badTarget[1])}' is not lower-case hex.`);
      return {token, format: isSeeded ? 'seeded' : 'list', pairs, expiresAtMs: expires ?? null};
    },

    async redeem(challenge, nonces, signal) {
      const fail = (reason: string, cause?: unknown) => new FaucetError({step: 'redeem', reason, cause});
      if (nonces.length !== challenge.pairs.length) throw fail(`${nonces.length} solutions for ${challenge.pairs.length} pairs.`);
      const solutions =
        challenge.format === 'seeded' ? [...nonces] : challenge.pairs.map(([salt, target], index) => [salt, target, nonces[index]!]);
      const {status, json, text} = await httpPostJson(`${base}/redeem`, {
        body: {token: challenge.token, solutions},
        timeoutMs,
        signal,
        fail,
      });
      const parsed = RedeemAnswer.safeParse(json);
      if (parsed.success && !parsed.data.success) {
        throw fail(`the CAPTCHA server refused the solutions: ${sanitizeText(parsed.data.message ?? 'no reason given').slice(0, 200)}.`);
      }
      if (status < 200 || status >= 300) throw fail(describeFailure(status, json, text));
      if (!parsed.success || !parsed.data.token) throw fail('the CAPTCHA server answered without a token.', parsed.error);
      return parsed.data.token;
    },
  };
}
