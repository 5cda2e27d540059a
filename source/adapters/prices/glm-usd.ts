/**
 * The GLM/USD price for ERC20 streams (reference §6.1: CoinGecko id `golem`), built like the ETH/USD source.
 */
import type {TokenUsdPriceSource} from '../../services/ports.js';
import {createCoinUsdPriceSource, type CreateEthUsdPriceSourceParameters} from './eth-usd.js';

/** Default GLM/USD source (CoinGecko `simple/price`, id `golem`). */
export const DEFAULT_GLM_USD_URL = 'https://api.coingecko.com/api/v3/simple/price?ids=golem&vs_currencies=usd';

/**
 * GLM/USD as fixed18 USD per whole GLM: `fixedFixed18` (GOLEM_REQUESTOR_GLM_USD_PRICE or the devnet's) when set,
 * else `url` (`{"golem":{"usd": n}}`, exact decimal conversion), with the timeout and the memory/file cache of the
 * ETH/USD source. Throws `AppError` (code PROVIDER) naming GOLEM_REQUESTOR_GLM_USD_PRICE, or `CancelledError`.
 *
 * @example
 * const glm = createGlmUsdPriceSource({fixedFixed18: null, url: DEFAULT_GLM_USD_URL, timeoutMs: 5000})
 * await glm.getTokenUsd() // 250_000000000000000n for 0.25 USD
 */
export function createGlmUsdPriceSource(parameters: CreateEthUsdPriceSourceParameters): TokenUsdPriceSource {
  const source = createCoinUsdPriceSource({coinId: 'golem', symbol: 'GLM', fixedSetting: 'GOLEM_REQUESTOR_GLM_USD_PRICE'}, parameters);
  return {getTokenUsd: (signal) => source.getUsd(signal)};
}
