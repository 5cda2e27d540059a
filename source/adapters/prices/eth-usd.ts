import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';
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
   * How long a fetched price is reused, milliseconds (public price APIs rate-limit hard), in memory and in
   * `cacheFilePath`.
   * @default 600000 (10 min)
   */
  readonly cacheMs?: number;
  /**
   * A small JSON file (`{"usdFixed18": "…", "fetchedAtMs": …}`) that shares a fetched price between golem processes
   * for `cacheMs`, e.g. `<baseDir>/cache/eth-usd.json`; `null`/absent: memory only.
   */
  readonly cacheFilePath?: string | null;
  /** Clock in unix milliseconds (tests). @default Date.now */
  readonly nowMs?: () => number;
};

/** The cache file's content; anything else in the file is treated as no cache. */
const CachedPrice = z.object({usdFixed18: z.string().regex(/^[1-9]\d*$/), fetchedAtMs: z.number().int().nonnegative()});

/** CoinGecko's answer for one coin id: `{"ethereum": {"usd": 3012.45}}`. */
const CoinGeckoAnswer = z.record(z.string(), z.object({usd: z.number().positive().finite()}));

/** Which coin a price source prices: CoinGecko's id, the symbol for messages and the setting that fixes it. */
export type PricedCoin = {readonly coinId: string; readonly symbol: string; readonly fixedSetting: string};

const ETHEREUM: PricedCoin = {coinId: 'ethereum', symbol: 'ETH', fixedSetting: 'GOLEM_REQUESTOR_ETH_USD_PRICE'};

/**
 * The ETH/USD price used to turn USD prices into a native-ETH stream rate (reference §6.3 ➜ TS; design.md
 * "Rate"). With `fixedFixed18` it always returns that; otherwise it GETs `url`, expects CoinGecko's
 * `{"ethereum":{"usd": number}}` and converts the number exactly (`parseFixed18(String(usd))`, no float maths),
 * reusing a fetched price for `cacheMs`: in memory for this process, and in `cacheFilePath` for the next golem
 * processes (a fresh file entry is used without a request; a file that is missing, stale, junk or unwritable is
 * only a cache miss, never an error).
 *
 * `getEthUsd` resolves to fixed18 USD per ETH (> 0). Throws `AppError` with code `PROVIDER` (unreachable,
 * timeout, non-2xx, unexpected body) whose hint names GOLEM_REQUESTOR_ETH_USD_PRICE, or `CancelledError` when
 * `signal` aborts.
 *
 * @example
 * const prices = createEthUsdPriceSource({fixedFixed18: profile.ethUsdPriceFixed18, url: config.ethUsdPriceUrl, timeoutMs: 10_000});
 * const usdPerEth = await prices.getEthUsd(); // 3012_450000000000000000n
 */
export function createEthUsdPriceSource(parameters: CreateEthUsdPriceSourceParameters): EthUsdPriceSource {
  const source = createCoinUsdPriceSource(ETHEREUM, parameters);
  return {getEthUsd: (signal) => source.getUsd(signal)};
}

/**
 * The price source of {@link createEthUsdPriceSource} for any CoinGecko coin (`coin.coinId`, e.g. `golem` for GLM,
 * reference §6.1): fixed price first, then the in-memory and file cache, then `url` with `{"<coinId>":{"usd": n}}`.
 * `getUsd` resolves to fixed18 USD per whole coin; errors as `createEthUsdPriceSource`, naming `coin.fixedSetting`.
 */
export function createCoinUsdPriceSource(
  coin: PricedCoin,
  {
    fixedFixed18,
    url,
    timeoutMs,
    cacheMs = 600_000,
    cacheFilePath = null,
    nowMs = Date.now,
  }: CreateEthUsdPriceSourceParameters,
): {getUsd(signal?: AbortSignal): Promise<bigint>} {
  let cached: {price: bigint; atMs: number} | null = null;
  const isFresh = (entry: {atMs: number} | null): entry is {price: bigint; atMs: number} =>
    entry !== null && nowMs() - entry.atMs < cacheMs && nowMs() >= entry.atMs;

  function fail(reason: string, cause?: unknown): AppError {
    return new AppError({
      code: 'PROVIDER',
      shortMessage: `Cannot get the ${coin.symbol}/USD price from ${url}: ${reason}.`,
      details: cause instanceof Error ? cause.message : undefined,
      hint: `Set ${coin.fixedSetting} (USD per ${coin.symbol}) to use a fixed price, or try again later.`,
      cause,
    });
  }

  return {
    async getUsd(signal) {
      if (fixedFixed18 !== null) return fixedFixed18;
      if (isFresh(cached)) return cached.price;
      const fromFile = cacheFilePath ? readCacheFile(cacheFilePath) : null;
      if (isFresh(fromFile)) {
        cached = fromFile;
        return fromFile.price;
      }
      const body = await httpGetJson(url, {timeoutMs, signal, fail});
      const parsed = CoinGeckoAnswer.safeParse(body);
      const usd = parsed.success ? parsed.data[coin.coinId]?.usd : undefined;
      const price = usd === undefined ? null : parseFixed18(String(usd));
      if (!price) throw fail(`the answer has no positive ${coin.coinId}.usd price`, parsed.success ? undefined : parsed.error);
      cached = {price, atMs: nowMs()};
      if (cacheFilePath) writeCacheFile(cacheFilePath, cached);
      return price;
    },
  };
}

/** The cached price in `path`, or null when there is none usable (missing, unreadable or junk: a cache miss). */
function readCacheFile(path: string): {price: bigint; atMs: number} | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null; // No cache file yet (or unreadable): fetch instead.
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null; // A torn or foreign file: fetch instead, and overwrite it.
  }
  const parsed = CachedPrice.safeParse(json);
  return parsed.success ? {price: BigInt(parsed.data.usdFixed18), atMs: parsed.data.fetchedAtMs} : null;
}

/** Writes the cache atomically (temp file + rename); a failure only means the next process fetches again. */
function writeCacheFile(path: string, entry: {price: bigint; atMs: number}): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), {recursive: true});
    writeFileSync(temporary, `${JSON.stringify({usdFixed18: entry.price.toString(), fetchedAtMs: entry.atMs})}\n`);
    renameSync(temporary, path);
  } catch {
    // Best effort by design: the price was fetched and is returned; only sharing it with the next process failed.
  }
}
