/**
 * Round trips on the rental paths (issue 16 item 1), counted against real parts: an in-process devnet (anvil with
 * 1 s blocks, StreamPayment, discovery, providers), golem's RPC pointed at a counting proxy (a JSON-RPC batch is one
 * HTTP request), provider requests counted by the URL golem fetches. Each step runs in a fresh service context, as
 * each CLI command runs in a fresh process (no cache carried over). Counts only, never timings.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {generatePrivateKey, privateKeyToAccount} from 'viem/accounts';
import {createWalletClient, defineChain, encodeFunctionData, http, parseEther, zeroAddress, type Hex} from 'viem';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {streamPaymentAbi} from '../../../contracts/abi/stream-payment.js';
import {loadConfig} from '../../../source/config/settings.js';
import type {PaymentsProfile} from '../../../source/config/payments.js';
import {startDevnet, type RunningDevnet} from '../../../source/devnet/devnet.js';
import {bindServices} from '../../../source/services/bind-services.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import type {Services} from '../../../source/services/services.js';
import {startCountingProxy, type CountingProxy} from '../../helpers/counting-proxy.js';

const resources = {cpu: 1, memory: 1, storage: 10};
let devnet: RunningDevnet;
let proxy: CountingProxy;
let baseDir: string;
let privateKey: Hex;
let providerId: string;
let providerPorts: Set<string>;
let providerRequests: string[] = [];
const originalFetch = globalThis.fetch;

async function anvil(method: string, params: unknown[]): Promise<unknown> {
  const response = await originalFetch(devnet.state.rpcUrl, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params}),
  });
  return ((await response.json()) as {result: unknown}).result;
}

/** A fresh context (as a new CLI process) whose RPC goes through the counting proxy. */
function freshServices(): Services {
  const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: privateKey};
  const config = loadConfig(env);
  const payments = {...(config.payments as PaymentsProfile), rpcUrl: proxy.url};
  return bindServices(createServiceContext({...config, payments}, {timing: {pollIntervalMs: 1000, createTimeoutMs: 60_000}}));
}

/** Runs `step` in a fresh context; returns the RPC methods per HTTP request and the provider requests it made. */
async function measure(step: (services: Services) => Promise<unknown>): Promise<{rpc: number; provider: number; methods: readonly string[]}> {
  const services = freshServices();
  proxy.reset();
  providerRequests = [];
  try {
    await step(services);
  } finally {
    services.close();
  }
  return {rpc: proxy.requests(), provider: providerRequests.length, methods: [...proxy.methods()]};
}

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-round-trips-'));
  privateKey = generatePrivateKey();
  const paths = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'}).paths;
  devnet = await startDevnet({devnetDir: paths.devnetDir, walletKeyPath: paths.walletKeyPath});
  await anvil('anvil_setBalance', [privateKeyToAccount(privateKey).address, '0x56BC75E2D63100000']);
  proxy = await startCountingProxy(devnet.state.rpcUrl);
  providerPorts = new Set(devnet.state.providers.map((provider) => String(provider.port)));
  providerId = devnet.state.providers[0]!.providerId;
  globalThis.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.hostname === '127.0.0.1' && providerPorts.has(url.port)) providerRequests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    return originalFetch(input, init);
  };
  // The first scan of a new wallet looks for the deployment block; later commands start where the last one ended.
  const warm = freshServices();
  await warm.getWallet();
  warm.close();
}, 120_000);

afterAll(async () => {
  globalThis.fetch = originalFetch;
  await proxy?.stop();
  await devnet?.stop();
  rmSync(baseDir, {recursive: true, force: true});
});

