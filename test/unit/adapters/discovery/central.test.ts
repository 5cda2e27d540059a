import Fastify, {type FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCentralDiscovery} from '../../../../source/adapters/discovery/central.js';
import {DiscoveryError} from '../../../../source/errors.js';
import {toJson} from '../../../../source/lib/json.js';
import type {DiscoveryClient} from '../../../../source/services/ports.js';

const FIXED18 = 10n ** 18n;
const ID = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const CHECKSUMMED_A = '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf';

function advert(id: string, price: unknown, extra: Record<string, unknown> = {}) {
  return {
    provider_id: id,
    ip_address: '127.0.0.1',
    country: 'SE',
    platform: 'x86_64',
    resources: {cpu: 4, memory: 8, storage: 100},
    pricing:
      price === undefined
        ? {}
        : {usd_per_core_month: price, usd_per_gb_ram_month: price, usd_per_gb_storage_month: price},
    created_at: '2025-01-01T10:00:00',
    updated_at: '2025-01-01T10:00:00.123456',
    ...extra,
  };
}

/** The case-03 answer: prices "0.5", "", missing, "abc" and "1e30", plus junk of every other kind. */
const ADVERTS = [
  advert(CHECKSUMMED_A.toLowerCase(), '0.5', {provider_name: 'half\u001b[2J\u0007price', provider_port: 5001}),
  advert(ID(2), ''),
  advert(ID(3), undefined),
  advert(ID(4), 'abc', {pricing: {usd_per_core_month: 'abc', usd_per_gb_ram_month: -1, usd_per_gb_storage_month: null}}),
  advert(ID(5), '1e30'),
  advert(ID(6), 0.1, {pricing: null, provider_port: 'nope', platform: ''}),
  advert(ID(7), 2, {resources: {cpu: '2', memory: 'lots', storage: -5}}),
  // Duplicates of provider 9: the latest updated_at wins whatever the order; an unknown time is the oldest.
  advert(ID(9), '7', {updated_at: '2025-01-01T09:00:00'}),
  advert(ID(9), '9', {updated_at: '2025-01-01T11:00:00'}),
  advert(ID(9), '8', {updated_at: 'yesterday'}),
  advert('not-an-address', '1'),
  advert(ID(8), '1', {ip_address: 'evil.example/#'}),
  {ip_address: '127.0.0.1'},
  5,
  null,
];

type Server = {app: FastifyInstance; url: string; queries: Record<string, string>[]};

async function startDiscovery(): Promise<Server> {
  const app = Fastify();
  const queries: Record<string, string>[] = [];
  let mode: 'ok' | 'bad-request' | 'not-a-list' | 'rate-limited' = 'ok';
  app.post<{Body: {mode: typeof mode}}>('/mode', (request) => {
    mode = request.body.mode;
    return {ok: true};
  });
  app.get<{Querystring: Record<string, string>}>('/api/v1/advertisements', (request, reply) => {
    queries.push({...request.query});
    if (mode === 'bad-request') {
      return reply.code(400).send({detail: {code: 'ADV_002', message: 'Resource requirements must be >= 1'}});
    }
    if (mode === 'rate-limited') return reply.code(429).send({code: 'RATE_001', message: 'Rate limit exceeded', timestamp: 1});
    if (mode === 'not-a-list') return {advertisements: []};
    return ADVERTS;
  });
  await app.listen({host: '127.0.0.1', port: 0});
  const {port} = app.server.address() as {port: number};
  return {app, url: `http://127.0.0.1:${port}/`, queries};
}

let server: Server;
let discovery: DiscoveryClient;

async function setMode(mode: string): Promise<void> {
  await fetch(`${server.url}mode`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({mode})});
}

beforeAll(async () => {
  server = await startDiscovery();
  discovery = createCentralDiscovery({url: server.url, defaultPort: 7466, timeoutMs: 2000});
});

afterAll(async () => {
  await server.app.close();
});

