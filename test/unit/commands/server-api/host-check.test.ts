/**
 * `golem server api` refuses requests addressed to any other host (DNS rebinding, issue 11 item 8): a real fastify
 * server on 127.0.0.1 gets requests with forged `Host` headers over real HTTP.
 */
import {request} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildApiServer} from '../../../../source/commands/server-api/api-routes.js';
import {isLoopbackHost} from '../../../../source/commands/server-api/host-check.js';

let port: number;
let calls = 0;
const app = buildApiServer({
  listVms: async () => {
    calls++;
    return [];
  },
  listStreams: async () => [],
  getFundingStatus: async () => ({state: 'none'}) as never,
});

beforeAll(async () => {
  await app.listen({host: '127.0.0.1', port: 0});
  port = (app.server.address() as {port: number}).port;
});
afterAll(async () => {
  await app.close();
});

/** GET `path` from the server with `Host: host`; resolves with status and body. */
function getWithHost(path: string, host: string): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const outgoing = request({host: '127.0.0.1', port, path, method: 'GET', headers: {host}}, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({status: response.statusCode ?? 0, body}));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('server api Host check (DNS rebinding)', () => {
  it('answers requests addressed to 127.0.0.1, localhost or [::1] with its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await getWithHost('/', host)).status, host).toBe(200);
    }
  });

  it('refuses a rebound name, another port or a missing port with 403 before any route runs', async () => {
    calls = 0;
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `localhost.:${port}`]) {
      const {status, body} = await getWithHost('/vms', host);
      expect(status, host).toBe(403);
      expect(JSON.parse(body)).toEqual({detail: expect.stringContaining('DNS rebinding')});
    }
    expect(calls).toBe(0);
  });

  it('isLoopbackHost accepts a bare loopback name only on port 80', () => {
    expect(isLoopbackHost('localhost', 80)).toBe(true);
    expect(isLoopbackHost('localhost', 8000)).toBe(false);
    expect(isLoopbackHost(undefined, 8000)).toBe(false);
  });
});
