import {getAddress} from 'viem';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createGolemBaseDiscovery, type CreateGolemBaseDiscoveryParameters} from '../../../../source/adapters/discovery/golem-base.js';
import {buildGolemBaseQuery, quoteQueryString} from '../../../../source/adapters/discovery/golem-base-query.js';
import {CancelledError, ConfigError, DiscoveryError} from '../../../../source/errors.js';
import {toJson} from '../../../../source/lib/json.js';
import {listProviders} from '../../../../source/services/providers/list-providers.js';
import type {ServiceContext} from '../../../../source/services/context.js';
import type {DiscoveryClient} from '../../../../source/services/ports.js';
import {
  addressFor,
  providerEntity,
  startGolemBaseServer,
  type GolemBaseServer,
} from '../../../helpers/golem-base-server.js';

const FIXED18 = 10n ** 18n;
const NOW = new Date('2026-11-30T12:00:00.000Z');

let server: GolemBaseServer;

function discoveryFor(overrides: Partial<CreateGolemBaseDiscoveryParameters> = {}): DiscoveryClient {
  return createGolemBaseDiscovery({
    rpcUrl: server.url,
    timeoutMs: 5000,
    advertisementIntervalSeconds: 3600,
    defaultPort: 7466,
    now: () => NOW,
    ...overrides,
  });
}

beforeAll(async () => {
  server = await startGolemBaseServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.entities = [];
  server.blockNumber = 10_000;
  server.refuseBatches = false;
  server.maxBatchSize = 1000;
  server.delayMs = 0;
  server.failMethods = [];
  server.resetStats();
});

describe('buildGolemBaseQuery', () => {
  it('builds the documented query from every filter (reference §5.2.2)', () => {
    expect(
      buildGolemBaseQuery({network: 'mainnet', paymentsNetwork: 'l2.holesky', cpu: 2, memory: 4, storage: 20, country: 'SE', platform: 'x86_64'}),
    ).toBe(
      'golem_type="provider" && golem_network="mainnet" && golem_payments_network="l2.holesky" && golem_cpu>=2 && ' +
        'golem_memory>=4 && golem_storage>=20 && golem_country="SE" && golem_platform="x86_64"',
    );
    expect(buildGolemBaseQuery({network: 'testnet', paymentsNetwork: null, cpu: 0, memory: 2.5})).toBe(
      'golem_type="provider" && golem_network="testnet" && golem_memory>=3',
    );
  });

  it('escapes quotes, backslashes and control characters in values', () => {
    expect(quoteQueryString('SE" || golem_type="provider')).toBe('"SE\\" || golem_type=\\"provider"');
    expect(quoteQueryString('x86\\')).toBe('"x86\\\\"');
    expect(quoteQueryString('a\nb\u0007')).toBe('"a\\u000ab\\u0007"');
  });
});

