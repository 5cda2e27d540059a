/**
 * Batched reads and sends of the StreamPayment adapter (issue 16 item 1) against anvil through the devnet's fault
 * proxy: reads issued together go out as one HTTP request; an endpoint that caps or refuses batches (error object,
 * HTTP 413, no batches at all) still answers every call, and a payment still goes through with one broadcast.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Address} from 'viem';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createChainClients} from '../../../../source/adapters/chain/clients.js';
import {deployStreamPayment} from '../../../../source/adapters/chain/deploy.js';
import {createJsonRpcBatcher} from '../../../../source/adapters/chain/json-rpc-batch.js';
import {createStreamPaymentClient} from '../../../../source/adapters/chain/stream-payment.js';
import {startFaultProxy, type FaultProxy} from '../../../../source/devnet/faults/fault-proxy.js';
import {startAnvil, type Anvil} from '../../../helpers/anvil.js';

let anvil: Anvil;
let proxy: FaultProxy;
let contractAddress: Address;
let lockDir: string;

function client() {
  return createStreamPaymentClient({
    rpcUrl: proxy.url,
    chainId: anvil.chainId,
    contractAddress,
    privateKey: anvil.accounts[1]!.privateKey,
    lockPath: join(lockDir, 'tx.lock'),
    pollingIntervalMs: 50,
    rpcBatchSize: 20,
  });
}

beforeAll(async () => {
  anvil = await startAnvil();
  lockDir = mkdtempSync(join(tmpdir(), 'golem-batched-'));
  contractAddress = await deployStreamPayment(anvil.rpcUrl, anvil.chainId, anvil.accounts[0]!.privateKey, anvil.accounts[9]!.address);
  proxy = await startFaultProxy({targetUrl: anvil.rpcUrl});
});

afterAll(async () => {
  await proxy?.close();
  await anvil?.stop();
  if (lockDir) rmSync(lockDir, {recursive: true, force: true});
});

describe('batched RPC reads', () => {
  it('sends the chain check, balance and fee reads issued together as one HTTP request, and checks the chain once', async () => {
    proxy.reset();
    const payments = client();
    await Promise.all([payments.verifyChain(), payments.getBalance(), payments.estimateMaxGasCostWei()]);
    expect(proxy.counters().requests).toBe(1);
    expect(proxy.counters().rpcMethods).toEqual(expect.arrayContaining(['eth_chainId', 'eth_getCode', 'eth_getBalance', 'eth_maxPriorityFeePerGas']));
    await payments.verifyChain();
    expect(proxy.counters().requests).toBe(1);
  });

  it('merges bulk reads of one tick into one request (createJsonRpcBatcher)', async () => {
    proxy.reset();
    const read = createJsonRpcBatcher({urls: [proxy.url], batchSize: 20});
    const [first, second] = await Promise.all([read([{method: 'eth_blockNumber', params: []}]), read([{method: 'eth_chainId', params: []}, {method: 'eth_gasPrice', params: []}])]);
    expect(first).toHaveLength(1);
    expect(second.map((outcome) => outcome.ok)).toEqual([true, true]);
    expect(second[0]).toEqual({ok: true, result: `0x${anvil.chainId.toString(16)}`});
    expect(proxy.counters().requests).toBe(1);
  });

  it.each([
    ['answers a batch over 2 calls with an error object', {batchLimit: {maxBatch: 2, refusal: 'error'}}],
    ['answers a batch over 2 calls with HTTP 413', {batchLimit: {maxBatch: 2, refusal: '413'}}],
    ['refuses every batch', {batchLimit: {maxBatch: 1, refusal: 'no-batches'}}],
  ] as const)('reads and pays when the endpoint %s', async (_name, faults) => {
    proxy.reset();
    proxy.setFaults(faults);
    const payments = client();
    const [balance, gas] = await Promise.all([payments.getBalance(), payments.estimateMaxGasCostWei(), payments.verifyChain()]);
    expect(balance).toBeGreaterThan(0n);
    expect(gas).toBeGreaterThan(0n);
    const {streamId, depositWei} = await payments.createStream({recipient: anvil.accounts[3]!.address, depositWei: 3_600_000n, ratePerSecondWei: 1000n});
    expect(depositWei).toBe(3_600_000n);
    expect((await payments.getStream(streamId)).deposit).toBe(3_600_000n);
    expect(proxy.counters().faulted).toBeGreaterThan(0);
    expect(proxy.counters().rpcMethods.filter((method) => method === 'eth_sendRawTransaction')).toHaveLength(1);
  });

  it('pairs every answer with its own call when a batch answer leaves one out (asked again on its own)', async () => {
    // A real proxy that forwards to anvil and drops the last answer of every batch it returns.
    let batches = 0;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        void fetch(anvil.rpcUrl, {method: 'POST', headers: {'content-type': 'application/json'}, body}).then(async (upstream) => {
          const answer = (await upstream.json()) as unknown;
          if (Array.isArray(answer)) batches += 1;
          response.writeHead(200, {'content-type': 'application/json'});
          response.end(JSON.stringify(Array.isArray(answer) ? answer.slice(0, -1) : answer));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const {publicClient} = createChainClients({rpcUrl: url, chainId: anvil.chainId, privateKey: anvil.accounts[1]!.privateKey, batchSize: 20});
      const address = anvil.accounts[2]!.address;
      const [chainId, balance, nonce] = await Promise.all([publicClient.getChainId(), publicClient.getBalance({address}), publicClient.getTransactionCount({address})]);
      expect(batches).toBe(1);
      expect(chainId).toBe(anvil.chainId);
      expect(balance).toBe(await publicClient.getBalance({address}));
      expect(nonce).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
