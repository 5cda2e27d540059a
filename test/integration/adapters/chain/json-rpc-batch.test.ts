/**
 * Bulk JSON-RPC reads against endpoints as they are (issue 11 item 8, case-32), with a real loopback JSON-RPC
 * server that misbehaves the way public endpoints do: caps batches, leaves calls out of a batch reply, answers
 * errors for single calls, redirects.
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {readJsonRpcBatch} from '../../../../source/adapters/chain/json-rpc-batch.js';

type Call = {id: number; method: string; params: unknown[]};
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A JSON-RPC server: `answer` decides the HTTP status and body for each parsed request body; it logs batch sizes. */
async function endpoint(answer: (body: Call | Call[]) => {status?: number; body?: unknown; headers?: Record<string, string>}) {
  const sizes: number[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const parsed = JSON.parse(text) as Call | Call[];
      sizes.push(Array.isArray(parsed) ? parsed.length : 0);
      const {status = 200, body, headers = {}} = answer(parsed);
      response.writeHead(status, {'content-type': 'application/json', ...headers});
      response.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sizes};
}

const echo = (call: Call) => ({jsonrpc: '2.0', id: call.id, result: call.params[0]});
const calls = (count: number) => Array.from({length: count}, (_, index) => ({method: 'echo', params: [index]}));

describe('readJsonRpcBatch', () => {
  it('keeps every batch within the configured size', async () => {
    const server = await endpoint((body) => ({body: Array.isArray(body) ? body.map(echo) : echo(body)}));
    const outcomes = await readJsonRpcBatch({urls: [server.url], calls: calls(25), batchSize: 10, concurrency: 1});
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.result : outcome.error))).toEqual(Array.from({length: 25}, (_, index) => index));
    expect(server.sizes).toEqual([10, 10, 5]);
  });

  it('learns a smaller size from a refused batch and keeps it', async () => {
    const server = await endpoint((body) =>
      Array.isArray(body) && body.length > 4 ? {status: 413, body: {error: 'too large'}} : {body: Array.isArray(body) ? body.map(echo) : echo(body)},
    );
    const outcomes = await readJsonRpcBatch({urls: [server.url], calls: calls(16), batchSize: 16, concurrency: 1});
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(server.sizes).toEqual([16, 8, 4, 4, 4, 4]);
  });

  it('asks again, one by one, for calls a batch reply left out; a call that fails alone gets its own error', async () => {
    const server = await endpoint((body) => {
      if (Array.isArray(body)) return {body: body.filter((call) => call.params[0] !== 2 && call.params[0] !== 3).map(echo)};
      return body.params[0] === 3 ? {body: {jsonrpc: '2.0', id: body.id, error: {code: -32000, message: 'header not found'}}} : {body: echo(body)};
    });
    const outcomes = await readJsonRpcBatch({urls: [server.url], calls: calls(5), batchSize: 5});
    expect(outcomes[2]).toEqual({ok: true, result: 2});
    expect(outcomes[3]).toEqual({ok: false, error: 'the endpoint answered error -32000: header not found'});
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(4);
  });

  it('does not follow a redirect: every call fails naming the target', async () => {
    const server = await endpoint(() => ({status: 307, headers: {location: 'http://127.0.0.1:1/elsewhere'}}));
    const outcomes = await readJsonRpcBatch({urls: [server.url], calls: calls(3), batchSize: 3});
    for (const outcome of outcomes) expect(outcome).toEqual({ok: false, error: expect.stringContaining('redirecting to http://127.0.0.1:1/elsewhere')});
    expect(server.sizes).toEqual([3]);
  });
});
