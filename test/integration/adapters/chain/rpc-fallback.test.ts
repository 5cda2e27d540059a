/**
 * RPC fail-over (issue 6 item 4): a comma-separated RPC URL setting becomes viem's `fallback` over endpoints whose
 * chain id is checked first. Real local JSON-RPC servers play the endpoints: one down, one on another chain, one
 * on the profile's chain.
 */
import {once} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {createServer as createTcpServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createChainClients, parseRpcUrls} from '../../../../source/adapters/chain/clients.js';
import {createStreamPaymentClient} from '../../../../source/adapters/chain/stream-payment.js';
import {ChainError} from '../../../../source/errors.js';

const KEY = `0x${'11'.repeat(32)}` as const;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A JSON-RPC endpoint answering eth_chainId with `chainId`, eth_blockNumber with `block`; it logs each method. */
async function endpoint(chainId: number, block: number) {
  const methods: string[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const parsed = JSON.parse(text) as {id: number; method: string} | Array<{id: number; method: string}>;
      const answer = (call: {id: number; method: string}) => {
        methods.push(call.method);
        const result =
          call.method === 'eth_chainId' ? `0x${chainId.toString(16)}` : call.method === 'eth_getCode' ? '0x6080' : `0x${block.toString(16)}`;
        return {jsonrpc: '2.0', id: call.id, result};
      };
      response.writeHead(200, {'content-type': 'application/json'});
      response.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {url: `http://127.0.0.1:${(server.address() as {port: number}).port}`, methods};
}

async function deadUrl(): Promise<string> {
  const server = createTcpServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const {port} = server.address() as {port: number};
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('RPC URL list', () => {
  it('splits a comma-separated setting, dropping blanks and repeats', () => {
    expect(parseRpcUrls(' http://a/rpc ,http://b/rpc,, http://a/rpc ')).toEqual(['http://a/rpc', 'http://b/rpc']);
    expect(parseRpcUrls('http://only')).toEqual(['http://only']);
  });

  it('fails over past a dead endpoint and one serving another chain, to the one serving the profile\'s chain', async () => {
    const wrong = await endpoint(1, 111);
    const right = await endpoint(31_337, 222);
    const {publicClient} = createChainClients({
      rpcUrl: `${await deadUrl()}, ${wrong.url}, ${right.url}`,
      chainId: 31_337,
      privateKey: KEY,
      timeoutMs: 1000,
      retryCount: 0,
    });
    expect(await publicClient.getBlockNumber({cacheTime: 0})).toBe(222n);
    expect(await publicClient.getChainId()).toBe(31_337);
    // The wrong-chain endpoint was asked only for its chain id, once, never for data.
    expect(wrong.methods).toEqual(['eth_chainId']);
    expect(right.methods.filter((method) => method === 'eth_chainId').length).toBeGreaterThanOrEqual(1);
  });

  it('refuses to sign when every endpoint serves another chain, naming the endpoint and both chains', async () => {
    const first = await endpoint(1, 1);
    const second = await endpoint(8453, 1);
    const dir = mkdtempSync(join(tmpdir(), 'golem-rpc-list-'));
    cleanups.push(() => rmSync(dir, {recursive: true, force: true}));
    const payments = createStreamPaymentClient({
      rpcUrl: `${first.url},${second.url}`,
      chainId: 31_337,
      contractAddress: `0x${'cd'.repeat(20)}`,
      privateKey: KEY,
      lockPath: join(dir, 'wallet.lock'),
      requestTimeoutMs: 1000,
    });
    const error = await payments.verifyChain().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChainError);
    expect((error as ChainError).message).toContain('serves chain 8453 (Base), but the payments profile expects chain 31337');
    expect([...first.methods, ...second.methods].every((method) => method === 'eth_chainId')).toBe(true);
  });
});
