import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startProviderServer} from '../../../source/devnet/provider-server.js';
import {connectSsh, execSsh, openShell} from './ssh-probe.js';
import {eventually, startProviderFixture, type ProviderFixture} from './provider-fixture.js';
import {generateEd25519KeyPair} from '../../../source/adapters/ssh/generate-key.js';


describe('devnet provider VM lifecycle and stream monitor', () => {
  const userKey = generateEd25519KeyPair();
  let net: ProviderFixture;

  const advert = async () =>
    (await (await fetch(`${net.discovery.url}/api/v1/advertisements/${net.provider.providerId}`)).json()) as {
      resources: {cpu: number; memory: number; storage: number};
      updated_at: string;
    };

  /** Creates `name` on a fresh stream and waits until its SSH port answers; returns the stream id and port. */
  const createRunningVm = async (name: string) => {
    const streamId = await net.createStream(net.provider.providerId);
    const created = await net.api('POST', '/vms?async=true', {
      name,
      resources: {cpu: 1, memory: 1, storage: 10},
      ssh_key: userKey.public,
      stream_id: Number(streamId),
    });
    expect(created.status).toBe(202);
    expect((await net.waitForJob(created.body.job_id)).status).toBe('ready');
    const access = await net.api('GET', `/vms/${name}/access`);
    expect(access.status).toBe(200);
    return {streamId, port: access.body.ssh_port as number};
  };

  beforeAll(async () => {
    net = await startProviderFixture({monitorIntervalMs: 200, provisioningDelayMs: 100, advertIntervalMs: 300});
  });
  afterAll(async () => {
    await net?.close();
  });

  it('re-posts its advert periodically', async () => {
    const first = (await advert()).updated_at;
    await eventually(async () => (await advert()).updated_at !== first, 5_000, 'a fresh advert');
  });

  it('stops a VM (sandbox closed, access 202) and starts it again on the same directory', async () => {
    const {port} = await createRunningVm('life');
    const client = await connectSsh(port, userKey.private);
    expect((await execSsh(client, 'echo kept > note.txt')).code).toBe(0);
    client.end();

    const stopped = await net.api('POST', '/vms/life/stop');
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({name: 'life', status: 'stopped', ssh_port: null, ip_address: null});
    await expect(connectSsh(port, userKey.private)).rejects.toThrow(/ECONNREFUSED/);
    expect(await net.api('GET', '/vms/life/access')).toMatchObject({
      status: 202,
      body: {vm_id: 'life', status: 'stopped', ssh_port: null},
    });
    // Stopped VMs keep their resources, as a stopped multipass VM keeps its disk.
    expect((await advert()).resources.cpu).toBe(3);
    expect((await net.api('POST', '/vms/life/stop')).body.status).toBe('stopped');

    const started = await net.api('POST', '/vms/life/start');
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({status: 'running', ssh_port: expect.any(Number)});
    const access = await net.api('GET', '/vms/life/access');
    expect(access.status).toBe(200);
    expect(access.body.ssh_port).toBe(started.body.ssh_port);
    const again = await connectSsh(access.body.ssh_port, userKey.private);
    expect((await execSsh(again, 'cat note.txt')).stdout).toBe('kept\n');
    again.end();
  });

  it('deletes a VM (200 null, also for unknown names) and frees its resources', async () => {
    const deleted = await net.api('DELETE', '/vms/life');
    expect(deleted).toMatchObject({status: 200, text: 'null'});
    expect((await net.api('GET', '/vms/life')).status).toBe(404);
    expect((await net.api('DELETE', '/vms/life')).text).toBe('null');
    expect(await net.api('POST', '/vms/life/stop')).toMatchObject({status: 404, body: {detail: 'VM life not found'}});
    await eventually(async () => (await advert()).resources.cpu === 4, 5_000, 'the advert to show freed resources');
  });

  it('monitor stops a VM whose stream is terminated, and start then refuses it (400)', async () => {
    const {streamId, port} = await createRunningVm('doomed');
    const client = await connectSsh(port, userKey.private);
    client.on('error', () => {});
    const shell = await openShell(client, {term: 'xterm', cols: 80, rows: 24});
    shell.channel.write('echo up-$((2+2))\n');
    await shell.waitFor(/up-4/);

    await net.terminate(streamId);
    await eventually(async () => (await net.api('GET', '/vms/doomed')).body.status === 'stopped', 10_000, 'the monitor');
    await shell.closed; // the session ended with the sandbox
    client.end();
    expect(net.logs.some((line) => line.includes('vm doomed stopped') && line.includes('stream terminated'))).toBe(true);

    const start = await net.api('POST', '/vms/doomed/start');
    expect(start).toMatchObject({status: 400, body: {detail: 'invalid stream: stream terminated'}});
    const stream = await net.api('GET', '/vms/doomed/stream');
    expect(stream.body).toMatchObject({verified: false, reason: 'recipient mismatch', chain: {recipient: '0x0000000000000000000000000000000000000000'}});
  });

  it('monitor stops a VM whose stream is halted by the oracle', async () => {
    const {streamId} = await createRunningVm('halted-vm');
    await net.halt(streamId);
    await eventually(async () => (await net.api('GET', '/vms/halted-vm')).body.status === 'stopped', 10_000, 'the monitor');
    expect(await net.api('POST', '/vms/halted-vm/start')).toMatchObject({
      status: 400,
      body: {detail: 'invalid stream: stream halted'},
    });
  });

  it('leaves a VM with a paying stream running', async () => {
    await createRunningVm('paid');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await net.api('GET', '/vms/paid')).body.status).toBe('running');
  });

  it('withdraws its advert while fully allocated and re-posts it once resources free up', async () => {
    const advertStatus = async () =>
      (await fetch(`${net.discovery.url}/api/v1/advertisements/${net.provider.providerId}`)).status;
    expect((await advert()).resources.cpu).toBe(1);
    await createRunningVm('filler');
    await eventually(async () => (await advertStatus()) === 404, 5_000, 'the advert to be withdrawn');
    await net.api('DELETE', '/vms/filler');
    await eventually(async () => (await advertStatus()) === 200, 5_000, 'the advert to return');
    expect((await advert()).resources.cpu).toBe(1);
  });

  it('monitor stops running VMs when their stream cannot be read (RPC down)', async () => {
    expect((await net.api('GET', '/vms/paid')).body.status).toBe('running');
    await net.anvil.stop();
    await eventually(async () => (await net.api('GET', '/vms/paid')).body.status === 'stopped', 15_000, 'the monitor');
    expect(net.logs.some((line) => line.includes('vm paid stopped') && line.includes('stream lookup failed'))).toBe(true);
    const start = await net.api('POST', '/vms/paid/start');
    expect(start.status).toBe(400);
    expect(start.body.detail).toMatch(/^invalid stream: stream lookup failed: /);
  });
});

describe('devnet provider without its neighbours', () => {
  it('starts and answers although discovery and the RPC are unreachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golem-provider-alone-'));
    const logs: string[] = [];
    const provider = await startProviderServer({
      rpcUrl: 'http://127.0.0.1:1',
      chainId: 31337,
      streamPaymentAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      discoveryUrl: 'http://127.0.0.1:1',
      name: 'alone',
      country: 'PL',
      resources: {cpu: 2, memory: 2, storage: 20},
      pricing: {usdPerCoreMonth: '1', usdPerGbRamMonth: '1', usdPerGbStorageMonth: '0.1'},
      stateDir: dir,
      onLog: (line) => logs.push(line),
    });
    try {
      expect(logs.some((line) => line.includes('advert to http://127.0.0.1:1 failed'))).toBe(true);
      const response = await fetch(`${provider.url}/api/v1/vms?async=true`, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({name: 'lonely', resources: {cpu: 1, memory: 1, storage: 10}, ssh_key: generateEd25519KeyPair().public, stream_id: 1}),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as {detail: string}).detail).toMatch(/^invalid stream: stream lookup failed: /);
    } finally {
      await provider.close();
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
