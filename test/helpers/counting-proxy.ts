/**
 * A tiny HTTP proxy in front of a JSON-RPC endpoint (anvil) that counts HTTP requests and the JSON-RPC calls
 * inside them (a batch is one request, many calls), so tests and benchmarks can assert how chatty a client is.
 */
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';

/** A running proxy: its URL, the counters, `reset()` and `stop()`. */
export type CountingProxy = {
  readonly url: string;
  /** HTTP requests seen since the last reset. */
  readonly requests: () => number;
  /** JSON-RPC calls seen since the last reset (a batch of n counts n). */
  readonly calls: () => number;
  /** JSON-RPC method names seen since the last reset, in order. */
  readonly methods: () => readonly string[];
  reset(): void;
  stop(): Promise<void>;
};

/** Starts a proxy on 127.0.0.1 (free port) forwarding POST bodies to `targetUrl`. */
export async function startCountingProxy(targetUrl: string): Promise<CountingProxy> {
  let requests = 0;
  let methods: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests += 1;
      try {
        const parsed = JSON.parse(body) as {method?: string} | {method?: string}[];
        for (const call of Array.isArray(parsed) ? parsed : [parsed]) methods.push(String(call.method));
      } catch {
        methods.push('<unparsable>');
      }
      fetch(targetUrl, {method: 'POST', headers: {'content-type': 'application/json'}, body})
        .then(async (upstream) => {
          response.writeHead(upstream.status, {'content-type': 'application/json'});
          response.end(await upstream.text());
        })
        .catch((error: unknown) => {
          response.writeHead(502);
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    calls: () => methods.length,
    methods: () => methods,
    reset() {
      requests = 0;
      methods = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
