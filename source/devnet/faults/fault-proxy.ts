/**
 * A loopback HTTP proxy that makes the devnet as slow and unreliable as a real network (issue 11 item 1): it sits
 * in front of anvil's JSON-RPC or of a provider's API, forwards every request to its target, and on the way adds
 * latency, enforces a JSON-RPC batch limit and applies switchable faults (`fault-rules.ts`).
 *
 * Control API, on the proxy's own port (loopback only, JSON):
 * - `GET /__faults` → `{config, counters}`: the current {@link FaultConfig} and what the proxy saw;
 * - `PUT /__faults` with a `FaultConfig` body → replaces the configuration (400 with the reason when invalid);
 * - `POST /__faults/reset` → clears rules and batch limit (keeps the base latency) and zeroes the counters.
 */
import {createServer, request as httpRequest, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {drawLatencyMs, FaultConfig, ruleMatches, type FaultConfigInput, type FaultRule, type RequestFacts} from './fault-rules.js';

/** The control API's path prefix on every proxy. */
export const FAULT_CONTROL_PATH = '/__faults';

/** What a proxy saw since start or the last reset. */
export type FaultCounters = {
  /** HTTP requests proxied or refused (control requests excluded). */
  requests: number;
  /** JSON-RPC calls seen (a batch of n counts n). */
  rpcCalls: number;
  /** JSON-RPC method names seen, in order (bounded to the last 10,000). */
  rpcMethods: string[];
  /** `METHOD /path` of each HTTP request, in order (bounded to the last 10,000). */
  paths: string[];
  /** Requests a fault rule or the batch limit acted on. */
  faulted: number;
};

/** A running proxy. */
export type FaultProxy = {
  /** `http://127.0.0.1:<port>` — clients use this instead of the target. */
  readonly url: string;
  readonly port: number;
  /** Where requests go (`http://127.0.0.1:<port>`); changeable while running ({@link FaultProxy.setTarget}). */
  readonly target: () => string;
  setTarget(targetUrl: string): void;
  /** The current configuration. */
  readonly config: () => FaultConfig;
  /** Replaces the configuration; throws zod's error for an invalid one. */
  setFaults(config: FaultConfigInput): void;
  /** Clears rules and the batch limit (the base latency stays), zeroes the counters. */
  reset(): void;
  readonly counters: () => FaultCounters;
  /** Closes the server and every open connection (hung requests included). Idempotent. */
  close(): Promise<void>;
};

/** Parameters of {@link startFaultProxy}. */
export type StartFaultProxyParameters = {
  /** Base URL requests are forwarded to (http, normally loopback); may be set later with `setTarget`. */
  readonly targetUrl?: string;
  /** Initial faults (latency, batch limit, rules). @default none */
  readonly faults?: FaultConfigInput;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
};

const MAX_LOG = 10_000;

function rpcMethodsOf(body: Buffer): {methods: string[]; isBatch: boolean; ids: unknown[]} {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    const methods: string[] = [];
    const ids: unknown[] = [];
    for (const call of calls) {
      if (call && typeof call === 'object' && typeof (call as {method?: unknown}).method === 'string') {
        methods.push((call as {method: string}).method);
        ids.push((call as {id?: unknown}).id ?? null);
      }
    }
    return {methods, isBatch: Array.isArray(parsed), ids};
  } catch {
    return {methods: [], isBatch: false, ids: []};
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Forwards one request to `target` and resolves with the upstream status, headers and body. */
function forward(target: string, request: IncomingMessage, body: Buffer): Promise<{status: number; headers: Record<string, string>; body: Buffer}> {
  const url = new URL(request.url ?? '/', target);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || ['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(url, {method: request.method, headers}, (reply) => {
      const chunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => chunks.push(chunk));
      reply.on('end', () => {
        const replyHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(reply.headers)) {
          if (value === undefined || ['connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(name)) continue;
          replyHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({status: reply.statusCode ?? 502, headers: replyHeaders, body: Buffer.concat(chunks)});
      });
      reply.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function sendJson(response: ServerResponse, status: number, value: unknown, extraHeaders: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extraHeaders});
  response.end(text);
}

/**
 * Starts a fault proxy on 127.0.0.1. Every request is forwarded to the target with its method, path and headers;
 * the reply comes back after the base latency (drawn per request) — or the matching fault happens instead.
 *
 * @example
 * const proxy = await startFaultProxy({targetUrl: anvil.rpcUrl, faults: {latency: {minMs: 300, maxMs: 300}}})
 * proxy.setFaults({rules: [{rpcMethod: 'eth_sendRawTransaction', action: {kind: 'drop-reply'}, times: 1}]})
 */
export async function startFaultProxy({targetUrl = '', faults = {}, port = 0}: StartFaultProxyParameters = {}): Promise<FaultProxy> {
  let target = targetUrl;
  let config = FaultConfig.parse(faults);
  const uses = new WeakMap<FaultRule, number>();
  const counters: FaultCounters = {requests: 0, rpcCalls: 0, rpcMethods: [], paths: [], faulted: 0};
  const push = (list: string[], item: string) => {
    list.push(item);
    if (list.length > MAX_LOG) list.splice(0, list.length - MAX_LOG);
  };

  function takeRule(facts: RequestFacts): FaultRule | null {
    for (const rule of config.rules) {
      if (!ruleMatches(rule, facts)) continue;
      const used = uses.get(rule) ?? 0;
      if (rule.times !== undefined && used >= rule.times) continue;
      uses.set(rule, used + 1);
      return rule;
    }
    return null;
  }

  async function control(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === FAULT_CONTROL_PATH) return sendJson(response, 200, {config, counters, target});
    if (request.method === 'PUT' && path === FAULT_CONTROL_PATH) {
      try {
        config = FaultConfig.parse(JSON.parse(body.toString('utf8') || '{}'));
      } catch (error) {
        return sendJson(response, 400, {error: error instanceof Error ? error.message : String(error)});
      }
      return sendJson(response, 200, {config});
    }
    if (request.method === 'POST' && path === `${FAULT_CONTROL_PATH}/reset`) {
      reset();
      return sendJson(response, 200, {config});
    }
    sendJson(response, 404, {error: `unknown control request ${request.method} ${path}`});
  }

  function reset(): void {
    config = FaultConfig.parse({latency: config.latency});
    Object.assign(counters, {requests: 0, rpcCalls: 0, rpcMethods: [], paths: [], faulted: 0});
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === FAULT_CONTROL_PATH || path.startsWith(`${FAULT_CONTROL_PATH}/`)) return control(request, response, body);

    const httpMethod = request.method ?? 'GET';
    const {methods, isBatch, ids} = rpcMethodsOf(body);
    counters.requests += 1;
    counters.rpcCalls += methods.length;
    for (const method of methods) push(counters.rpcMethods, method);
    push(counters.paths, `${httpMethod} ${path}`);
    const latencyMs = drawLatencyMs(config.latency);

    const limit = config.batchLimit;
    if (limit && isBatch && (limit.refusal === 'no-batches' || methods.length > limit.maxBatch)) {
      counters.faulted += 1;
      await sleep(latencyMs);
      if (limit.refusal === '413') return sendJson(response, 413, {error: `batch of ${methods.length} exceeds the limit of ${limit.maxBatch}`});
      const message = limit.refusal === 'no-batches' ? 'batch requests are not supported' : `batch size ${methods.length} exceeds the limit of ${limit.maxBatch}`;
      return sendJson(response, 200, {jsonrpc: '2.0', id: null, error: {code: -32600, message}});
    }

    const rule = takeRule({httpMethod, path, rpcMethods: methods});
    if (rule) counters.faulted += 1;
    const action = rule?.action;
    switch (action?.kind) {
      case 'hang':
        return; // Never answered; the connection stays open until the client gives up or the proxy closes.
      case 'reset':
        await sleep(latencyMs);
        request.socket.destroy();
        return;
      case 'status':
        await sleep(latencyMs);
        response.writeHead(action.status, {'content-type': 'text/plain'});
        response.end(action.body);
        return;
      case 'redirect':
        await sleep(latencyMs);
        response.writeHead(action.status, {location: action.location, 'content-length': '0'});
        response.end();
        return;
      default:
        break;
    }

    let upstream: Awaited<ReturnType<typeof forward>>;
    try {
      upstream = await forward(target, request, body);
    } catch (error) {
      await sleep(latencyMs);
      const message = `fault proxy: ${target} did not answer (${error instanceof Error ? error.message : String(error)})`;
      if (methods.length > 0) return sendJson(response, 502, isBatch ? ids.map((id) => ({jsonrpc: '2.0', id, error: {code: -32603, message}})) : {jsonrpc: '2.0', id: ids[0] ?? null, error: {code: -32603, message}});
      return sendJson(response, 502, {detail: message});
    }
    if (action?.kind === 'drop-reply') {
      // The target acted on the request; the client never learns it.
      request.socket.destroy();
      return;
    }
    await sleep(latencyMs + (action?.kind === 'delay' ? action.ms : 0));
    response.writeHead(upstream.status, {...upstream.headers, 'content-length': upstream.body.length});
    response.end(upstream.body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, {detail: `fault proxy: ${error instanceof Error ? error.message : String(error)}`});
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    target: () => target,
    setTarget(next) {
      target = next;
    },
    config: () => config,
    setFaults(next) {
      config = FaultConfig.parse(next);
    },
    reset,
    counters: () => counters,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
}
