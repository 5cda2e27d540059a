/**
 * `golem server api` in-process over real HTTP: the command binds 127.0.0.1 on a free port, answers the routes of
 * reference §13 plus /streams and /health with bigints as decimal strings, runs the monitor inside, and closes on
 * abort (Ctrl-C). Other hosts are refused before anything listens.
 */
import {PassThrough} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CommandIo} from '../../../source/commands/command.js';
import {serverApiCommand} from '../../../source/commands/server-api.js';
import {loadConfig} from '../../../source/config/settings.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {createMonitorHome, monitorContext, openFundedVm, startMonitorChain, type MonitorChain, type MonitorHome} from '../../helpers/monitor-chain.js';

let chain: MonitorChain;
let home: MonitorHome;
let ctx: ServiceContext;

beforeAll(async () => {
  chain = await startMonitorChain();
  home = createMonitorHome(chain);
  ctx = monitorContext(home);
}, 60_000);

afterAll(async () => {
  ctx?.db.close();
  home?.remove();
  await chain?.stop();
});

function commandIo(signal: AbortSignal) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const output = {stdout: '', stderr: ''};
  stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const io = {stdin: process.stdin, stdout, stderr, config: () => loadConfig(home.env), signal, isInteractive: false, cliPath: ''} as unknown as CommandIo;
  return {io, output};
}

async function waitFor<T>(read: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('golem server api', () => {
  it('serves /, /vms, /streams, /health on 127.0.0.1 with the monitor inside, and closes on Ctrl-C', async () => {
    const streamId = await openFundedVm(ctx, chain, 'api-vm', {seconds: 1800});
    const controller = new AbortController();
    const {io, output} = commandIo(controller.signal);
    const running = serverApiCommand.run(io, {args: [], rest: [], flags: {host: '127.0.0.1', port: 0}});
    const url = await waitFor(() => /Serving the requestor API on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.stdout)?.[1], 20_000);
    // The monitor inside tops the VM up (its first pass runs at start-up).
    await waitFor(() => (/Topped up stream/.test(output.stderr) ? true : undefined), 30_000);

    const get = async (path: string) => {
      const response = await fetch(`${url}${path}`);
      return {status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as unknown};
    };
    expect(await get('/')).toEqual({status: 200, type: 'application/json; charset=utf-8', body: {message: 'Golem Requestor API'}});

    const vms = await get('/vms');
    expect(vms.status).toBe(200);
    expect(vms.body).toEqual([expect.objectContaining({name: 'api-vm', status: 'running', config: expect.objectContaining({stream_id: String(streamId)})})]);

    const streams = await get('/streams');
    expect(streams.status).toBe(200);
    const [stream] = streams.body as {stream_id: string; deposit_wei: string; computed: {remaining_seconds: string}; state: string}[];
    // The same shape as `vm stream list --json`, state included (issue 14).
    expect(stream?.state).toMatch(/^(active|needs-top-up|out-of-funds|halted|terminated)$/);
    expect(stream!.stream_id).toBe(String(streamId));
    expect(typeof stream!.deposit_wei).toBe('string');
    expect(BigInt(stream!.deposit_wei)).toBeGreaterThan(1800n * 1_000_000_000n);

    const health = await get('/health');
    expect(health).toMatchObject({status: 200, body: {status: 'ok', funding: {state: 'self', holder: {pid: process.pid, role: 'api', heartbeat_at: expect.any(String)}}}});
    expect(await get('/nope')).toMatchObject({status: 404, body: {detail: 'Not Found'}});

    controller.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/`)).rejects.toThrow();
    expect(await ctx.fundingLease.status()).toEqual({state: 'none'});
  }, 90_000);

  it('refuses to bind anything but 127.0.0.1', async () => {
    const {io} = commandIo(new AbortController().signal);
    await expect(serverApiCommand.run(io, {args: [], rest: [], flags: {host: '0.0.0.0', port: 0}})).rejects.toThrow(
      /binds to 127\.0\.0\.1 only; refusing host '0\.0\.0\.0'/,
    );
  });
});
