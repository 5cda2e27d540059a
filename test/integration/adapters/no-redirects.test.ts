/**
 * case-36 — no HTTP redirect is followed (issue 11 item 8): a fault proxy answers 307 to another loopback server
 * (the "elsewhere" a redirect would send a paid body to); the provider client, the discovery/price GET, the faucet
 * POST and the RPC transport each fail with an error naming that target, and the target receives nothing.
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createChainClients} from '../../../source/adapters/chain/clients.js';
import {httpPostJson} from '../../../source/adapters/faucet/http-post-json.js';
import {httpGetJson} from '../../../source/adapters/http-get-json.js';
import {createProviderApi} from '../../../source/adapters/provider/provider-client.js';
import {startFaultProxy, type FaultProxy} from '../../../source/devnet/faults/fault-proxy.js';
import {ProviderError} from '../../../source/errors.js';

/** The redirect target: a loopback server that records every request it gets. */
let elsewhere: Server;
let elsewhereUrl: string;
const received: string[] = [];
let proxy: FaultProxy;

beforeAll(async () => {
  elsewhere = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(`${request.method} ${request.url} ${body}`);
      response.writeHead(200, {'content-type': 'application/json'});
      response.end('{"job_id":"stolen","vm_id":"x","status":"creating"}');
    });
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  // The proxy's own target is never reached: every request is redirected.
  proxy = await startFaultProxy({targetUrl: 'http://127.0.0.1:9', faults: {rules: [{action: {kind: 'redirect', location: `${elsewhereUrl}/api/v1/vms`}}]}});
});

afterAll(async () => {
  await proxy.close();
  await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
});

const port = () => proxy.port;

describe('case-36: a redirect is an error naming its target, never a re-sent request', () => {
  it('provider create: a 307 is not followed and the paid body is not re-sent', async () => {
    const api = createProviderApi({providerId: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf', host: '127.0.0.1', port: port(), timeoutMs: 5000});
    const error = await api
      .createVm({name: 'web-1', resources: {cpu: 1, memory: 1, storage: 10}, sshKey: 'ssh-ed25519 AAAA test', streamId: 42n})
      .then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).shortMessage).toContain(`redirecting to "${elsewhereUrl}/api/v1/vms"`);
    expect((error as ProviderError).shortMessage).toContain('not followed');
    expect(received).toEqual([]);
    expect(proxy.counters().paths).toContain('POST /api/v1/vms');
  });

  it('provider info: a 307 on a GET is not followed either', async () => {
    const api = createProviderApi({providerId: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf', host: '127.0.0.1', port: port(), timeoutMs: 5000});
    await expect(api.getInfo()).rejects.toThrow(elsewhereUrl);
    expect(received).toEqual([]);
  });

  it('discovery and price GETs fail naming the target', async () => {
    await expect(httpGetJson(`${proxy.url}/api/v1/advertisements`, {timeoutMs: 5000, fail: (reason) => new Error(reason)})).rejects.toThrow(
      `redirecting to "${elsewhereUrl}/api/v1/vms"`,
    );
    expect(received).toEqual([]);
  });

  it('faucet POSTs fail naming the target', async () => {
    await expect(httpPostJson(`${proxy.url}/api/faucet`, {body: {address: '0x0'}, timeoutMs: 5000, fail: (reason) => new Error(reason)})).rejects.toThrow(
      `redirecting to "${elsewhereUrl}/api/v1/vms"`,
    );
    expect(received).toEqual([]);
  });

  it('the RPC transport does not follow a redirect', async () => {
    const {publicClient} = createChainClients({rpcUrl: proxy.url, chainId: 31337, privateKey: `0x${'11'.repeat(32)}`, retryCount: 0});
    const error = await publicClient.getChainId().then(() => null, (caught: unknown) => caught);
    expect(String((error as Error)?.message ?? error)).toContain(elsewhereUrl);
    expect(received).toEqual([]);
  });
});
