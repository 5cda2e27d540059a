import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDiscoveryServer, type DiscoveryServer} from '../../../source/devnet/discovery-server.js';

const PROVIDER_A = '0x1111111111111111111111111111111111111111';
const PROVIDER_B = '0x2222222222222222222222222222222222222222';

function advert(overrides: Record<string, unknown> = {}) {
  return {
    ip_address: '127.0.0.1',
    country: 'SE',
    platform: 'x86_64',
    resources: {cpu: 4, memory: 8, storage: 100},
    pricing: {usd_per_core_month: '5', usd_per_gb_ram_month: '2', usd_per_gb_storage_month: '0.1'},
    provider_name: 'alpha',
    provider_port: 41000,
    ...overrides,
  };
}

async function post(url: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${url}/api/v1/advertisements`, {
    method: 'POST',
    headers: {'content-type': 'application/json', ...headers},
    body: JSON.stringify(body),
  });
  return {status: response.status, body: (await response.json()) as any};
}

const credentials = (id: string) => ({'X-Provider-ID': id, 'X-Provider-Signature': 'signature'});

async function get(url: string, path: string) {
  const response = await fetch(`${url}${path}`);
  return {status: response.status, body: (await response.json()) as any};
}

describe('devnet discovery server', () => {
  let discovery: DiscoveryServer;

  beforeAll(async () => {
    discovery = await startDiscoveryServer();
    await post(discovery.url, advert(), credentials(PROVIDER_A));
    await post(
      discovery.url,
      advert({country: 'DE', platform: 'arm64', resources: {cpu: 1, memory: 2, storage: 20}, provider_name: 'beta'}),
      credentials(PROVIDER_B),
    );
  });
  afterAll(async () => {
    await discovery.close();
  });

  it('answers /health and binds loopback', async () => {
    expect(discovery.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(discovery.url, '/health')).toEqual({status: 200, body: {status: 'healthy'}});
  });

  it('stores adverts with naive UTC timestamps and keeps provider_port/provider_name', async () => {
    const {status, body} = await get(discovery.url, `/api/v1/advertisements/${PROVIDER_A}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      provider_id: PROVIDER_A,
      ip_address: '127.0.0.1',
      country: 'SE',
      platform: 'x86_64',
      resources: {cpu: 4, memory: 8, storage: 100},
      pricing: {usd_per_core_month: '5'},
      provider_name: 'alpha',
      provider_port: 41000,
    });
    expect(body.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+$/);
  });

  it('filters by minimum resources, country and platform', async () => {
    const ids = async (query: string) =>
      ((await get(discovery.url, `/api/v1/advertisements${query}`)).body as {provider_id: string}[])
        .map((a) => a.provider_id)
        .sort();
    expect(await ids('')).toEqual([PROVIDER_A, PROVIDER_B]);
    expect(await ids('?cpu=2')).toEqual([PROVIDER_A]);
    expect(await ids('?memory=2&storage=20')).toEqual([PROVIDER_A, PROVIDER_B]);
    expect(await ids('?storage=101')).toEqual([]);
    expect(await ids('?country=DE')).toEqual([PROVIDER_B]);
    expect(await ids('?platform=x86_64')).toEqual([PROVIDER_A]);
    expect(await ids('?country=SE&platform=arm64')).toEqual([]);
  });

  it('answers 400 ADV_002 for minimums below 1 and 422 for non-integers', async () => {
    expect(await get(discovery.url, '/api/v1/advertisements?cpu=0')).toEqual({
      status: 400,
      body: {detail: {code: 'ADV_002', message: 'Resource requirements must be >= 1'}},
    });
    const invalid = await get(discovery.url, '/api/v1/advertisements?memory=1.5');
    expect(invalid.status).toBe(422);
    expect(invalid.body.detail[0]).toMatchObject({type: 'int_parsing', loc: ['query', 'memory'], input: '1.5'});
  });

  it('answers 404 ADV_004 for an unknown id and 404 Not Found for an unknown path', async () => {
    expect(await get(discovery.url, '/api/v1/advertisements/0xdead')).toEqual({
      status: 404,
      body: {detail: {code: 'ADV_004', message: 'Advertisement not found'}},
    });
    expect(await get(discovery.url, '/nope')).toEqual({status: 404, body: {detail: 'Not Found'}});
  });

  it('refuses posts with empty credentials (401 AUTH_003), absent ones (422) and invalid bodies (422)', async () => {
    expect(await post(discovery.url, advert(), {'X-Provider-ID': '', 'X-Provider-Signature': ''})).toEqual({
      status: 401,
      body: {detail: {code: 'AUTH_003', message: 'Missing provider credentials'}},
    });
    const absent = await post(discovery.url, advert(), {});
    expect(absent.status).toBe(422);
    expect(absent.body.detail[0]).toMatchObject({type: 'missing', loc: ['header', 'x-provider-id']});

    const invalid = await post(
      discovery.url,
      advert({ip_address: '999.1.1.1', country: 'SWE', resources: {cpu: 0, memory: 1, storage: 1}}),
      credentials(PROVIDER_A),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body.detail.map((issue: {loc: unknown[]}) => issue.loc)).toEqual([
      ['body', 'ip_address'],
      ['body', 'country'],
      ['body', 'resources', 'cpu'],
    ]);
    expect(invalid.body.detail[2]).toMatchObject({type: 'greater_than_equal', input: 0});

    const malformed = await fetch(`${discovery.url}/api/v1/advertisements`, {
      method: 'POST',
      headers: {'content-type': 'application/json', ...credentials(PROVIDER_A)},
      body: '{not json',
    });
    expect(malformed.status).toBe(422);
    expect(((await malformed.json()) as any).detail[0].type).toBe('json_invalid');
  });

  it('upserts by provider id, keeping created_at', async () => {
    const before = (await get(discovery.url, `/api/v1/advertisements/${PROVIDER_B}`)).body;
    const {status, body} = await post(
      discovery.url,
      advert({resources: {cpu: 2, memory: 2, storage: 20}}),
      credentials(PROVIDER_B.toUpperCase().replace('0X', '0x')),
    );
    expect(status).toBe(200);
    expect(body.created_at).toBe(before.created_at);
    expect(body.resources.cpu).toBe(2);
    const list = (await get(discovery.url, '/api/v1/advertisements')).body as unknown[];
    expect(list).toHaveLength(2);
  });

  it('deletes only with matching credentials', async () => {
    const remove = async (id: string, headers: Record<string, string>) => {
      const response = await fetch(`${discovery.url}/api/v1/advertisements/${id}`, {method: 'DELETE', headers});
      return {status: response.status, body: (await response.json()) as any};
    };
    expect(await remove(PROVIDER_B, credentials(PROVIDER_A))).toEqual({
      status: 401,
      body: {detail: {code: 'AUTH_004', message: 'Not authorized to delete this advertisement'}},
    });
    expect(await remove(PROVIDER_B, credentials(PROVIDER_B))).toEqual({status: 200, body: {status: 'success'}});
    expect((await remove(PROVIDER_B, credentials(PROVIDER_B))).status).toBe(404);
    expect((await get(discovery.url, `/api/v1/advertisements/${PROVIDER_B}`)).status).toBe(404);
  });
});

describe('devnet discovery server freshness', () => {
  it('leaves adverts older than the freshness window out of listings but not out of lookups', async () => {
    const discovery = await startDiscoveryServer({freshnessSeconds: 1});
    try {
      await post(discovery.url, advert(), credentials(PROVIDER_A));
      expect((await get(discovery.url, '/api/v1/advertisements')).body).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect((await get(discovery.url, '/api/v1/advertisements')).body).toEqual([]);
      expect((await get(discovery.url, `/api/v1/advertisements/${PROVIDER_A}`)).status).toBe(200);
      // A re-post refreshes it.
      await post(discovery.url, advert(), credentials(PROVIDER_A));
      expect((await get(discovery.url, '/api/v1/advertisements')).body).toHaveLength(1);
    } finally {
      await discovery.close();
    }
  });
});
