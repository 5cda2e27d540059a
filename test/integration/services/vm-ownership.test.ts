/**
 * Issue 11 items 3 and 5 over real parts: an in-process devnet (anvil + StreamPayment + discovery + providers), one
 * real SQLite file, and stand-in providers on 127.0.0.1 (fastify, reference §4 bodies) where a provider must
 * misbehave in a way the devnet provider cannot: no start route, a create that answers after our timeout, a job that
 * stays `creating`. Money is checked on chain: the wallet's nonce counts the transactions sent.
 */
import {hostname} from 'node:os';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import type {FastifyInstance} from 'fastify';
import {generatePrivateKey, privateKeyToAddress} from 'viem/accounts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadConfig} from '../../../source/config/settings.js';
import {startDevnet, type RunningDevnet} from '../../../source/devnet/devnet.js';
import {bindServices} from '../../../source/services/bind-services.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {openStreamFor} from '../../../source/services/streams/open-stream-for.js';
import {createVm} from '../../../source/services/vms/create-vm.js';
import {reconcile} from '../../../source/services/vms/reconcile.js';
import {startVm} from '../../../source/services/vms/start-vm.js';
import {startAdvertisedProvider} from '../../helpers/advertised-provider.js';

const resources = {cpu: 1, memory: 1, storage: 10};
const ZERO = '0x0000000000000000000000000000000000000000';
let devnet: RunningDevnet;
let baseDir: string;
let env: Record<string, string>;
let ctx: ServiceContext;
const servers: FastifyInstance[] = [];
const standInIds = new Set<string>();
const contexts: ServiceContext[] = [];

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-ownership-'));
  env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'};
  const paths = loadConfig(env).paths;
  devnet = await startDevnet({devnetDir: paths.devnetDir, walletKeyPath: paths.walletKeyPath, providers: 1});
  ctx = contextWith({});
}, 120_000);

afterAll(async () => {
  for (const server of servers) await server.close();
  for (const each of contexts) each.db.close();
  await devnet?.stop();
  rmSync(baseDir, {recursive: true, force: true});
});

/** Services over the shared database and devnet, with extra settings (env names). */
function contextWith(extra: Record<string, string>, timing?: ServiceContext['timing']): ServiceContext {
  const created = createServiceContext(loadConfig({...env, ...extra}), timing ? {timing} : {});
  contexts.push(created);
  return created;
}

const nonce = async () => {
  const response = await fetch(devnet.state.rpcUrl, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', id: 1, method: 'eth_getTransactionCount', params: [ctx.payments().client.walletAddress, 'pending']}),
  });
  return BigInt(((await response.json()) as {result: string}).result);
};

/** A stand-in provider advertised on the devnet's discovery; `routes` adds its VM API. */
async function standIn(routes: (app: FastifyInstance, providerId: `0x${string}`) => void) {
  const providerId = privateKeyToAddress(generatePrivateKey());
  const app = await startAdvertisedProvider({
    discoveryUrl: devnet.state.discoveryUrl,
    advertisedId: providerId,
    contract: devnet.state.streamPaymentAddress as `0x${string}`,
    routes: (server) => routes(server, providerId),
  });
  servers.push(app);
  standInIds.add(providerId);
  return {providerId, port: (app.server.address() as {port: number}).port};
}

const vmInfo = (name: string, status: string) => ({id: name, name, status, resources, ssh_port: null});

/** `GET /vms/{name}/stream` for stream `id` (reference §4.9), values that only need to parse. */
const streamStatus = (name: string, id: string) => ({
  vm_id: name,
  stream_id: Number(id),
  chain: {token: ZERO, sender: ZERO, recipient: ZERO, startTime: 0, stopTime: 0, ratePerSecond: 1, deposit: 1, withdrawn: 0, halted: false},
  computed: {now: 0, remaining_seconds: 0, vested_wei: 0, withdrawable_wei: 0},
  verified: true,
  reason: 'ok',
});

