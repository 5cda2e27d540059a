import Fastify, {type FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createProviderApi} from '../../../../source/adapters/provider/provider-client.js';
import {CancelledError, ProviderError} from '../../../../source/errors.js';
import type {ProviderApi} from '../../../../source/services/ports.js';

const PROVIDER_ID = '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf';
const CONTRACT = '0x0281b792b5491e3548c8fc17c24a2e0cb99fbec2';
const ZERO = '0x0000000000000000000000000000000000000000';
const BIG_DEPOSIT = '123456789012345678901234567890';

function vmInfo(name: string, status: string, sshPort: number | null = 50_800) {
  return {
    id: name,
    name,
    status,
    resources: {cpu: 2, memory: 4, storage: 20},
    ip_address: null,
    ssh_port: sshPort,
    created_at: '2025-01-01T00:00:00',
    updated_at: '2025-01-01T00:00:00',
    error_message: null,
  };
}

/** A loopback server speaking the provider API of reference §4, quirks included (§14.1 item 17). */
async function startProvider(): Promise<{app: FastifyInstance; port: number; received: string[]}> {
  const app = Fastify();
  const received: string[] = [];
  // Keep the raw request body so the test can see how stream_id was written.
  app.addContentTypeParser('application/json', {parseAs: 'string'}, (_request, body, done) => done(null, body));
  // FastAPI's shapes, not fastify's.
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({detail: 'Not Found'}));

  app.get('/api/v1/provider/info', () => ({
    provider_id: PROVIDER_ID.toLowerCase(),
    stream_payment_address: CONTRACT,
    glm_token_address: ZERO,
    ip_address: '203.0.113.5',
    country: 'SE\u001b[31m',
    platform: 'x86_64',
  }));

  app.post<{Querystring: {async?: string}}>('/api/v1/vms', (request, reply) => {
    const raw = request.body as string;
    received.push(`${request.url} ${raw}`);
    const {name} = JSON.parse(raw) as {name: string};
    if (name === 'bad-cpu') {
      return reply.code(422).send({
        detail: [
          {type: 'value_error', loc: ['body', 'resources', 'cpu'], msg: 'CPU cores must be 1, 2, 4, 8, or 16', input: 3},
        ],
      });
    }
    if (name === 'wrong-recipient') return reply.code(400).send({detail: 'invalid stream: recipient mismatch'});
    if (name === 'halted') return reply.code(400).send({detail: 'invalid stream: stream halted'});
    if (name === 'sync-vm') return reply.code(200).send(vmInfo(name, 'running'));
    return reply.code(202).send({job_id: 'job-1', vm_id: name, status: 'creating'});
  });

  app.get<{Params: {id: string}}>('/api/v1/vms/jobs/:id', (request, reply) => {
    if (request.params.id === 'job-1') return {job_id: 'job-1', vm_id: 'web-1', status: 'creating', error: null};
    if (request.params.id === 'job-failed') {
      return {job_id: 'job-failed', vm_id: 'web-1', status: 'failed', error: 'Insufficient resources available on provider'};
    }
    return reply.code(404).send({detail: 'job not found'});
  });

  app.get<{Params: {name: string}}>('/api/v1/vms/:name', (request, reply) => {
    const {name} = request.params;
    if (name === 'booting') return reply.code(500).send({detail: 'An unexpected error occurred'});
    if (name === 'booting-2') return reply.code(500).send({message: 'An unexpected error occurred'});
    if (name === 'crash') return reply.code(500).send({detail: 'multipass: instance golem-1 is broken'});
    if (name === 'missing') return reply.code(404).send({detail: 'VM missing not found'});
    if (name === 'odd') return {...vmInfo('odd\u001b]0;pwned\u0007-vm', 'Starting'), ssh_port: null};
    if (name === 'junk') return {hello: 'world'};
    if (name === 'slow') return new Promise((resolve) => setTimeout(() => resolve(vmInfo(name, 'running')), 2000));
    return vmInfo(name, 'running');
  });

  app.get<{Params: {name: string}}>('/api/v1/vms/:name/access', (request, reply) => {
    const {name} = request.params;
    if (name === 'creating') {
      return reply.code(202).send({vm_id: name, multipass_name: 'golem-x', status: 'creating', ssh_port: null});
    }
    if (name === 'missing') return reply.code(500).send({detail: 'An unexpected error occurred'});
    if (name === 'local') return {ssh_host: 'localhost', ssh_port: 50_801, vm_id: name, multipass_name: 'golem-x'};
    return {ssh_host: '198.51.100.7', ssh_port: 50_800, vm_id: name, multipass_name: 'golem-x'};
  });

  app.post<{Params: {name: string}}>('/api/v1/vms/:name/stop', (request) => vmInfo(request.params.name, 'stopped', null));

  app.delete('/api/v1/vms/:name', (_request, reply) => reply.type('application/json').send('null'));

  app.get<{Params: {name: string}}>('/api/v1/vms/:name/stream', (request, reply) => {
    const {name} = request.params;
    if (name === 'unmapped') return reply.code(404).send({detail: 'no stream mapped for this VM'});
    if (name === 'disabled') return reply.code(400).send({detail: 'streaming payments not enabled on this provider'});
    // Written by hand: the provider emits wei as bare JSON integers far above 2^53.
    const body = `{"vm_id": "${name}", "stream_id": 98765432109876543210,
      "chain": {"token": "${ZERO}", "sender": "${PROVIDER_ID}", "recipient": "${CONTRACT}",
        "startTime": 1700000000, "stopTime": 1700003600, "ratePerSecond": 34293552812071330,
        "deposit": ${BIG_DEPOSIT}, "withdrawn": 0, "halted": false},
      "computed": {"now": 1700000100, "remaining_seconds": 3500, "vested_wei": 3429355281207133000,
        "withdrawable_wei": 3429355281207133000},
      "verified": true, "reason": "ok"}`;
    return reply.type('application/json').send(body);
  });

  await app.listen({host: '127.0.0.1', port: 0});
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {app, port: address.port, received};
}

