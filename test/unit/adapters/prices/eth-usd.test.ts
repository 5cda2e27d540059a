import Fastify, {type FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createEthUsdPriceSource} from '../../../../source/adapters/prices/eth-usd.js';
import {AppError, CancelledError} from '../../../../source/errors.js';

let app: FastifyInstance;
let base: string;
let requests = 0;

beforeAll(async () => {
  app = Fastify();
  app.get('/price', () => {
    requests++;
    return {ethereum: {usd: 3012.45}};
  });
  app.get('/tiny', () => ({ethereum: {usd: 1e-7}}));
  app.get('/zero', () => ({ethereum: {usd: 0}}));
  app.get('/junk', () => ({bitcoin: {usd: 1}}));
  app.get('/limited', (_request, reply) => reply.code(429).send({status: {error_code: 429}}));
  await app.listen({host: '127.0.0.1', port: 0});
  base = `http://127.0.0.1:${(app.server.address() as {port: number}).port}`;
});

afterAll(async () => {
  await app.close();
});

const source = (path: string, cacheMs?: number) =>
  createEthUsdPriceSource({fixedFixed18: null, url: `${base}${path}`, timeoutMs: 1000, cacheMs});

describe('createEthUsdPriceSource', () => {
  it('returns the fixed price without any request', async () => {
    const fixed = createEthUsdPriceSource({fixedFixed18: 2500n * 10n ** 18n, url: 'http://127.0.0.1:1/none', timeoutMs: 10});
    expect(await fixed.getEthUsd()).toBe(2500n * 10n ** 18n);
  });

  it('converts the CoinGecko number exactly to fixed18 and caches it', async () => {
    const prices = source('/price');
    requests = 0;
    expect(await prices.getEthUsd()).toBe(3_012_450_000_000_000_000_000n);
    expect(await prices.getEthUsd()).toBe(3_012_450_000_000_000_000_000n);
    expect(requests).toBe(1);
    expect(await source('/tiny').getEthUsd()).toBe(100_000_000_000n);
  });

  it('refetches once the cache has expired', async () => {
    const prices = source('/price', 0);
    requests = 0;
    await prices.getEthUsd();
    await prices.getEthUsd();
    expect(requests).toBe(2);
  });

  it.each(['/zero', '/junk', '/limited', '/missing'])('fails on %s with a hint naming the fixed-price setting', async (path) => {
    const error = await source(path).getEthUsd().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('PROVIDER');
    expect((error as AppError).hint).toContain('GOLEM_REQUESTOR_ETH_USD_PRICE');
  });

  it('fails when the source is unreachable, and throws CancelledError on abort', async () => {
    const closed = Fastify();
    await closed.listen({host: '127.0.0.1', port: 0});
    const {port} = closed.server.address() as {port: number};
    await closed.close();
    const offline = createEthUsdPriceSource({fixedFixed18: null, url: `http://127.0.0.1:${port}/`, timeoutMs: 1000});
    await expect(offline.getEthUsd()).rejects.toThrow(/cannot connect/);
    await expect(source('/price', 0).getEthUsd(AbortSignal.abort())).rejects.toBeInstanceOf(CancelledError);
  });
});
