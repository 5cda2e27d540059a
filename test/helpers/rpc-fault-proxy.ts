/**
 * A JSON-RPC proxy on 127.0.0.1 in front of anvil with two switchable faults, for the ledger tests (issue 11):
 * `holdSendReplyMs` forwards `eth_sendRawTransaction` at once (the node takes and, with automine, mines it) but
 * holds the reply back — the send window a slow L2 endpoint opens; `maxLogRange` refuses `eth_getLogs` over more
 * blocks than that with the error text public endpoints use. Everything else is forwarded unchanged.
 */
import {createServer, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

/** A running fault proxy. */
export type RpcFaultProxy = {
  readonly url: string;
  /** Hold each `eth_sendRawTransaction` reply this long after the node answered (0: no delay). */
  holdSendReplyMs: number;
  /** Refuse `eth_getLogs` ranges wider than this many blocks (null: no limit). */
  maxLogRange: number | null;
  /** `eth_getLogs` calls forwarded and refused since start. */
  readonly logCalls: {forwarded: number; refused: number};
  stop(): Promise<void>;
};

type Call = {id?: unknown; method?: string; params?: unknown[]};

/** Starts the proxy forwarding to `targetUrl`. */
export async function startRpcFaultProxy(targetUrl: string): Promise<RpcFaultProxy> {
  const state: RpcFaultProxy = {
    url: '',
    holdSendReplyMs: 0,
    maxLogRange: null,
    logCalls: {forwarded: 0, refused: 0},
    stop: async () => {},
  };
  const reply = (response: ServerResponse, body: string) => {
    if (response.destroyed) return;
    response.writeHead(200, {'content-type': 'application/json'});
    response.end(body);
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = JSON.parse(body) as Call | Call[];
      const calls = Array.isArray(parsed) ? parsed : [parsed];
      const tooWide = calls.find((call) => call.method === 'eth_getLogs' && isTooWide(call, state.maxLogRange));
      if (tooWide && !Array.isArray(parsed)) {
        state.logCalls.refused += 1;
        reply(response, JSON.stringify({jsonrpc: '2.0', id: tooWide.id, error: {code: -32005, message: `block range too large: max ${state.maxLogRange} blocks`}}));
        return;
      }
      if (calls.some((call) => call.method === 'eth_getLogs')) state.logCalls.forwarded += 1;
      const isSend = calls.some((call) => call.method === 'eth_sendRawTransaction');
      fetch(targetUrl, {method: 'POST', headers: {'content-type': 'application/json'}, body})
        .then(async (upstream) => {
          const text = await upstream.text();
          if (isSend && state.holdSendReplyMs > 0) setTimeout(() => reply(response, text), state.holdSendReplyMs);
          else reply(response, text);
        })
        .catch((error: unknown) => {
          response.writeHead(502);
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return state;
}

function isTooWide(call: Call, maxLogRange: number | null): boolean {
  if (maxLogRange === null) return false;
  const filter = (call.params?.[0] ?? {}) as {fromBlock?: string; toBlock?: string};
  if (!filter.fromBlock?.startsWith('0x') || !filter.toBlock?.startsWith('0x')) return false;
  return Number(BigInt(filter.toBlock) - BigInt(filter.fromBlock)) + 1 > maxLogRange;
}