let server: Awaited<ReturnType<typeof startProvider>>;
let api: ProviderApi;

beforeAll(async () => {
  server = await startProvider();
  api = createProviderApi({providerId: PROVIDER_ID, host: '127.0.0.1', port: server.port, timeoutMs: 1000});
});

afterAll(async () => {
  await server.app.close();
});

async function caught(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

describe('createProviderApi', () => {
  it('builds the base URL, bracketing IPv6 hosts', () => {
    expect(api.baseUrl).toBe(`http://127.0.0.1:${server.port}/api/v1`);
    expect(createProviderApi({providerId: PROVIDER_ID, host: '::1', port: 7466, timeoutMs: 1}).baseUrl).toBe(
      'http://[::1]:7466/api/v1',
    );
  });

  it('reads provider info with checksummed addresses and sanitised text', async () => {
    expect(await api.getInfo()).toEqual({
      providerId: PROVIDER_ID,
      streamPaymentAddress: '0x0281B792b5491E3548c8Fc17C24A2e0Cb99FbeC2',
      glmTokenAddress: ZERO,
      ipAddress: '203.0.113.5',
      country: 'SE',
      platform: 'x86_64',
    });
  });

  it('creates a VM asynchronously, writing a stream id above 2^53 exactly', async () => {
    const streamId = 2n ** 70n + 1n;
    const result = await api.createVm({
      name: 'web-1',
      resources: {cpu: 2, memory: 4, storage: 20},
      sshKey: 'ssh-ed25519 AAAA test',
      streamId,
    });
    expect(result).toEqual({jobId: 'job-1', vmId: 'web-1'});
    const last = server.received.at(-1)!;
    expect(last).toContain('/api/v1/vms?async=true');
    expect(last).toContain(`"stream_id":${streamId}`);
    expect(JSON.parse(last.slice(last.indexOf(' ') + 1))).toMatchObject({
      name: 'web-1',
      resources: {cpu: 2, memory: 4, storage: 20},
      ssh_key: 'ssh-ed25519 AAAA test',
    });
  });

  it('accepts a synchronous create and reports its job as ready', async () => {
    const result = await api.createVm({name: 'sync-vm', resources: {cpu: 1, memory: 1, storage: 10}, sshKey: 'k', streamId: 1n});
    expect(result).toEqual({jobId: '', vmId: 'sync-vm'});
    expect(await api.getJob(result.jobId)).toEqual({status: 'ready', error: null});
  });

  it('names the rejected field of a 422', async () => {
    const error = await caught(api.createVm({name: 'bad-cpu', resources: {cpu: 3, memory: 4, storage: 20}, sshKey: 'k', streamId: 1n}));
    expect(error.status).toBe(422);
    expect(error.shortMessage).toContain('resources.cpu: CPU cores must be 1, 2, 4, 8, or 16');
    expect(error.hint).toContain('resources.cpu');
  });

  it('explains which stream condition a 400 failed', async () => {
    const mismatch = await caught(api.createVm({name: 'wrong-recipient', resources: {cpu: 1, memory: 1, storage: 10}, sshKey: 'k', streamId: 1n}));
    expect(mismatch.status).toBe(400);
    expect(mismatch.shortMessage).toContain('invalid stream: recipient mismatch');
    expect(mismatch.hint).toMatch(/pays another address/);
    const halted = await caught(api.createVm({name: 'halted', resources: {cpu: 1, memory: 1, storage: 10}, sshKey: 'k', streamId: 1n}));
    expect(halted.hint).toMatch(/halted/);
  });

  it('reads creation jobs, failed ones with their error, and unknown ones as 404', async () => {
    expect(await api.getJob('job-1')).toEqual({status: 'creating', error: null});
    expect(await api.getJob('job-failed')).toEqual({status: 'failed', error: 'Insufficient resources available on provider'});
    expect((await caught(api.getJob('nope'))).status).toBe(404);
  });

  it('reads VM status, mapping states outside the enum to unknown and sanitising names', async () => {
    expect(await api.getVm('web-1')).toEqual({
      name: 'web-1',
      status: 'running',
      resources: {cpu: 2, memory: 4, storage: 20},
      sshPort: 50_800,
    });
    expect(await api.getVm('odd')).toMatchObject({name: 'odd-vm', status: 'unknown', sshPort: null});
  });

  it('treats the 500 "An unexpected error occurred" during boot as status unknown', async () => {
    for (const name of ['booting', 'booting-2']) {
      expect(await api.getVm(name)).toEqual({name, status: 'unknown', resources: {cpu: 0, memory: 0, storage: 0}, sshPort: null});
    }
    const crash = await caught(api.getVm('crash'));
    expect(crash.status).toBe(500);
    expect(crash.shortMessage).toContain('multipass: instance golem-1 is broken');
    const missing = await caught(api.getVm('missing'));
    expect(missing.status).toBe(404);
    expect(missing.shortMessage).toContain('VM missing not found');
  });

  it('reports a body that does not match the API as an incompatible provider', async () => {
    const error = await caught(api.getVm('junk'));
    expect(error.shortMessage).toMatch(/unexpected body/);
    expect(error.hint).toMatch(/incompatible/);
  });

  it('reads access: 202 not ready, 200 ready, localhost replaced, 500 for a missing VM is a 404', async () => {
    expect(await api.getAccess('creating')).toEqual({isReady: false});
    expect(await api.getAccess('web-1')).toEqual({isReady: true, sshHost: '198.51.100.7', sshPort: 50_800});
    expect(await api.getAccess('local')).toEqual({isReady: true, sshHost: '127.0.0.1', sshPort: 50_801});
    const missing = await caught(api.getAccess('missing'));
    expect(missing.status).toBe(404);
    expect(missing.shortMessage).toContain("does not know VM 'missing'");
  });

  it('stops a VM, says start is not supported, and deletes (200 null) without error', async () => {
    expect(await api.stopVm('web-1')).toMatchObject({status: 'stopped', sshPort: null});
    const start = await caught(api.startVm('web-1'));
    expect(start.status).toBe(404);
    expect(start.shortMessage).toMatch(/cannot start a stopped VM/);
    await expect(api.deleteVm('web-1')).resolves.toBeUndefined();
    await expect(api.deleteVm('never-existed')).resolves.toBeUndefined();
  });

  it('case-24: keeps stream amounts above 2^53 exact', async () => {
    const status = await api.getStream('web-1');
    expect(status.streamId).toBe(98_765_432_109_876_543_210n);
    expect(status.chain.deposit).toBe(BigInt(BIG_DEPOSIT));
    expect(status.chain.ratePerSecond).toBe(34_293_552_812_071_330n);
    expect(status.computed).toEqual({
      now: 1_700_000_100n,
      remainingSeconds: 3500n,
      vestedWei: 3_429_355_281_207_133_000n,
      withdrawableWei: 3_429_355_281_207_133_000n,
    });
    expect(status.chain.recipient).toBe('0x0281B792b5491E3548c8Fc17C24A2e0Cb99FbeC2');
    expect(status).toMatchObject({isVerified: true, reason: 'ok'});
  });

  it('maps stream errors to their meaning', async () => {
    const unmapped = await caught(api.getStream('unmapped'));
    expect(unmapped.status).toBe(404);
    expect(unmapped.hint).toMatch(/no stream recorded/);
    expect((await caught(api.getStream('disabled'))).hint).toMatch(/does not take stream payments/);
  });

  it('reports a refused connection as the provider being offline', async () => {
    const closed = Fastify();
    await closed.listen({host: '127.0.0.1', port: 0});
    const {port} = closed.server.address() as {port: number};
    await closed.close();
    const offline = createProviderApi({providerId: PROVIDER_ID, host: '127.0.0.1', port, timeoutMs: 1000});
    const error = await caught(offline.getInfo());
    expect(error.status).toBeUndefined();
    expect(error.shortMessage).toMatch(/not reachable .*ECONNREFUSED/);
    expect(error.hint).toMatch(/offline/);
  });

  it('times out a provider that does not answer', async () => {
    const impatient = createProviderApi({providerId: PROVIDER_ID, host: '127.0.0.1', port: server.port, timeoutMs: 200});
    const error = await caught(impatient.getVm('slow'));
    expect(error.shortMessage).toMatch(/did not answer within 0.2 s/);
    expect(error.hint).toMatch(/offline/);
  });

  it('throws CancelledError when the caller aborts', async () => {
    await expect(api.getInfo(AbortSignal.abort())).rejects.toBeInstanceOf(CancelledError);
  });
});
