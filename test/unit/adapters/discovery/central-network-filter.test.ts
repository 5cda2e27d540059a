import Fastify, {type FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCentralDiscovery} from '../../../../source/adapters/discovery/central.js';
import type {DiscoveryClient} from '../../../../source/services/ports.js';

const ID = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

function advert(n: number, extra: Record<string, unknown> = {}) {
  return {
    provider_id: ID(n),
    ip_address: '127.0.0.1',
    country: 'SE',
    platform: 'x86_64',
    resources: {cpu: 4, memory: 8, storage: 100},
    pricing: {usd_per_core_month: '5', usd_per_gb_ram_month: '2', usd_per_gb_storage_month: '0.1'},
    updated_at: '2025-01-01T10:00:00',
    ...extra,
  };
}

// The server ignores every filter it is sent here, like a server that cannot apply them.
const ADVERTS = [
  advert(1, {network: 'mainnet', payments_network: 'l2.holesky'}),
  advert(2, {network: 'testnet', payments_network: 'l2.holesky'}),
  advert(3, {network: 'mainnet', payments_network: 'kaolin.holesky'}),
  advert(4),
  advert(5, {resources: {cpu: 1, memory: 8, storage: 100}}),
];

let app: FastifyInstance;
let discovery: DiscoveryClient;

beforeAll(async () => {
  app = Fastify({forceCloseConnections: true});
  app.get('/api/v1/advertisements', () => ADVERTS);
  await app.listen({host: '127.0.0.1', port: 0});
  const {port} = app.server.address() as {port: number};
  discovery = createCentralDiscovery({url: `http://127.0.0.1:${port}`, defaultPort: 7466, timeoutMs: 5000});
});

afterAll(async () => {
  await app.close();
});

const ids = (adverts: {providerId: string}[]) => adverts.map((item) => item.providerId.toLowerCase());

describe('createCentralDiscovery client-side filters', () => {
  it('applies network and payments network to adverts that state them, keeping those that do not (reference §2.8)', async () => {
    expect(ids(await discovery.findProviders({network: 'mainnet', paymentsNetwork: 'l2.holesky'}))).toEqual([ID(1), ID(4), ID(5)]);
    expect(ids(await discovery.findProviders({network: 'mainnet', paymentsNetwork: null}))).toEqual([ID(1), ID(3), ID(4), ID(5)]);
    expect(ids(await discovery.findProviders({}))).toEqual([1, 2, 3, 4, 5].map(ID));
  });

  it('re-checks resource minimums the server should have applied', async () => {
    expect(ids(await discovery.findProviders({cpu: 2}))).toEqual([ID(1), ID(2), ID(3), ID(4)]);
  });
});