describe('round trips on the rental paths', () => {
  let streamId: bigint;

  it('vm create: at most 6 RPC requests and 4 provider requests until SSH answers', async () => {
    const create = await measure(async (services) => {
      const vm = await services.createVm({name: 'trips-vm', providerId, resources, hours: 1});
      streamId = vm.streamId!;
    });
    expect(create.rpc, create.methods.join(' ')).toBeLessThanOrEqual(6);
    expect(create.provider, providerRequests.join(', ')).toBeLessThanOrEqual(4);
    expect(create.methods.filter((method) => method === 'eth_sendRawTransaction')).toHaveLength(1);
  }, 90_000);

  it('top-up: at most 6 RPC requests (chain, stream and funds; token under the lock; one batch before signing; send; receipt; new deposit)', async () => {
    const topUp = await measure((services) => services.topUpStream({streamId, hours: 1}));
    expect(topUp.rpc, topUp.methods.join(' ')).toBeLessThanOrEqual(6);
    expect(topUp.methods.filter((method) => method === 'eth_sendRawTransaction')).toHaveLength(1);
    expect(topUp.provider).toBe(0);
  }, 60_000);

  it('wallet and stream list: 2 RPC requests each, with 1 stream and with 30', async () => {
    // Both measured in the steady state: the event scan has read everything up to now.
    const settle = freshServices();
    await settle.listStreams();
    settle.close();
    const oneStreamWallet = await measure((services) => Promise.all([services.getWallet(), services.getWalletRunway()]));
    const oneStreamList = await measure((services) => services.listStreams());

    // 29 more streams of this wallet, sent straight to the contract (golem learns of them from the event scan).
    const account = privateKeyToAccount(privateKey);
    const chain = defineChain({id: devnet.state.chainId, name: 'devnet', nativeCurrency: {name: 'Ether', symbol: 'ETH', decimals: 18}, rpcUrls: {default: {http: [devnet.state.rpcUrl]}}});
    const wallet = createWalletClient({account, transport: http(devnet.state.rpcUrl), chain});
    const recipient = devnet.state.providers[1]!.providerId as Hex;
    let hash: Hex = '0x';
    for (let index = 0; index < 29; index++) {
      hash = await wallet.sendTransaction({
        to: devnet.state.streamPaymentAddress as Hex,
        data: encodeFunctionData({abi: streamPaymentAbi, functionName: 'createStream', args: [zeroAddress, recipient, parseEther('0.001'), 1n]}),
        value: parseEther('0.001'),
        gas: 350_000n,
      });
    }
    for (let tries = 0; tries < 100 && !(await anvil('eth_getTransactionReceipt', [hash])); tries++) await new Promise((resolve) => setTimeout(resolve, 200));
    const warm = freshServices();
    expect((await warm.listStreams()).length).toBe(30);
    warm.close();

    const manyStreamsWallet = await measure((services) => Promise.all([services.getWallet(), services.getWalletRunway()]));
    const manyStreamsList = await measure((services) => services.listStreams());
    expect(manyStreamsList.rpc, manyStreamsList.methods.join(' ')).toBe(oneStreamList.rpc);
    expect(manyStreamsWallet.rpc, manyStreamsWallet.methods.join(' ')).toBe(oneStreamWallet.rpc);
    // Chain check + genesis + head (+ balance and fees); then logs since the last scan + every stream at that head.
    expect(oneStreamList.rpc, oneStreamList.methods.join(' ')).toBe(2);
    expect(oneStreamWallet.rpc, oneStreamWallet.methods.join(' ')).toBe(2);
  }, 120_000);

  it('vm destroy: at most 5 RPC requests to the refund', async () => {
    const destroy = await measure((services) => services.destroyVm('trips-vm'));
    expect(destroy.rpc, destroy.methods.join(' ')).toBeLessThanOrEqual(5);
    expect(destroy.methods.filter((method) => method === 'eth_sendRawTransaction')).toHaveLength(1);
  }, 60_000);

  it('vm stop: at most 4 RPC requests to the refund, one transaction', async () => {
    const setup = freshServices();
    await setup.createVm({name: 'trips-stop', providerId, resources, hours: 1});
    setup.close();
    const stop = await measure((services) => services.stopVm('trips-stop'));
    expect(stop.rpc, stop.methods.join(' ')).toBeLessThanOrEqual(4);
    expect(stop.methods.filter((method) => method === 'eth_sendRawTransaction')).toHaveLength(1);
  }, 90_000);

  it('reconcile with nothing unfinished: no RPC request per stream', async () => {
    const reconcile = await measure((services) => services.reconcile());
    expect(reconcile.rpc, reconcile.methods.join(' ')).toBeLessThanOrEqual(3);
  }, 60_000);
});