describe('createGolemBaseDiscovery', () => {
  it('sends the filters as a query, networks included, and applies them', async () => {
    server.entities = [
      providerEntity({index: 1, cpu: 4, memory: 8, storage: 100}),
      providerEntity({index: 2, cpu: 1, memory: 8, storage: 100}),
      providerEntity({index: 3, network: 'testnet'}),
      providerEntity({index: 4, paymentsNetwork: 'kaolin.holesky'}),
      providerEntity({index: 5, country: 'DE'}),
    ];
    const discovery = discoveryFor();
    const networks = {network: 'mainnet', paymentsNetwork: 'l2.holesky'};
    const adverts = await discovery.findProviders({...networks, cpu: 2, memory: 4, storage: 20, country: 'SE', platform: 'x86_64'});
    expect(server.stats.queries).toEqual([
      'golem_type="provider" && golem_network="mainnet" && golem_payments_network="l2.holesky" && golem_cpu>=2 && ' +
        'golem_memory>=4 && golem_storage>=20 && golem_country="SE" && golem_platform="x86_64"',
    ]);
    expect(adverts.map((advert) => advert.providerId)).toEqual([getAddress(addressFor(1))]);

    // Reference §14.4 pins: --all-payments drops the payments term; an explicit payments network is used verbatim.
    const anyPayments = await discovery.findProviders({network: 'mainnet', paymentsNetwork: null});
    expect(server.stats.queries[1]).toBe('golem_type="provider" && golem_network="mainnet"');
    // With no network filter at all (e.g. resolving one provider by id) every network is listed.
    expect(await discovery.findProviders({})).toHaveLength(5);
    expect(anyPayments).toHaveLength(4);
    const kaolin = await discovery.findProviders({network: 'mainnet', paymentsNetwork: 'kaolin.holesky'});
    expect(server.stats.queries[3]).toContain('golem_payments_network="kaolin.holesky"');
    expect(kaolin.map((advert) => [advert.providerId, advert.paymentsNetwork])).toEqual([[getAddress(addressFor(4)), 'kaolin.holesky']]);
  });

  it('keeps a hostile filter value one string literal (no query injection, reference §14.3 item 6)', async () => {
    const hostile = 'SE" || golem_type="provider';
    server.entities = [providerEntity({index: 1}), providerEntity({index: 2, country: hostile}), providerEntity({index: 3, platform: 'x86\\'})];
    const discovery = discoveryFor();

    const byCountry = await discovery.findProviders({country: hostile});
    expect(server.stats.queries[0]).toContain('golem_country="SE\\" || golem_type=\\"provider"');
    expect(byCountry.map((advert) => advert.providerId)).toEqual([getAddress(addressFor(2))]);

    const byPlatform = await discovery.findProviders({platform: 'x86\\'});
    expect(server.stats.queries[1]).toContain('golem_platform="x86\\\\"');
    expect(byPlatform.map((advert) => advert.providerId)).toEqual([getAddress(addressFor(3))]);
  });

  it('maps annotations to an advert, strips control characters and computes the "Updated" age (reference §5.2.5)', async () => {
    server.entities = [
      providerEntity({
        index: 1,
        name: 'evil\u001b[2J\u0007name\r\n',
        country: 'S\u0085E\u202e',
        platform: '',
        // created = expires − 2 × 3600 = 9,970: 30 blocks ago at block 10,000, 2 s each.
        expiresAtBlock: 10_000 + 7200 - 30,
      }),
    ];
    // A malformed annotation is skipped, not the advert; numeric annotations win a key clash (reference §5.2.5).
    server.entities[0]!.stringAnnotations.push({key: 'golem_junk', value: 5 as unknown as string}, {key: 'golem_cpu', value: '64'});
    const [advert, ...rest] = await discoveryFor().findProviders({});
    expect(rest).toEqual([]);
    expect(advert).toEqual({
      providerId: getAddress(addressFor(1)),
      providerName: 'evilname',
      ipAddress: '127.0.0.1',
      port: 7466,
      country: 'SE',
      platform: null,
      paymentsNetwork: 'l2.holesky',
      resources: {cpu: 4, memory: 8, storage: 100},
      pricing: {usdPerCoreMonth: 5n * FIXED18, usdPerGbRamMonth: 2n * FIXED18, usdPerGbStorageMonth: FIXED18 / 10n},
      updatedAt: '2026-11-30T11:59:00.000Z',
    });
  });

  it('clamps an age derived from an extended expiry at 0, and leaves it unknown without a block number', async () => {
    server.entities = [providerEntity({index: 1, expiresAtBlock: 10_000 + 7200 + 7200})];
    expect((await discoveryFor().findProviders({}))[0]?.updatedAt).toBe(NOW.toISOString());
    server.failMethods = ['eth_blockNumber'];
    expect((await discoveryFor().findProviders({}))[0]?.updatedAt).toBeNull();
  });

  it('skips an entity whose metadata cannot be read (expired between the two calls)', async () => {
    server.entities = [providerEntity({index: 1}), providerEntity({index: 2})];
    const discovery = discoveryFor();
    const entities = server.entities;
    // Answer the query with both keys, then lose the second entity before its metadata is asked for.
    server.delayMs = 30;
    const listing = discovery.findProviders({});
    await new Promise((resolve) => setTimeout(resolve, 45));
    server.entities = entities.slice(0, 1);
    expect((await listing).map((advert) => advert.providerId)).toEqual([getAddress(addressFor(1))]);
  });

  it('drops adverts whose entity owner is not the advertised provider id', async () => {
    server.entities = [
      providerEntity({index: 1}),
      providerEntity({index: 2, owner: addressFor(99)}),
      // The owner check ignores address case (nodes write lower case, providers checksum).
      providerEntity({index: 3, providerId: getAddress(addressFor(3)), owner: addressFor(3)}),
      providerEntity({index: 4, providerId: 'not-an-address'}),
      providerEntity({index: 5, ipAddress: 'evil.example/#'}),
    ];
    const ids = (await discoveryFor().findProviders({})).map((advert) => advert.providerId);
    expect(ids).toEqual([getAddress(addressFor(1)), getAddress(addressFor(3))]);
  });

  it('merges duplicate adverts of one provider, the latest expiry winning', async () => {
    const id = addressFor(7);
    server.entities = [
      providerEntity({index: 1, providerId: id, expiresAtBlock: 15_000, prices: {core: '7'}}),
      providerEntity({index: 2, providerId: getAddress(id), expiresAtBlock: 17_000, prices: {core: '9'}}),
      providerEntity({index: 3, providerId: id, expiresAtBlock: 16_000, prices: {core: '8'}}),
      providerEntity({index: 4}),
    ];
    const adverts = await discoveryFor().findProviders({});
    expect(adverts.map((advert) => advert.providerId)).toEqual([getAddress(id), getAddress(addressFor(4))]);
    expect(adverts[0]?.pricing.usdPerCoreMonth).toBe(9n * FIXED18);
  });

  it('case-03: junk prices are null, huge ones exact, and they sort last in the provider list', async () => {
    server.entities = [
      providerEntity({index: 1, prices: {core: '0.5', ram: '0.5', storage: '0.5'}}),
      providerEntity({index: 2, prices: {core: '', ram: '', storage: ''}}),
      {...providerEntity({index: 3}), stringAnnotations: providerEntity({index: 3}).stringAnnotations.filter((item) => !item.key.startsWith('golem_price_usd'))},
      providerEntity({index: 4, prices: {core: 'abc', ram: 'NaN', storage: '-1'}}),
      providerEntity({index: 5, prices: {core: '1e30', ram: '1e30', storage: '1e30'}}),
    ];
    const discovery = discoveryFor();
    const adverts = await discovery.findProviders({});
    const pricing = new Map(adverts.map((advert) => [advert.providerId, advert.pricing]));
    const none = {usdPerCoreMonth: null, usdPerGbRamMonth: null, usdPerGbStorageMonth: null};
    expect(pricing.get(getAddress(addressFor(1)))).toEqual({usdPerCoreMonth: FIXED18 / 2n, usdPerGbRamMonth: FIXED18 / 2n, usdPerGbStorageMonth: FIXED18 / 2n});
    for (const index of [2, 3, 4]) expect(pricing.get(getAddress(addressFor(index)))).toEqual(none);
    expect(pricing.get(getAddress(addressFor(5)))?.usdPerCoreMonth).toBe(10n ** 48n);
    expect(toJson(adverts)).not.toMatch(/NaN|Infinity/);

    const ctx = {
      discovery,
      config: {
        payments: new ConfigError({shortMessage: 'no profile in this test'}),
        network: 'mainnet',
        paymentsNetwork: 'l2.holesky',
        discoveryDriver: 'golem-base',
      },
      prices: {getEthUsd: async () => 2000n * FIXED18},
    } as unknown as ServiceContext;
    const offers = await listProviders(ctx, {cpu: 1, memory: 1, storage: 1});
    expect(offers.map((offer) => offer.advert.providerId)).toEqual(
      [1, 5, 2, 3, 4].map((index) => getAddress(addressFor(index))),
    );
  });

  it('lists 500 adverts in at most 3 round trips, with metadata in batches', async () => {
    server.entities = Array.from({length: 500}, (_, index) => providerEntity({index}));
    server.delayMs = 20;
    const adverts = await discoveryFor().findProviders({});
    expect(adverts).toHaveLength(500);
    expect(server.stats.roundTrips).toBeLessThanOrEqual(3);
    expect(server.stats.requests).toBe(6);
    expect(server.stats.batchSizes).toEqual([2, 100, 100, 100, 100, 100]);
  });

  it.each(['http-400', 'error-object'] as const)('falls back to single requests when the node refuses batches (%s)', async (mode) => {
    server.entities = Array.from({length: 30}, (_, index) => providerEntity({index}));
    server.refuseBatches = mode;
    const discovery = discoveryFor({maxConcurrentRequests: 4});
    expect(await discovery.findProviders({})).toHaveLength(30);
    // One refused array body, then the query and block number, then one request per advert.
    expect(server.stats.requests).toBe(1 + 2 + 30);
    server.resetStats();
    expect(await discovery.findProviders({})).toHaveLength(30);
    expect(server.stats.batchSizes).toEqual([]);
  });

  it('falls back for the rest when a node refuses a batch as too large midway', async () => {
    server.entities = Array.from({length: 120}, (_, index) => providerEntity({index}));
    server.maxBatchSize = 50;
    expect(await discoveryFor({batchSize: 100}).findProviders({})).toHaveLength(120);
  });

  it('reports a slow node as a DiscoveryError naming the timeout, and a cancelled listing as CancelledError', async () => {
    server.entities = [providerEntity({index: 1})];
    server.delayMs = 1000;
    const error = await discoveryFor({timeoutMs: 150}).findProviders({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscoveryError);
    expect((error as DiscoveryError).shortMessage).toBe(`Discovery at ${server.url} failed: no answer within 0.15 s`);
    expect((error as DiscoveryError).hint).toMatch(/GOLEM_REQUESTOR_GOLEM_BASE_RPC_URL/);

    const controller = new AbortController();
    const listing = discoveryFor().findProviders({}, controller.signal).catch((caught: unknown) => caught);
    setTimeout(() => controller.abort(), 50);
    expect(await listing).toBeInstanceOf(CancelledError);
  });

  it('reports an unreachable node and a refused query as DiscoveryError', async () => {
    const closed = await startGolemBaseServer();
    await closed.close();
    const offline = createGolemBaseDiscovery({rpcUrl: closed.url, timeoutMs: 1000, advertisementIntervalSeconds: 3600, defaultPort: 7466});
    await expect(offline.findProviders({})).rejects.toThrow(/cannot connect/);

    server.failMethods = ['golembase_queryEntities'];
    const error = await discoveryFor().findProviders({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscoveryError);
    expect((error as DiscoveryError).shortMessage).toBe(
      `Discovery at ${server.url} failed: the node refused the query (-32000: golembase_queryEntities failed)`,
    );
  });
});
