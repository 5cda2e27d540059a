import Fastify, {type FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createGlmUsdPriceSource} from '../../../../source/adapters/prices/glm-usd.js';
import {AppError} from '../../../../source/errors.js';

let app: FastifyInstance;
let base: string;
let requests = 0;

beforeAll(async () => {
  app = Fastify();
  app.get('/price', () => {
    requests++;
    return {golem: {usd: 0.2531}};
  });
  // An ETH answer is not a GLM price.
  app.get('/ethereum', () => ({ethereum: {usd: 3000}}));
  await app.listen({host: '127.0.0.1', port: 0});
  base = `http://127.0.0.1:${(app.server.address() as {port: number}).port}`;
});

afterAll(async () => {
  await app.close();
});

describe('createGlmUsdPriceSource (reference §6.1: CoinGecko id golem)', () => {
  it('returns the fixed price (GOLEM_REQUESTOR_GLM_USD_PRICE, the devnet) without any request', async () => {
    const fixed = createGlmUsdPriceSource({fixedFixed18: 25n * 10n ** 16n, url: 'http://127.0.0.1:1/none', timeoutMs: 10});
    expect(await fixed.getTokenUsd()).toBe(250_000_000_000_000_000n);
  });

  it('reads golem.usd exactly into fixed18 and caches it', async () => {
    const prices = createGlmUsdPriceSource({fixedFixed18: null, url: `${base}/price`, timeoutMs: 1000});
    requests = 0;
    expect(await prices.getTokenUsd()).toBe(253_100_000_000_000_000n);
    expect(await prices.getTokenUsd()).toBe(253_100_000_000_000_000n);
    expect(requests).toBe(1);
  });

  it('refuses an answer without a golem price, naming GOLEM_REQUESTOR_GLM_USD_PRICE', async () => {
    const prices = createGlmUsdPriceSource({fixedFixed18: null, url: `${base}/ethereum`, timeoutMs: 1000});
    const error = await prices.getTokenUsd().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).shortMessage).toMatch(/GLM\/USD.*no positive golem\.usd price/);
    expect((error as AppError).hint).toContain('GOLEM_REQUESTOR_GLM_USD_PRICE');
  });
});
