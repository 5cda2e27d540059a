import {getAddress, zeroAddress} from 'viem';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connectSsh, execSsh, openShell} from './ssh-probe.js';
import {FIXTURE_PRICING, FIXTURE_RATE_WEI, startProviderFixture, type ProviderFixture} from './provider-fixture.js';
import {generateEd25519KeyPair} from '../../../source/adapters/ssh/generate-key.js';


describe('devnet provider server', () => {
  const userKey = generateEd25519KeyPair({comment: 'requestor'});
  const otherKey = generateEd25519KeyPair();
  let net: ProviderFixture;
  let streamId: bigint;

  const createBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'vm-one',
    resources: {cpu: 2, memory: 4, storage: 20},
    ssh_key: userKey.public,
    stream_id: Number(streamId),
    ...overrides,
  });

  beforeAll(async () => {
    net = await startProviderFixture();
    streamId = await net.createStream(net.provider.providerId);
  });
  afterAll(async () => {
    await net?.close();
  });

  it('serves /provider/info with its address, the contract and native ETH', async () => {
    const {status, body} = await net.api('GET', '/provider/info');
    expect(status).toBe(200);
    expect(body).toEqual({
      provider_id: net.provider.providerId,
      stream_payment_address: getAddress(net.contract),
      glm_token_address: zeroAddress,
      ip_address: '127.0.0.1',
      country: 'SE',
      platform: 'x86_64',
    });
    expect(net.provider.url).toBe(`http://127.0.0.1:${net.provider.port}`);
  });

  it('advertises itself to discovery with its port, name, available resources and prices', async () => {
    const response = await fetch(`${net.discovery.url}/api/v1/advertisements/${net.provider.providerId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      provider_id: net.provider.providerId,
      ip_address: '127.0.0.1',
      country: 'SE',
      platform: 'x86_64',
      resources: {cpu: 4, memory: 8, storage: 80},
      pricing: {
        usd_per_core_month: FIXTURE_PRICING.usdPerCoreMonth,
        usd_per_gb_ram_month: FIXTURE_PRICING.usdPerGbRamMonth,
        usd_per_gb_storage_month: FIXTURE_PRICING.usdPerGbStorageMonth,
        glm_per_core_month: null,
      },
      provider_name: 'devnet-test',
      provider_port: net.provider.port,
    });
  });

  it('refuses a create without stream_id (400)', async () => {
    const {status, body} = await net.api('POST', '/vms?async=true', createBody({stream_id: undefined}));
    expect(status).toBe(400);
    expect(body).toEqual({detail: 'stream_id required when payments are enabled'});
  });

  it('refuses a stream that pays someone else, or does not exist (400 recipient mismatch)', async () => {
    const elsewhere = await net.createStream(net.anvil.accounts[5]!.address);
    const paysOther = await net.api('POST', '/vms?async=true', createBody({stream_id: Number(elsewhere)}));
    expect(paysOther).toMatchObject({status: 400, body: {detail: 'invalid stream: recipient mismatch'}});
    const unknown = await net.api('POST', '/vms?async=true', createBody({stream_id: 9999}));
    expect(unknown).toMatchObject({status: 400, body: {detail: 'invalid stream: recipient mismatch'}});
  });

  it('refuses a halted stream (400 stream halted)', async () => {
    const halted = await net.createStream(net.provider.providerId);
    await net.halt(halted);
    const {status, body} = await net.api('POST', '/vms?async=true', createBody({name: 'halted', stream_id: Number(halted)}));
    expect(status).toBe(400);
    expect(body).toEqual({detail: 'invalid stream: stream halted'});
  });

  it('validates the body with FastAPI-shaped 422s (reference §4.4)', async () => {
    const issues = async (body: unknown) => {
      const response = await net.api('POST', '/vms?async=true', body);
      expect(response.status).toBe(422);
      return response.body.detail as {type: string; loc: unknown[]; msg: string; input?: unknown}[];
    };
    expect(await issues(createBody({name: 'UPPER'}))).toEqual([
      expect.objectContaining({type: 'string_pattern_mismatch', loc: ['body', 'name'], input: 'UPPER'}),
    ]);
    expect(await issues(createBody({name: 'ab'}))).toEqual([
      expect.objectContaining({type: 'string_too_short', loc: ['body', 'name']}),
    ]);
    expect((await issues(createBody({name: 'a--b'})))[0]).toMatchObject({
      type: 'value_error',
      msg: 'Value error, name must not contain consecutive hyphens',
    });
    expect((await issues(createBody({name: 'jobs'})))[0]).toMatchObject({msg: "Value error, name 'jobs' is reserved"});
    expect(await issues(createBody({resources: {cpu: 3, memory: 3, storage: 5}}))).toEqual([
      {type: 'value_error', loc: ['body', 'resources', 'cpu'], msg: 'Value error, CPU cores must be 1, 2, 4, 8, or 16', input: 3},
      {type: 'value_error', loc: ['body', 'resources', 'memory'], msg: 'Value error, Memory must be 1, 2, 4, 8, 16, 32, or 64 GB', input: 3},
      {
        type: 'value_error',
        loc: ['body', 'resources', 'storage'],
        msg: 'Value error, Invalid resource configuration: storage must be at least 10 GB',
        input: 5,
      },
    ]);
    expect((await issues(createBody({ssh_key: 'ecdsa-sha2-nistp256 AAAAE2VjZHNh'})))[0]).toMatchObject({
      type: 'string_pattern_mismatch',
      loc: ['body', 'ssh_key'],
    });
    expect((await issues(createBody({ssh_key: 'ssh-ed25519 AAAAjunk'})))[0]).toMatchObject({
      msg: 'Value error, ssh_key is not a valid OpenSSH public key',
    });
    expect(await issues(createBody({name: undefined, ssh_key: undefined}))).toEqual([
      {type: 'missing', loc: ['body', 'name'], msg: 'Field required'},
      {type: 'missing', loc: ['body', 'ssh_key'], msg: 'Field required'},
    ]);
    expect(await issues(undefined)).toEqual([{type: 'missing', loc: ['body'], msg: 'Field required'}]);
  });

  it('creates a VM asynchronously: 202, job → ready, access 202 then 200, and SSH works with the key', async () => {
    const created = await net.api('POST', '/vms?async=true', createBody());
    expect(created.status).toBe(202);
    expect(created.body).toEqual({job_id: expect.stringMatching(/^[0-9a-f-]{36}$/), vm_id: 'vm-one', status: 'creating'});

    const early = await net.api('GET', '/vms/vm-one/access');
    expect(early.status).toBe(202);
    expect(early.body).toEqual({
      vm_id: 'vm-one',
      multipass_name: expect.stringMatching(/^golem-[0-9a-f-]{36}$/),
      status: 'creating',
      ssh_port: null,
    });
    expect((await net.api('GET', '/vms/vm-one')).body).toMatchObject({status: 'creating', ssh_port: null, ip_address: null});
    // Allocation shows in the advert right away.
    const advert = (await (await fetch(`${net.discovery.url}/api/v1/advertisements/${net.provider.providerId}`)).json()) as any;
    expect(advert.resources).toEqual({cpu: 2, memory: 4, storage: 60});

    const job = await net.waitForJob(created.body.job_id);
    expect(job).toMatchObject({job_id: created.body.job_id, vm_id: 'vm-one', status: 'ready', error: null});
    expect(job).toHaveProperty('created_at', expect.stringMatching(/\+00:00$/));

    const access = await net.api('GET', '/vms/vm-one/access');
    expect(access.status).toBe(200);
    expect(access.body).toEqual({
      ssh_host: '127.0.0.1',
      ssh_port: expect.any(Number),
      vm_id: 'vm-one',
      multipass_name: early.body.multipass_name,
    });
    const info = await net.api('GET', '/vms/vm-one');
    expect(info.body).toMatchObject({
      id: 'vm-one',
      name: 'vm-one',
      status: 'running',
      resources: {cpu: 2, memory: 4, storage: 20},
      ip_address: '127.0.0.1',
      ssh_port: access.body.ssh_port,
      error_message: null,
    });
    expect((await net.api('GET', '/vms')).body).toEqual([info.body]);

    const client = await connectSsh(access.body.ssh_port, userKey.private, 'ubuntu');
    try {
      expect(await execSsh(client, 'echo "hello from $(basename "$PWD")"; exit 42')).toEqual({
        stdout: 'hello from vm-one\n',
        stderr: '',
        code: 42,
        signal: null,
      });
      const shell = await openShell(client, {term: 'xterm-256color', cols: 101, rows: 31});
      shell.channel.write('echo "width=$(tput cols)"\n');
      await shell.waitFor(/width=101\r\n/);
      shell.channel.setWindow(25, 77, 0, 0);
      shell.channel.write('echo "width=$(tput cols)"\n');
      await shell.waitFor(/width=77\r\n/);
      shell.channel.write('exit\n');
      await shell.closed;
    } finally {
      client.end();
    }
    await expect(connectSsh(access.body.ssh_port, otherKey.private)).rejects.toMatchObject({
      level: 'client-authentication',
    });
  });

  it('refuses a second VM with the same name (409) and keeps the first', async () => {
    const {status, body} = await net.api('POST', '/vms?async=true', createBody());
    expect(status).toBe(409);
    expect(body).toEqual({detail: 'VM vm-one already exists'});
    expect((await net.api('GET', '/vms/vm-one')).body.status).toBe('running');
  });

  it('reports the stream with wei values as exact JSON numbers', async () => {
    const {status, text, body} = await net.api('GET', '/vms/vm-one/stream');
    expect(status).toBe(200);
    const deposit = FIXTURE_RATE_WEI * 3600n;
    expect(deposit > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(text).toContain(`"deposit":${deposit},`);
    expect(text).toContain(`"ratePerSecond":${FIXTURE_RATE_WEI},`);
    expect(body).toMatchObject({
      vm_id: 'vm-one',
      stream_id: Number(streamId),
      chain: {
        token: zeroAddress,
        sender: net.anvil.accounts[1]!.address,
        recipient: net.provider.providerId,
        withdrawn: 0,
        halted: false,
      },
      verified: true,
      reason: 'ok',
    });
    const {startTime, stopTime} = body.chain as {startTime: number; stopTime: number};
    expect(stopTime - startTime).toBe(3600);
    const now = body.computed.now as number;
    expect(body.computed.remaining_seconds).toBe(stopTime - now);
    const vested = BigInt(now - startTime) * FIXTURE_RATE_WEI;
    expect(text).toMatch(new RegExp(`"vested_wei":${vested},"withdrawable_wei":${vested}}`));

    const all = await net.api('GET', '/payments/streams');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(1);
    expect(all.text).toContain(`"deposit":${deposit},`);
    expect(await net.api('GET', '/vms/nope/stream')).toMatchObject({status: 404, body: {detail: 'no stream mapped for this VM'}});
  });

  it('summarises capacity and VMs', async () => {
    const {body} = await net.api('GET', '/summary');
    expect(body).toMatchObject({
      status: 'running',
      resources: {total: {cpu: 4, memory: 8, storage: 80}, available: {cpu: 2, memory: 4, storage: 60}},
      pricing: {usd_per_core_month: '5', glm_per_core_month: null},
      vms: [{id: 'vm-one', status: 'running', ssh_port: expect.any(Number), resources: {cpu: 2, memory: 4, storage: 20}}],
    });
  });

  it('fails the job with "Insufficient resources available on provider" when capacity is exceeded', async () => {
    const created = await net.api('POST', '/vms?async=true', createBody({name: 'too-big', resources: {cpu: 4, memory: 4, storage: 20}}));
    expect(created.status).toBe(202);
    expect(await net.waitForJob(created.body.job_id)).toMatchObject({
      status: 'failed',
      error: 'Insufficient resources available on provider',
    });
    expect((await net.api('GET', '/vms/too-big')).status).toBe(404);
    const sync = await net.api('POST', '/vms', createBody({name: 'too-big', resources: {cpu: 4, memory: 4, storage: 20}}));
    expect(sync).toMatchObject({status: 500, body: {detail: 'Insufficient resources available on provider'}});
  });

  it('creates synchronously without ?async (200 VMInfo once running), and answers unknown names and paths', async () => {
    const {status, body} = await net.api('POST', '/vms', createBody({name: 'vm-sync', resources: undefined}));
    expect(status).toBe(200);
    expect(body).toMatchObject({name: 'vm-sync', status: 'running', resources: {cpu: 1, memory: 1, storage: 10}});
    expect(body.ssh_port).toEqual(expect.any(Number));
    expect(await net.api('DELETE', '/vms/vm-sync')).toMatchObject({status: 200, text: 'null'});

    expect(await net.api('GET', '/vms/ghost')).toMatchObject({status: 404, body: {detail: 'VM ghost not found'}});
    expect((await net.api('GET', '/vms/ghost/access')).status).toBe(404);
    expect(await net.api('GET', '/vms/jobs/0000')).toMatchObject({status: 404, body: {detail: 'job not found'}});
    expect(await net.api('GET', '/nothing')).toMatchObject({status: 404, body: {detail: 'Not Found'}});
  });
});
