/**
 * The rental services over real parts: an in-process devnet (anvil + StreamPayment + discovery + two providers
 * with SSH sandboxes), a real SQLite file, real key files. Asserts the money rules of design.md: nothing is paid on
 * a path that fails validation, a provider failure after payment gets the deposit back, stop/destroy refund.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import Fastify from 'fastify';
import {generatePrivateKey, privateKeyToAddress} from 'viem/accounts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadConfig} from '../../../source/config/settings.js';
import {startDevnet, type RunningDevnet} from '../../../source/devnet/devnet.js';
import {bindServices} from '../../../source/services/bind-services.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import type {ServiceContext} from '../../../source/services/context.js';
import type {Services} from '../../../source/services/services.js';

const resources = {cpu: 1, memory: 1, storage: 10};
let devnet: RunningDevnet;
let baseDir: string;
let ctx: ServiceContext;
let services: Services;
let providerIds: string[];

async function rpc(method: string, params: unknown[]) {
  const response = await fetch(devnet.state.rpcUrl, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params}),
  });
  return ((await response.json()) as {result: unknown}).result;
}

/** Services for another requestor on the same devnet, with its own base dir and wallet. */
function otherRequestor(privateKey: `0x${string}`): {ctx: ServiceContext; services: Services} {
  const env = {
    GOLEM_REQUESTOR_BASE_DIR: mkdtempSync(join(tmpdir(), 'golem-other-')),
    GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet',
    GOLEM_REQUESTOR_DISCOVERY_URL: devnet.state.discoveryUrl,
    GOLEM_REQUESTOR_POLYGON_RPC_URL: devnet.state.rpcUrl,
    GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: privateKey,
  };
  // The devnet state file lives under the main base dir; point this requestor at it explicitly.
  const config = loadConfig({...env});
  const withDevnet = {...config, payments: ctx.config.payments, discoveryUrl: devnet.state.discoveryUrl};
  const other = createServiceContext(withDevnet, {timing: {pollIntervalMs: 100, createTimeoutMs: 30_000}});
  return {ctx: other, services: bindServices(other)};
}

const balance = () => ctx.payments().client.getBalance();

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-services-'));
  const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'};
  const paths = loadConfig(env).paths;
  devnet = await startDevnet({devnetDir: paths.devnetDir, walletKeyPath: paths.walletKeyPath});
  ctx = createServiceContext(loadConfig(env), {timing: {pollIntervalMs: 100, createTimeoutMs: 30_000}});
  services = bindServices(ctx);
  providerIds = (await services.listProviders({})).map((offer) => offer.advert.providerId);
}, 120_000);

afterAll(async () => {
  services?.close();
  await devnet?.stop();
  rmSync(baseDir, {recursive: true, force: true});
});

