/**
 * The advert-owner money check (design.md money rules, reference §14.3 item 4; issue 6 item 7) over real parts:
 * anvil + StreamPayment, a Golem Base JSON-RPC node for discovery, a provider `/provider/info` server and a real
 * SQLite file. An advert for the honest provider's id written by someone else (entity owner ≠ provider id) is not
 * trusted: opening a stream to that id sends nothing. The same provider, advertised by itself, is paid — so it is
 * the owner check alone that refused.
 */
import {once} from 'node:events';
import {createServer, type Server} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {privateKeyToAddress, generatePrivateKey} from 'viem/accounts';
import type {Address} from 'viem';
import {loadConfig} from '../../../source/config/settings.js';
import {NotFoundError} from '../../../source/errors.js';
import {bindServices} from '../../../source/services/bind-services.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {providerEntity, startGolemBaseServer, type GolemBaseServer} from '../../helpers/golem-base-server.js';
import {createMonitorHome, startMonitorChain, type MonitorChain, type MonitorHome} from '../../helpers/monitor-chain.js';

let chain: MonitorChain;
let golemBase: GolemBaseServer;
let info: Server;
let home: MonitorHome;
let ctx: ServiceContext;

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const response = await fetch(chain.anvil.rpcUrl, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params}),
  });
  return ((await response.json()) as {result: T}).result;
}

/** Pending nonce and balance: equal before and after ⇔ nothing was sent. */
async function snapshot(address: Address) {
  const [nonce, balance] = await Promise.all([
    rpc<string>('eth_getTransactionCount', [address, 'pending']),
    rpc<string>('eth_getBalance', [address, 'pending']),
  ]);
  return {nonce: BigInt(nonce), balanceWei: BigInt(balance)};
}

beforeAll(async () => {
  chain = await startMonitorChain();
  golemBase = await startGolemBaseServer();
  // The honest provider's API: it is who it says it is and takes payment on the profile's contract.
  info = createServer((_request, response) => {
    response.writeHead(200, {'content-type': 'application/json'});
    response.end(
      JSON.stringify({
        provider_id: chain.provider,
        stream_payment_address: chain.contractAddress,
        glm_token_address: '0x0000000000000000000000000000000000000000',
        ip_address: '127.0.0.1',
        country: 'SE',
        platform: 'x86_64',
      }),
    );
  });
  info.listen(0, '127.0.0.1');
  await once(info, 'listening');
  home = createMonitorHome(chain);
  const config = loadConfig({
    ...home.env,
    GOLEM_REQUESTOR_DISCOVERY_DRIVER: 'golem-base',
    GOLEM_REQUESTOR_GOLEM_BASE_RPC_URL: golemBase.url,
    GOLEM_REQUESTOR_PROVIDER_PORT: String((info.address() as {port: number}).port),
  });
  ctx = createServiceContext(config, {timing: {pollIntervalMs: 50, createTimeoutMs: 10_000}});
}, 60_000);

afterAll(async () => {
  ctx?.db.close();
  await new Promise<void>((resolve) => (info ? info.close(() => resolve()) : resolve()));
  await golemBase?.close();
  await chain?.stop();
  home?.remove();
});

describe('advert owner', () => {
  it('an advert for a provider id written by another account is not trusted: nothing is sent; the self-published one is paid', async () => {
    const services = bindServices(ctx);
    const requestor = privateKeyToAddress(chain.requestorKey);
    const resources = {cpu: 1, memory: 1, storage: 10};
    const attacker = privateKeyToAddress(generatePrivateKey());
    golemBase.entities = [providerEntity({index: 1, providerId: chain.provider, owner: attacker, paymentsNetwork: 'devnet'})];

    const before = await snapshot(requestor);
    const refused = await services.openStream({providerId: chain.provider, resources, hours: 1}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NotFoundError);
    await expect(
      services.createVm({name: 'spoofed-advert', providerId: chain.provider, resources, hours: 1}),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await snapshot(requestor)).toEqual(before);

    // Control: the same provider advertising itself is found and paid.
    golemBase.entities = [providerEntity({index: 1, providerId: chain.provider, owner: chain.provider, paymentsNetwork: 'devnet'})];
    const opened = await services.openStream({providerId: chain.provider, resources, hours: 1});
    expect(opened.depositWei).toBeGreaterThan(0n);
    expect((await snapshot(requestor)).nonce).toBe(before.nonce + 1n);
  }, 60_000);
});
