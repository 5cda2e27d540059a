import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import Fastify, {type FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createEthUsdPriceSource} from '../../../../source/adapters/prices/eth-usd.js';
import {loadConfig} from '../../../../source/config/settings.js';

let app: FastifyInstance;
let base: string;
let requests = 0;
let usd = 3000.5;
const dir = mkdtempSync(join(tmpdir(), 'golem-price-cache-'));

beforeAll(async () => {
  app = Fastify({forceCloseConnections: true});
  app.get('/price', () => {
    requests++;
    return {ethereum: {usd}};
  });
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return {ethereum: {usd: 1}};
  });
  await app.listen({host: '127.0.0.1', port: 0});
  base = `http://127.0.0.1:${(app.server.address() as {port: number}).port}`;
});

afterAll(async () => {
  await app.close();
  rmSync(dir, {recursive: true, force: true});
});

describe('ETH/USD price cache', () => {
  it('shares a fetched price with the next process through the cache file, within the TTL', async () => {
    const cacheFilePath = join(dir, 'shared', 'eth-usd.json');
    let clock = 1_000_000;
    const make = () => createEthUsdPriceSource({fixedFixed18: null, url: `${base}/price`, timeoutMs: 1000, cacheFilePath, nowMs: () => clock});
    requests = 0;
    usd = 3000.5;
    expect(await make().getEthUsd()).toBe(3_000_500_000_000_000_000_000n);
    expect(requests).toBe(1);
    expect(JSON.parse(readFileSync(cacheFilePath, 'utf8'))).toEqual({usdFixed18: '3000500000000000000000', fetchedAtMs: 1_000_000});

    // A second "process" (a new source) 9 minutes later reads the file and makes no request.
    usd = 4000;
    clock += 9 * 60_000;
    expect(await make().getEthUsd()).toBe(3_000_500_000_000_000_000_000n);
    expect(requests).toBe(1);

    // After the 10-minute TTL it fetches again and rewrites the file.
    clock += 2 * 60_000;
    expect(await make().getEthUsd()).toBe(4_000_000_000_000_000_000_000n);
    expect(requests).toBe(2);
    expect(JSON.parse(readFileSync(cacheFilePath, 'utf8')).usdFixed18).toBe('4000000000000000000000');
  });

  it('treats a junk or future-dated cache file as a miss, not an error', async () => {
    const cacheFilePath = join(dir, 'junk.json');
    writeFileSync(cacheFilePath, '{"usdFixed18": "NaN", "fetchedAtMs": 1}');
    requests = 0;
    usd = 2500;
    const source = createEthUsdPriceSource({fixedFixed18: null, url: `${base}/price`, timeoutMs: 1000, cacheFilePath});
    expect(await source.getEthUsd()).toBe(2_500n * 10n ** 18n);
    writeFileSync(cacheFilePath, JSON.stringify({usdFixed18: '1', fetchedAtMs: Date.now() + 3_600_000}));
    const again = createEthUsdPriceSource({fixedFixed18: null, url: `${base}/price`, timeoutMs: 1000, cacheFilePath});
    expect(await again.getEthUsd()).toBe(2_500n * 10n ** 18n);
    expect(requests).toBe(2);
  });

  it('times out a slow source with a hint naming the fixed-price override', async () => {
    const source = createEthUsdPriceSource({fixedFixed18: null, url: `${base}/slow`, timeoutMs: 100, cacheFilePath: join(dir, 'slow.json')});
    await expect(source.getEthUsd()).rejects.toMatchObject({code: 'PROVIDER', hint: expect.stringContaining('GOLEM_REQUESTOR_ETH_USD_PRICE')});
    await expect(source.getEthUsd()).rejects.toThrow(/no answer within 0.1 s/);
    expect(existsSync(join(dir, 'slow.json'))).toBe(false);
  });

  it('GOLEM_REQUESTOR_ETH_USD_PRICE fixes the price exactly (no float): the source makes no request', async () => {
    const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_ETH_USD_PRICE: '3123.456789012345678901'});
    if (config.payments instanceof Error) throw config.payments;
    expect(config.payments.ethUsdPriceFixed18).toBe(3_123_456_789_012_345_678_901n);
    requests = 0;
    const source = createEthUsdPriceSource({fixedFixed18: config.payments.ethUsdPriceFixed18, url: `${base}/price`, timeoutMs: 1000});
    expect(await source.getEthUsd()).toBe(3_123_456_789_012_345_678_901n);
    expect(requests).toBe(0);
  });
});
