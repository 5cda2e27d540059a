/**
 * Client of the testnet faucet's payout endpoint (reference §9 step 6): `POST <faucet>/api/faucet` with
 * `{address, captchaToken}`; the transaction hash is read from `txHash`, else `tx`, else `hash`.
 */
import {getAddress, type Address, type Hex} from 'viem';
import {z} from 'zod';
import {FaucetError} from '../../errors.js';
import {describeFailure, httpPostJson} from './http-post-json.js';

const TxHash = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
const PayoutAnswer = z.object({txHash: TxHash.optional(), tx: TxHash.optional(), hash: TxHash.optional()});

/** Asks the faucet to pay `address`. Throws `FaucetError` (step payout) or `CancelledError`. */
export type FaucetClient = {
  requestPayout(parameters: {address: Address; captchaToken: string}, signal?: AbortSignal): Promise<Hex>;
};

/**
 * Creates the payout client for the faucet at `faucetUrl` (base URL without `/api`); `timeoutMs` per request. The
 * address is sent checksummed, as the reference does.
 *
 * @example
 * const hash = await createFaucetClient({faucetUrl: 'https://l2.holesky.golemdb.io/faucet', timeoutMs: 60_000})
 *   .requestPayout({address, captchaToken})
 */
export function createFaucetClient({faucetUrl, timeoutMs}: {faucetUrl: string; timeoutMs: number}): FaucetClient {
  const url = `${faucetUrl.replace(/\/+$/, '')}/api/faucet`;
  return {
    async requestPayout({address, captchaToken}, signal) {
      const fail = (reason: string, cause?: unknown) => new FaucetError({step: 'payout', reason, cause});
      const {status, json, text} = await httpPostJson(url, {body: {address: getAddress(address), captchaToken}, timeoutMs, signal, fail});
      if (status < 200 || status >= 300) throw fail(describeFailure(status, json, text));
      const parsed = PayoutAnswer.safeParse(json);
      const hash = parsed.success ? (parsed.data.txHash ?? parsed.data.tx ?? parsed.data.hash) : undefined;
      if (!hash) throw fail('the faucet answered without a transaction hash (txHash, tx or hash).', parsed.error);
      return hash.toLowerCase() as Hex;
    },
  };
}