describe('creating a VM', () => {
  it('validates name, resources, provider and funds before paying anything', async () => {
    const before = await balance();
    const providerId = providerIds[0]!;
    await expect(services.createVm({name: 'Bad_Name', providerId, resources, hours: 1})).rejects.toThrow(/Invalid VM name/);
    await expect(services.createVm({name: 'ok-name', providerId, resources: {cpu: 3, memory: 1, storage: 10}, hours: 1})).rejects.toThrow(
      /CPU cores must be/,
    );
    await expect(services.createVm({name: 'ok-name', providerId: '0x0000000000000000000000000000000000000001', resources, hours: 1})).rejects.toThrow(
      /not found/,
    );
    await expect(services.createVm({name: 'ok-name', providerId, resources: {cpu: 16, memory: 64, storage: 10}, hours: 1})).rejects.toThrow(
      /has (only )?(4|8) CPU/,
    );

    const poor = otherRequestor(generatePrivateKey());
    await expect(poor.services.createVm({name: 'poor-vm', providerId, resources, hours: 1})).rejects.toMatchObject({
      name: 'InsufficientFundsError',
    });
    expect(poor.ctx.db.repositories.operations.listUnfinished()).toEqual([]);
    poor.services.close();

    expect(await balance()).toBe(before);
    expect(ctx.db.repositories.streams.list()).toEqual([]);
  });

  it('refuses a provider whose /provider/info names another id (spoofed advert), before paying', async () => {
    const impostor = Fastify();
    impostor.get('/api/v1/provider/info', async () => ({
      provider_id: privateKeyToAddress(generatePrivateKey()),
      stream_payment_address: devnet.state.streamPaymentAddress,
      glm_token_address: '0x0000000000000000000000000000000000000000',
      ip_address: '127.0.0.1',
      country: 'SE',
      platform: 'x86_64',
    }));
    await impostor.listen({host: '127.0.0.1', port: 0});
    const port = (impostor.server.address() as {port: number}).port;
    const spoofedId = privateKeyToAddress(generatePrivateKey());
    await fetch(`${devnet.state.discoveryUrl}/api/v1/advertisements`, {
      method: 'POST',
      headers: {'content-type': 'application/json', 'x-provider-id': spoofedId, 'x-provider-signature': 'sig'},
      body: JSON.stringify({
        ip_address: '127.0.0.1',
        country: 'SE',
        resources: {cpu: 4, memory: 8, storage: 100},
        pricing: {usd_per_core_month: '1', usd_per_gb_ram_month: '1', usd_per_gb_storage_month: '0.1'},
        provider_port: port,
      }),
    });
    const before = await balance();
    await expect(services.createVm({name: 'spoofed', providerId: spoofedId, resources, hours: 1})).rejects.toThrow(/says it is/);
    expect(await balance()).toBe(before);
    await impostor.close();
  });

  it('gets the deposit back at once when the provider refuses after the stream was opened', async () => {
    const providerId = providerIds[1]!;
    const rival = generatePrivateKey();
    await rpc('anvil_setBalance', [privateKeyToAddress(rival), '0x56BC75E2D63100000']);
    const other = otherRequestor(rival);
    await other.services.createVm({name: 'taken-name', providerId, resources, hours: 1});

    const failure = await services.createVm({name: 'taken-name', providerId, resources, hours: 1}).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const refunded = /already exists\. The stream \d+ was ended and [0-9.]+ ETH \((\d+) wei\) came back/s.exec((failure as Error).message);
    expect(refunded, (failure as Error).message).not.toBeNull();
    const [stream] = ctx.db.repositories.streams.list();
    expect(stream?.status).toBe('terminated');
    const status = await services.inspectStream(stream!.streamId);
    expect(status.isTerminated).toBe(true);
    // Ended seconds after opening: all but a few seconds of the deposit came back.
    expect(BigInt(refunded![1]!)).toBeGreaterThan((stream!.depositWei * 99n) / 100n);
    expect(ctx.db.repositories.vms.get('taken-name')).toBeUndefined();
    await other.services.destroyVm('taken-name');
    other.services.close();
  });
});

describe('interrupting a create', () => {
  it('ends the stream and refunds when Ctrl-C comes after payment; a stream without a VM can be terminated', async () => {
    const controller = new AbortController();
    const streamsBefore = ctx.db.repositories.streams.list().length;
    const interrupted = services.createVm(
      {name: 'interrupted-vm', providerId: providerIds[0]!, resources, hours: 1, signal: controller.signal},
      ({step}) => step === 'create' && controller.abort(),
    );
    await expect(interrupted).rejects.toMatchObject({name: 'CancelledError', isInterrupt: true});
    await expect(interrupted).rejects.toThrow(/Interrupted\. The stream \d+ was ended/);
    const streams = ctx.db.repositories.streams.list();
    expect(streams.length).toBe(streamsBefore + 1);
    expect(streams.at(-1)?.status).toBe('terminated');
    expect(ctx.db.repositories.vms.get('interrupted-vm')).toBeUndefined();

    const declined = services.createVm({name: 'declined-vm', providerId: providerIds[0]!, resources, hours: 1, confirm: async () => false});
    await expect(declined).rejects.toThrow('Nothing was paid.');
    expect(ctx.db.repositories.streams.list().length).toBe(streamsBefore + 1);

    const opened = await services.openStream({providerId: providerIds[0]!, resources, hours: 1});
    const ended = await services.terminateStream(opened.streamId);
    expect(ended.refundWei + ended.payoutWei).toBe(opened.depositWei);
    expect((await services.inspectStream(opened.streamId)).isTerminated).toBe(true);
  });
});

