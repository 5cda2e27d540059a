/**
 * Timeouts, retries with backoff, 429 Retry-After, the 1 MB body limit and the overall deadline (issue 6 item 4),
 * for `httpGetJson` (discovery, prices) and the provider client, against a real local HTTP server.
 */
import {once} from 'node:events';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import {backoffDelayMs, httpGetJson, MAX_BODY_BYTES, retryAfterMs} from '../../../source/adapters/http-get-json.js';
import {createProviderApi} from '../../../source/adapters/provider/provider-client.js';
import {DiscoveryError, ProviderError} from '../../../source/errors.js';

type Handler = (request: IncomingMessage, response: ServerResponse, index: number) => void;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Serves `handlers[i]` to the i-th request (the last one again after that); returns the URL and the request log. */
async function serve(...handlers: Handler[]) {
  const requests: Array<{method: string; at: number}> = [];
  server = createServer((request, response) => {
    const index = requests.length;
    requests.push({method: request.method ?? '', at: performance.now()});
    request.resume();
    handlers[Math.min(index, handlers.length - 1)]!(request, response, index);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const {port} = server.address() as {port: number};
  return {url: `http://127.0.0.1:${port}`, port, requests};
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_request, response) => {
  response.writeHead(status, {'content-type': 'application/json', ...headers});
  response.end(JSON.stringify(body));
};

const fail = (reason: string, cause?: unknown) => new DiscoveryError({url: 'test', reason, cause});

describe('retryAfterMs and backoffDelayMs', () => {
  it('reads delay seconds and HTTP dates, and ignores junk', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('grows exponentially with jitter between half and all of the step, capped', () => {
    expect(backoffDelayMs(0, 250, 4000, () => 0)).toBe(125);
    expect(backoffDelayMs(0, 250, 4000, () => 1)).toBe(250);
    expect(backoffDelayMs(3, 250, 4000, () => 1)).toBe(2000);
    expect(backoffDelayMs(10, 250, 4000, () => 1)).toBe(4000);
  });
});

describe('httpGetJson', () => {
  it('retries 503 with backoff, then returns the answer', async () => {
    const {url, requests} = await serve(json(503, {detail: 'busy'}), json(503, {}), json(200, [1]));
    await expect(httpGetJson(url, {timeoutMs: 2000, fail, baseDelayMs: 20})).resolves.toEqual([1]);
    expect(requests).toHaveLength(3);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(9);
  });

  it('honours a 429 Retry-After', async () => {
    const {url, requests} = await serve(json(429, {}, {'retry-after': '1'}), json(200, {ok: true}));
    await expect(httpGetJson(url, {timeoutMs: 2000, fail})).resolves.toEqual({ok: true});
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('fails at once when Retry-After asks for more than 30 s', async () => {
    const {url, requests} = await serve(json(429, {}, {'retry-after': '120'}));
    await expect(httpGetJson(url, {timeoutMs: 2000, fail})).rejects.toThrow('rate limited: the server asks to wait 120 s');
    expect(requests).toHaveLength(1);
  });

  it('does not retry a 404 or a timeout', async () => {
    const notFound = await serve(json(404, {detail: 'no'}));
    await expect(httpGetJson(notFound.url, {timeoutMs: 2000, fail})).rejects.toBeInstanceOf(DiscoveryError);
    expect(notFound.requests).toHaveLength(1);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const silent = await serve(() => {});
    await expect(httpGetJson(silent.url, {timeoutMs: 200, fail})).rejects.toThrow('no answer within 0.2 s');
    expect(silent.requests).toHaveLength(1);
  });

  it('stops reading a chunked body past 1 MB, without waiting for the rest', async () => {
    let written = 0;
    const {url} = await serve((_request, response) => {
      response.writeHead(200, {'content-type': 'application/json'});
      const chunk = 'x'.repeat(64 * 1024);
      const timer = setInterval(() => {
        if (response.destroyed || written > 50 * MAX_BODY_BYTES) return clearInterval(timer);
        response.write(chunk);
        written += chunk.length;
      }, 1);
    });
    await expect(httpGetJson(url, {timeoutMs: 10_000, fail})).rejects.toThrow('the answer is larger than 1024 KB');
    expect(written).toBeLessThan(10 * MAX_BODY_BYTES);
  });

  it('a slow drip ends at the overall deadline, not per chunk', async () => {
    const {url} = await serve((_request, response) => {
      response.writeHead(200, {'content-type': 'application/json'});
      const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write(' ')), 50);
    });
    const started = performance.now();
    await expect(httpGetJson(url, {timeoutMs: 500, fail})).rejects.toThrow('no answer within 0.5 s');
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('provider client faults', () => {
  const api = (port: number, timeoutMs = 2000) =>
    createProviderApi({providerId: `0x${'ab'.repeat(20)}`, host: '127.0.0.1', port, timeoutMs, retryBaseDelayMs: 10});
  const vmInfo = {id: 'web-1', name: 'web-1', status: 'running', resources: {cpu: 1, memory: 1, storage: 10}, ssh_port: 50_800};

  it('retries a GET after 502 and 429, but never a POST that creates', async () => {
    const reads = await serve(json(502, {}), json(429, {}, {'retry-after': '0'}), json(200, vmInfo));
    await expect(api(reads.port).getVm('web-1')).resolves.toMatchObject({status: 'running'});
    expect(reads.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'GET']);
    await new Promise<void>((resolve) => server!.close(() => resolve()));

    const creates = await serve(json(503, {detail: 'busy'}), json(202, {job_id: 'j', vm_id: 'v'}));
    const error = await api(creates.port)
      .createVm({name: 'web-1', resources: {cpu: 1, memory: 1, storage: 10}, sshKey: 'ssh-ed25519 AAAA', streamId: 1n})
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(503);
    expect(creates.requests).toHaveLength(1);
  });

  it('refuses a body over 1 MB and a slow drip with a ProviderError and a hint', async () => {
    const big = await serve(json(200, {...vmInfo, name: 'x'.repeat(2 * MAX_BODY_BYTES)}));
    const tooBig = await api(big.port).getVm('web-1').catch((caught: unknown) => caught);
    expect(tooBig).toBeInstanceOf(ProviderError);
    expect((tooBig as ProviderError).message).toContain('answered more than 1024 KB');
    expect((tooBig as ProviderError).hint).toBeTruthy();
    await new Promise<void>((resolve) => server!.close(() => resolve()));

    const drip = await serve((_request, response) => {
      response.writeHead(200, {'content-type': 'application/json'});
      const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write(' ')), 50);
    });
    const started = performance.now();
    await expect(api(drip.port, 400).getVm('web-1')).rejects.toThrow('did not answer within 0.4 s');
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
