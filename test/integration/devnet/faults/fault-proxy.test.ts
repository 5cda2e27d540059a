/**
 * The devnet's fault proxy (issue 11 item 1) in front of a real anvil: latency on every reply, one method delayed
 * or hung, a reply dropped after the node accepted the request, 5xx, connection resets, and the control API that
 * switches them at run time.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createWalletClient, http, parseEther, type Hex} from 'viem';
import {privateKeyToAccount} from 'viem/accounts';
import {rpcRequest} from '../../../../source/devnet/anvil-process.js';
import {parseLatency} from '../../../../source/devnet/faults/fault-rules.js';
import {startAnvilBehindProxy, type AnvilBehindProxy} from '../../../helpers/fault-proxy.js';

let chain: AnvilBehindProxy;
beforeAll(async () => {
  chain = await startAnvilBehindProxy();
}, 60_000);
afterAll(async () => {
  await chain?.stop();
});
beforeEach(() => {
  chain.proxy.setFaults({});
  chain.proxy.reset();
});

async function timed<T>(run: () => Promise<T>): Promise<{ms: number; value: T | Error}> {
  const started = performance.now();
  const value = await run().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  return {ms: performance.now() - started, value};
}

/** A signed transfer from anvil account 0, not yet sent. */
async function signedTransfer(nonceOffset = 0): Promise<{raw: Hex; hash: Hex}> {
  const account = privateKeyToAccount(chain.anvil.accounts[0]!.privateKey);
  const wallet = createWalletClient({account, transport: http(chain.anvil.rpcUrl)});
  const nonce = Number(await rpcRequest(chain.anvil.rpcUrl, 'eth_getTransactionCount', [account.address, 'pending'])) + nonceOffset;
  const request = await wallet.prepareTransactionRequest({to: chain.anvil.accounts[1]!.address, value: parseEther('1'), nonce, chain: null});
  const raw = await wallet.signTransaction({...request, chain: null} as never);
  const {keccak256} = await import('viem');
  return {raw, hash: keccak256(raw)};
}

describe('fault proxy', () => {
  it('parses latency flags: fixed, seconds and ranges', () => {
    expect(parseLatency('300ms')).toEqual({minMs: 300, maxMs: 300});
    expect(parseLatency('0.3s')).toEqual({minMs: 300, maxMs: 300});
    expect(parseLatency('100-500ms')).toEqual({minMs: 100, maxMs: 500});
    expect(parseLatency('1s-2s')).toEqual({minMs: 1000, maxMs: 2000});
    expect(parseLatency('fast')).toBeNull();
    expect(parseLatency('500-100ms')).toBeNull();
  });

  it('forwards every request and adds the base latency to each reply', async () => {
    chain.proxy.setFaults({latency: {minMs: 300, maxMs: 300}});
    const {ms, value} = await timed(() => rpcRequest(chain.rpcUrl, 'eth_chainId'));
    expect(value).toBe('0x7a69');
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(chain.proxy.counters().rpcMethods).toEqual(['eth_chainId']);
  });

  it('delays or hangs one JSON-RPC method and leaves the others alone', async () => {
    chain.proxy.setFaults({rules: [{rpcMethod: 'eth_blockNumber', action: {kind: 'delay', ms: 400}}, {rpcMethod: 'eth_gasPrice', action: {kind: 'hang'}}]});
    const slow = await timed(() => rpcRequest(chain.rpcUrl, 'eth_blockNumber'));
    expect(typeof slow.value).toBe('string');
    expect(slow.ms).toBeGreaterThanOrEqual(390);
    const hung = await timed(() => rpcRequest(chain.rpcUrl, 'eth_gasPrice', [], 500));
    expect(hung.value).toBeInstanceOf(Error);
    expect(await rpcRequest(chain.rpcUrl, 'eth_chainId')).toBe('0x7a69');
  });

  it('drops the reply to eth_sendRawTransaction after the node accepted it', async () => {
    chain.proxy.setFaults({rules: [{rpcMethod: 'eth_sendRawTransaction', action: {kind: 'drop-reply'}, times: 1}]});
    const {raw, hash} = await signedTransfer();
    const sent = await timed(() => rpcRequest(chain.rpcUrl, 'eth_sendRawTransaction', [raw]));
    expect(sent.value).toBeInstanceOf(Error);
    // The client heard nothing, yet the node has the transaction.
    const receipt = (await rpcRequest(chain.anvil.rpcUrl, 'eth_getTransactionReceipt', [hash])) as {status: string} | null;
    expect(receipt?.status).toBe('0x1');
    expect(chain.proxy.counters().faulted).toBe(1);
  });

  it('resets a connection without forwarding, so the node never sees the request', async () => {
    chain.proxy.setFaults({rules: [{rpcMethod: 'eth_sendRawTransaction', action: {kind: 'reset'}}]});
    const {raw, hash} = await signedTransfer();
    expect((await timed(() => rpcRequest(chain.rpcUrl, 'eth_sendRawTransaction', [raw]))).value).toBeInstanceOf(Error);
    expect(await rpcRequest(chain.anvil.rpcUrl, 'eth_getTransactionByHash', [hash])).toBeNull();
  });

  it('answers 5xx for the methods it is told to, a limited number of times', async () => {
    chain.proxy.setFaults({rules: [{rpcMethod: 'eth_chainId', action: {kind: 'status', status: 503, body: 'overloaded'}, times: 1}]});
    const response = await fetch(chain.rpcUrl, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: []})});
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('overloaded');
    expect(await rpcRequest(chain.rpcUrl, 'eth_chainId')).toBe('0x7a69');
  });

  it('is switched at run time over its loopback control API', async () => {
    const control = `${chain.rpcUrl}/__faults`;
    const put = await fetch(control, {method: 'PUT', headers: {'content-type': 'application/json'}, body: JSON.stringify({batchLimit: {maxBatch: 2, refusal: '413'}})});
    expect(put.status).toBe(200);
    const batch = await fetch(chain.rpcUrl, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify([1, 2, 3].map((id) => ({jsonrpc: '2.0', id, method: 'eth_chainId', params: []}))),
    });
    expect(batch.status).toBe(413);
    const state = (await (await fetch(control)).json()) as {config: {batchLimit: unknown}; counters: {requests: number; faulted: number}};
    expect(state.config.batchLimit).toEqual({maxBatch: 2, refusal: '413'});
    expect(state.counters).toMatchObject({requests: 1, faulted: 1});
    expect((await fetch(control, {method: 'PUT', body: '{"latency": {"minMs": 5, "maxMs": 1}}'})).status).toBe(400);
    expect((await fetch(`${control}/reset`, {method: 'POST'})).status).toBe(200);
    expect(chain.proxy.config().batchLimit).toBeNull();
  });
});