describe('vm start (issue 11 item 5)', () => {
  it('on a provider without a start route pays nothing: refused before any transaction, with a hint', async () => {
    const {providerId, port} = await standIn((app) => {
      app.get<{Params: {name: string}}>('/api/v1/vms/:name', async (request) => vmInfo(request.params.name, 'stopped'));
    });
    ctx.db.repositories.vms.upsert({
      name: 'no-start',
      vmId: 'no-start',
      providerId,
      providerIp: '127.0.0.1',
      providerPort: port,
      resources,
      sshHost: null,
      sshPort: null,
      streamId: null,
      status: 'stopped',
    });
    const before = await nonce();
    const failure = await startVm(ctx, 'no-start', {hours: 1}).catch((error: unknown) => error);
    // No transaction at all: not a stream opened and ended again (which costs gas and exposes the deposit).
    expect(await nonce()).toBe(before);
    expect(failure).toMatchObject({name: 'ProviderError', hint: expect.stringMatching(/golem vm destroy no-start/)});
    expect((failure as Error).message).toMatch(/no POST \/vms\/\{name\}\/start\); nothing was paid/);
    expect(ctx.db.repositories.operations.listUnfinished()).toEqual([]);
  }, 60_000);
});

describe('vm create clean-up (issue 11 items 3 and 5)', () => {
  it('a create that timed out on our side but succeeded at the provider is looked up there, deleted, and refunded', async () => {
    const created = new Map<string, string>();
    const deleted: string[] = [];
    const {providerId} = await standIn((app) => {
      app.post<{Body: {name: string; stream_id: number}}>('/api/v1/vms', async (request, reply) => {
        created.set(request.body.name, String(request.body.stream_id));
        await new Promise((resolve) => setTimeout(resolve, 2500));
        return reply.code(202).send({job_id: 'job-1', vm_id: request.body.name, status: 'creating'});
      });
      app.get<{Params: {name: string}}>('/api/v1/vms/:name', async (request, reply) =>
        created.has(request.params.name) ? vmInfo(request.params.name, 'running') : reply.code(404).send({detail: 'VM not found'}),
      );
      app.get<{Params: {name: string}}>('/api/v1/vms/:name/stream', async (request) => streamStatus(request.params.name, created.get(request.params.name)!));
      app.delete<{Params: {name: string}}>('/api/v1/vms/:name', async (request, reply) => {
        deleted.push(request.params.name);
        created.delete(request.params.name);
        return reply.code(200).type('application/json').send('null');
      });
    });
    const impatient = contextWith({GOLEM_REQUESTOR_PROVIDER_TIMEOUT_MS: '1000'}, {pollIntervalMs: 100, createTimeoutMs: 30_000});
    const before = await nonce();

    const failure = await createVm(impatient, {name: 'slow-ack', providerId, resources, hours: 1}).catch((error: unknown) => error);
    expect(failure).toMatchObject({name: 'ProviderError'});
    expect((failure as Error).message).toMatch(/did not answer within 1 s.*was ended and .* came back/s);
    expect(deleted).toEqual(['slow-ack']);
    const stream = impatient.db.repositories.streams.list().find((row) => row.vmName === 'slow-ack');
    expect(stream?.status).toBe('terminated');
    expect((await ctx.payments().client.getStream(stream!.streamId)).recipient).toBe(ZERO);
    // Two transactions: the stream and its terminate; no row, no open intent.
    expect(await nonce()).toBe(before + 2n);
    expect(impatient.db.repositories.vms.get('slow-ack')).toBeUndefined();
    expect(impatient.db.repositories.operations.listUnfinished()).toEqual([]);
  }, 60_000);

  it('a job still creating at GOLEM_REQUESTOR_CREATE_DEADLINE_SECONDS is cancelled at the provider and its stream refunded', async () => {
    const deleted: string[] = [];
    const {providerId} = await standIn((app) => {
      app.post<{Body: {name: string}}>('/api/v1/vms', async (request, reply) => reply.code(202).send({job_id: 'job-stuck', vm_id: request.body.name, status: 'creating'}));
      app.get('/api/v1/vms/jobs/:id', async () => ({job_id: 'job-stuck', vm_id: 'stuck', status: 'creating', error: null}));
      app.delete<{Params: {name: string}}>('/api/v1/vms/:name', async (request, reply) => {
        deleted.push(request.params.name);
        return reply.code(200).type('application/json').send('null');
      });
    });
    // The deadline comes from the setting alone (no test timing): 3 s instead of minutes.
    const bounded = contextWith({GOLEM_REQUESTOR_CREATE_DEADLINE_SECONDS: '3'});
    const startedAt = Date.now();
    const failure = await createVm(bounded, {name: 'stuck', providerId, resources, hours: 1}).catch((error: unknown) => error);
    expect(Date.now() - startedAt).toBeLessThan(30_000);
    expect((failure as Error).message).toMatch(/not reachable by the create deadline.*last state: creating.*was ended and .* came back/s);
    expect(deleted).toEqual(['stuck']);
    const stream = bounded.db.repositories.streams.list().find((row) => row.vmName === 'stuck');
    expect(stream?.status).toBe('terminated');
    expect((await ctx.payments().client.getStream(stream!.streamId)).recipient).toBe(ZERO);
    expect(bounded.db.repositories.vms.get('stuck')).toBeUndefined();
  }, 60_000);

  it('reconcile cancels a dead run\'s create that is still creating past the deadline: deleted at the provider, refunded', async () => {
    const streams = new Map<string, string>();
    const deleted: string[] = [];
    const {providerId, port} = await standIn((app) => {
      app.get<{Params: {name: string}}>('/api/v1/vms/:name', async (request, reply) =>
        streams.has(request.params.name) ? vmInfo(request.params.name, 'creating') : reply.code(404).send({detail: 'VM not found'}),
      );
      app.get<{Params: {name: string}}>('/api/v1/vms/:name/stream', async (request) => streamStatus(request.params.name, streams.get(request.params.name)!));
      app.delete<{Params: {name: string}}>('/api/v1/vms/:name', async (request, reply) => {
        deleted.push(request.params.name);
        streams.delete(request.params.name);
        return reply.code(200).type('application/json').send('null');
      });
    });
    const bounded = contextWith({}, {pollIntervalMs: 100, createTimeoutMs: 1000});
    const {streamId} = await openStreamFor(bounded, {recipient: providerId, depositWei: 10n ** 15n, ratePerSecondWei: 10n ** 9n, vmName: 'late'});
    streams.set('late', String(streamId));
    const dead = execa(process.execPath, ['-e', '']);
    const deadPid = dead.pid!;
    await dead;
    bounded.db.repositories.operations.start({
      kind: 'create-vm',
      vmName: 'late',
      streamId,
      detail: JSON.stringify({pid: deadPid, host: hostname(), providerId, providerIp: '127.0.0.1', providerPort: port, resources}),
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const report = await reconcile(bounded);
    expect(report.actions).toEqual([expect.objectContaining({kind: 'refunded', vmName: 'late', streamId, refundWei: expect.any(BigInt)})]);
    expect(deleted).toEqual(['late']);
    expect((await ctx.payments().client.getStream(streamId)).recipient).toBe(ZERO);
  }, 60_000);

  it("reconciling a dead run's create of a name never deletes the VM another run created under that name", async () => {
    const offers = await bindServices(ctx).listProviders({});
    const devnetProvider = offers.find((offer) => !standInIds.has(offer.advert.providerId))!.advert;
    const first = await createVm(contextWith({}, {pollIntervalMs: 100, createTimeoutMs: 30_000}), {name: 'owned', providerId: devnetProvider.providerId, resources, hours: 1});
    // A second run of `vm create owned` paid for a stream, then died (its pid is gone) before its VM existed.
    const {streamId: strayStream} = await openStreamFor(ctx, {
      recipient: devnetProvider.providerId,
      depositWei: 10n ** 15n,
      ratePerSecondWei: 10n ** 9n,
      vmName: 'owned',
    });
    const dead = execa(process.execPath, ['-e', '']);
    const deadPid = dead.pid!;
    await dead;
    ctx.db.repositories.operations.start({
      kind: 'create-vm',
      vmName: 'owned',
      streamId: strayStream,
      detail: JSON.stringify({pid: deadPid, host: hostname(), providerId: devnetProvider.providerId, providerIp: devnetProvider.ipAddress, providerPort: devnetProvider.port, resources}),
    });

    const report = await reconcile(ctx);
    expect(report.actions).toEqual([expect.objectContaining({kind: 'refunded', vmName: 'owned', streamId: strayStream})]);
    // The VM of the first run is untouched: still at the provider, running, on its own stream, and still listed.
    const api = ctx.providerApi({providerId: devnetProvider.providerId, host: devnetProvider.ipAddress, port: devnetProvider.port});
    expect((await api.getVm('owned')).status).toBe('running');
    expect((await api.getStream('owned')).streamId).toBe(first.streamId);
    expect(ctx.db.repositories.vms.require('owned')).toMatchObject({status: 'running', streamId: first.streamId});
  }, 90_000);
});