describe('createCentralDiscovery', () => {
  it('case-03: parses junk prices to null and huge ones exactly, with no NaN anywhere', async () => {
    const adverts = await discovery.findProviders({});
    const byId = new Map(adverts.map((item) => [item.providerId.toLowerCase(), item]));

    expect(byId.get(CHECKSUMMED_A.toLowerCase())?.pricing).toEqual({
      usdPerCoreMonth: FIXED18 / 2n,
      usdPerGbRamMonth: FIXED18 / 2n,
      usdPerGbStorageMonth: FIXED18 / 2n,
    });
    expect(byId.get(ID(3))?.pricing).toEqual({usdPerCoreMonth: null, usdPerGbRamMonth: null, usdPerGbStorageMonth: null});
    expect(byId.get(ID(4))?.pricing).toEqual({usdPerCoreMonth: null, usdPerGbRamMonth: null, usdPerGbStorageMonth: null});
    expect(byId.get(ID(5))?.pricing.usdPerCoreMonth).toBe(10n ** 48n);
    expect(byId.get(ID(6))?.pricing).toEqual({usdPerCoreMonth: null, usdPerGbRamMonth: null, usdPerGbStorageMonth: null});

    for (const item of adverts) {
      for (const value of Object.values(item.pricing)) expect(value === null || typeof value === 'bigint').toBe(true);
      for (const value of Object.values(item.resources)) expect(Number.isInteger(value)).toBe(true);
    }
    expect(toJson(adverts)).not.toMatch(/NaN|Infinity/);
  });

  it('case-03: treats an empty price string as invalid', async () => {
    const adverts = await discovery.findProviders({});
    expect(adverts.find((item) => item.providerId.toLowerCase() === ID(2))?.pricing).toEqual({
      usdPerCoreMonth: null,
      usdPerGbRamMonth: null,
      usdPerGbStorageMonth: null,
    });
  });

  it('keeps one advert per provider, the most recently updated', async () => {
    const provider9 = (await discovery.findProviders({})).filter((item) => item.providerId.toLowerCase() === ID(9));
    expect(provider9).toHaveLength(1);
    expect(provider9[0]?.pricing.usdPerCoreMonth).toBe(9n * FIXED18);
    expect(provider9[0]?.updatedAt).toBe('2025-01-01T11:00:00.000Z');
  });

  it('drops adverts whose id is not an address or whose IP is not an IP, and junk elements', async () => {
    const ids = (await discovery.findProviders({})).map((item) => item.providerId);
    expect(ids).toEqual([CHECKSUMMED_A, ...[2, 3, 4, 5, 6, 7, 9].map((n) => expect.stringMatching(new RegExp(`^${ID(n)}$`, 'i')))]);
    expect(ids[0]).toBe(CHECKSUMMED_A);
  });

  it('strips control characters from names and maps port, name, platform and resources', async () => {
    const [first, ...rest] = await discovery.findProviders({});
    expect(first).toMatchObject({
      providerName: 'halfprice',
      port: 5001,
      ipAddress: '127.0.0.1',
      country: 'SE',
      platform: 'x86_64',
      paymentsNetwork: null,
      resources: {cpu: 4, memory: 8, storage: 100},
      updatedAt: '2025-01-01T10:00:00.123Z',
    });
    const provider6 = rest.find((item) => item.providerId.toLowerCase() === ID(6));
    expect(provider6).toMatchObject({providerName: null, port: 7466, platform: null});
    const provider7 = rest.find((item) => item.providerId.toLowerCase() === ID(7));
    expect(provider7?.resources).toEqual({cpu: 2, memory: 0, storage: 0});
  });

  it('sends only the filters given', async () => {
    server.queries.length = 0;
    await discovery.findProviders({cpu: 2, memory: 4, storage: undefined, country: 'SE'});
    await discovery.findProviders({cpu: 0, platform: 'arm64'});
    expect(server.queries).toEqual([{cpu: '2', memory: '4', country: 'SE'}, {platform: 'arm64'}]);
  });

  it('reports server errors with their code and message', async () => {
    await setMode('bad-request');
    await expect(discovery.findProviders({cpu: 1})).rejects.toThrow(/HTTP 400: ADV_002 Resource requirements must be >= 1/);
    await setMode('rate-limited');
    await expect(discovery.findProviders({})).rejects.toThrow(/HTTP 429: RATE_001 Rate limit exceeded/);
    await setMode('not-a-list');
    await expect(discovery.findProviders({})).rejects.toBeInstanceOf(DiscoveryError);
    await setMode('ok');
  });

  it('reports an unreachable server as a DiscoveryError', async () => {
    const closed = Fastify();
    await closed.listen({host: '127.0.0.1', port: 0});
    const {port} = closed.server.address() as {port: number};
    await closed.close();
    const offline = createCentralDiscovery({url: `http://127.0.0.1:${port}`, defaultPort: 7466, timeoutMs: 1000});
    const error = await offline.findProviders({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscoveryError);
    expect((error as DiscoveryError).message).toMatch(/cannot connect/);
    expect((error as DiscoveryError).hint).toMatch(/GOLEM_REQUESTOR_DISCOVERY_URL/);
  });
});