describe('a VM lifecycle', () => {
  it('creates, runs commands, stops with a refund, starts on a new stream, tops up and destroys', async () => {
    const providerId = providerIds[0]!;
    const progress: string[] = [];
    const created = await services.createVm({name: 'life-vm', providerId, resources, hours: 2}, ({step}) => progress.push(step));
    // 'ssh' twice: waiting for SSH, then the host key pinned for the rental (issue 12).
    expect(progress).toEqual(['key', 'verify', 'stream', 'create', 'boot', 'ssh', 'ssh']);
    expect(created.hostKey).toMatchObject({hostKeyAlias: created.vm.hostKeyAlias, isNew: true, fingerprint: expect.stringMatching(/^SHA256:/)});
    expect(created.vm.status).toBe('running');
    expect(ctx.db.repositories.operations.listUnfinished()).toEqual([]);

    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const {exitCode} = await services.execOnVm('life-vm', 'echo hello-from-vm; exit 7', {stdout: out, stderr: new PassThrough()});
    expect(exitCode).toBe(7);
    expect(text.trim()).toBe('hello-from-vm');

    const topped = await services.topUpStream({streamId: created.streamId, hours: 1});
    const afterTopUp = await services.inspectStream(created.streamId);
    expect(afterTopUp.chain.stopTime).toBe(topped.newStopTime);
    expect(afterTopUp.chain.deposit).toBe(created.depositWei! + topped.toppedUpWei);

    const stopped = await services.stopVm('life-vm');
    expect(stopped.vm.status).toBe('stopped');
    expect(stopped.refundWei).toBeGreaterThan(0n);
    await expect(services.topUpStream({streamId: created.streamId, hours: 1})).rejects.toThrow(/terminated/);
    await expect(services.execOnVm('life-vm', 'true', {stdout: out, stderr: out})).rejects.toThrow(/is stopped/);

    const started = await services.startVm('life-vm', {hours: 1});
    expect(started.streamId).not.toBe(created.streamId);
    expect(started.vm.status).toBe('running');

    const [views] = [await services.listStreams()];
    const byId = new Map(views.map((view) => [view.record.streamId, view]));
    expect(byId.get(created.streamId)?.record.status).toBe('terminated');
    expect(byId.get(started.streamId)?.status?.computed.remainingSeconds).toBeGreaterThan(3500n);

    const destroyed = await services.destroyVm('life-vm');
    expect(destroyed.refundWei).toBeGreaterThan(0n);
    expect(destroyed.warnings).toEqual([]);
    expect(await services.listVms()).toEqual([]);
  }, 60_000);
});

describe('after an interrupted run', () => {
  it('case-22: records a stream whose createStream was mined but never recorded, and fails dropped transactions', async () => {
    const {client} = ctx.payments();
    const {operations} = ctx.db.repositories;
    const crashed = operations.start({kind: 'create-stream', vmName: 'lost-vm', streamId: null, detail: null});
    // The run "crashes" after the hash was stored and before the stream row was written.
    const opened = await client.createStream({
      recipient: providerIds[0]! as `0x${string}`,
      depositWei: 3_600_000n,
      ratePerSecondWei: 1000n,
      onSent: (hash) => operations.update(crashed.id, {status: 'sent', txHash: hash}),
    });
    const dropped = operations.start({kind: 'top-up', vmName: null, streamId: opened.streamId, detail: null});
    operations.update(dropped.id, {status: 'sent', txHash: `0x${'ab'.repeat(32)}`});

    const views = await services.listStreams();
    const recovered = views.find((view) => view.record.streamId === opened.streamId);
    expect(recovered?.record).toMatchObject({vmName: 'lost-vm', depositWei: 3_600_000n, status: 'open', createTxHash: opened.txHash});
    expect(operations.listUnfinished()).toEqual([]);

    const ended = await services.topUpStream({streamId: opened.streamId, amountWei: 1000n});
    expect(ended.toppedUpWei).toBe(1000n);
  });
});

