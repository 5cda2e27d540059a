/**
 * A stand-in provider for money tests: a real `/api/v1/provider/info` server on 127.0.0.1 (reference §4.8) that
 * answers with `info`, advertised in the devnet's central discovery server (reference §5.1) as `advertisedId`
 * with fixed resources and prices. The two ids differ when a test needs a provider that lies about its id.
 */
import Fastify, {type FastifyInstance} from 'fastify';
import type {Address} from 'viem';
import {expect} from 'vitest';

const ZERO = '0x0000000000000000000000000000000000000000';

/** Starts the info server and posts the advert; the caller closes the returned server. */
export async function startAdvertisedProvider({
  discoveryUrl,
  advertisedId,
  infoId = advertisedId,
  contract,
  token = ZERO,
  routes,
}: {
  discoveryUrl: string;
  advertisedId: Address;
  infoId?: Address;
  contract: Address;
  token?: Address;
  /** Registers more provider routes (reference §4) on the app before it listens; unknown paths answer 404 `{"detail":"Not Found"}`. */
  routes?: (app: FastifyInstance) => void;
}): Promise<FastifyInstance> {
  const app = Fastify({forceCloseConnections: true});
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({detail: 'Not Found'}));
  routes?.(app);
  app.get('/api/v1/provider/info', async () => ({
    provider_id: infoId,
    stream_payment_address: contract,
    glm_token_address: token,
    ip_address: '127.0.0.1',
    country: 'SE',
    platform: 'x86_64',
  }));
  await app.listen({host: '127.0.0.1', port: 0});
  const response = await fetch(`${discoveryUrl}/api/v1/advertisements`, {
    method: 'POST',
    headers: {'content-type': 'application/json', 'x-provider-id': advertisedId, 'x-provider-signature': 'sig'},
    body: JSON.stringify({
      ip_address: '127.0.0.1',
      country: 'SE',
      resources: {cpu: 4, memory: 8, storage: 100},
      pricing: {usd_per_core_month: '5', usd_per_gb_ram_month: '2', usd_per_gb_storage_month: '0.1'},
      provider_port: (app.server.address() as {port: number}).port,
    }),
  });
  expect(response.ok).toBe(true);
  return app;
}
