import {z} from 'zod';
import {AppError} from '../../errors.js';
import {httpGetJson} from '../http-get-json.js';
import {parseFixed18} from '../../lib/decimal.js';
import type {EthUsdPriceSource} from '../../services/ports.js';

/** Where the ETH/USD price comes from. */
export type CreateEthUsdPriceSourceParameters = {
  /** A fixed price, fixed18 USD per ETH (GOLEM_REQUESTOR_ETH_USD_PRICE or the devnet's); wins over `url`. */
  readonly fixedFixed18: bigint | null;
  /** CoinGecko-style `simple/price?ids=ethereum&vs_currencies=usd` URL (GOLEM_REQUESTOR_ETH_USD_PRICE_URL). */
  readonly url: string;
  /** Request timeout, milliseconds. */
  readonly timeoutMs: number;
  /**
   * How long a fetched price is reused, milliseconds (public price APIs rate-limit hard).
   * @default 60000
   */
  readonly cacheMs?: number;
};

/** CoinGecko's answer: `{"ethereum": {"usd": 3012.45}}`. */
const CoinGeckoPrice = z.object({ethereum: z.object({usd: z.number().positive().finite()})});

const HINT = 'Set GOLEM_REQUESTOR_ETH_USD_PRICE (USD per ETH, e.g. 3000) to use a fixed price, or try again later.';

/**
 * The ETH/USD price used to turn USD prices into a native-ETH stream rate (reference §6.3 ➜ TS; design.md
 * "Rate"). With `fixedFixed18` it always returns that; otherwise it GETs `url`, expects CoinGecko's
 * `{"ethereum":{"usd": number}}` and converts the number exactly (`parseFixed18(String(usd))`, no float maths),
 * reusing a fetched price for `cacheMs`.
 *
 * `getEthUsd` resolves to fixed18 USD per ETH (> 0). Throws `AppError` with code `PROVIDER` (unreachable,
 * timeout, non-2xx, unexpected body) whose hint names GOLEM_REQUESTOR_ETH_USD_PRICE, or `CancelledError` when
 * `signal` aborts.
 *
 * @example
 * const prices = createEthUsdPriceSource({fixedFixed18: profile.ethUsdPriceFixed18, url: config.ethUsdPriceUrl, timeoutMs: 10_000});
 * const usdPerEth = await prices.getEthUsd(); // 3012_450000000000000000n
 */
export function createEthUsdPriceSource({
  fixedFixed18,
  url,
  timeoutMs,
  cacheMs = 60_000,
}: CreateEthUsdPriceSourceParameters): EthUsdPriceSource {
  let cached: {price: bigint; atMs: number} | null = null;

  function fail(reason: string, cause?: unknown): AppError {
    return new AppError({
      code: 'PROVIDER',
      shortMessage: `Cannot get the ETH/USD price from ${url}: ${reason}.`,
      details: cause instanceof Error ? cause.message : undefined,
      hint: HINT,
      cause,
    });
  }

  return {
    async getEthUsd(signal) {
      if (fixedFixed18 !== null) return fixedFixed18;
      if (cached && Date.now() - cached.atMs < cacheMs) return cached.price;
      const body = await httpGetJson(url, {timeoutMs, signal, fail});
      const parsed = CoinGeckoPrice.safeParse(body);
      const price = parsed.success ? parseFixed18(String(parsed.data.ethereum.usd)) : null;
      if (!price) throw fail('the answer has no positive ethereum.usd price', parsed.success ? undefined : parsed.error);
      cached = {price, atMs: Date.now()};
      return price;
    },
  };
}
