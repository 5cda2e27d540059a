/**
 * Truth from the provider (issue 6 item 2): a real local HTTP server plays the provider's API, a real ssh2 server
 * plays the VM, and the services run over a real SQLite file.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {createServer as createTcpServer} from 'node:net';
import {once} from 'node:events';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../source/adapters/db/database.js';
import {loadConfig} from '../../../source/config/settings.js';
import {ProviderError, SshConnectError} from '../../../source/errors.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {hostKeyAliasOf} from '../../../source/services/ssh-access/rental-alias.js';
import {createKnownHosts} from '../../../source/adapters/ssh/known-hosts.js';
import {generateEd25519KeyPair} from '../../../source/adapters/ssh/generate-key.js';
import {destroyVm} from '../../../source/services/vms/destroy-vm.js';
import {refreshVms} from '../../../source/services/vms/refresh-vms.js';
import {withSshTarget} from '../../../source/services/vms/ssh-target.js';
import {startTestSshServer, type TestSshServer} from '../../helpers/ssh-server.js';

type Route = (path: string) => {status: number; body: unknown} | undefined;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A provider API on 127.0.0.1 answering from `route`; 404 `{"detail":"Not Found"}` for anything else. */
async function startProvider(route: Route): Promise<number> {
  const server: Server = createServer((request, response) => {
    const answer = route(request.url ?? '') ?? {status: 404, body: {detail: 'Not Found'}};
    response.writeHead(answer.status, {'content-type': 'application/json'});
    response.end(JSON.stringify(answer.body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as {port: number}).port;
}

/** A TCP port on 127.0.0.1 that refuses connections (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const {port} = server.address() as {port: number};
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function context(): ServiceContext {
  const baseDir = mkdtempSync(join(tmpdir(), 'golem-vm-truth-'));
  const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'});
  const db = openDatabase(config.paths.dbPath);
  cleanups.push(() => {
    db.close();
    rmSync(baseDir, {recursive: true, force: true});
  });
  return createServiceContext(config, {db});
}

function addVm(ctx: ServiceContext, name: string, providerPort: number, sshPort: number | null, status: 'running' | 'stopped' = 'running') {
  ctx.db.repositories.vms.upsert({
    name,
    vmId: name,
    providerId: `0x${'ab'.repeat(20)}`,
    providerIp: '127.0.0.1',
    providerPort,
    resources: {cpu: 1, memory: 1, storage: 10},
    sshHost: sshPort === null ? null : '127.0.0.1',
    sshPort,
    streamId: null,
    status,
  });
}

const vmInfo = (name: string, status: string) => ({id: name, name, status, resources: {cpu: 1, memory: 1, storage: 10}, ssh_port: 50_800});

describe('VM status from the provider', () => {
  it('shows VMs the provider deleted (status deleted, or 404) as deleted; an unreachable provider changes nothing', async () => {
    const ctx = context();
    const port = await startProvider((path) => {
      if (path === '/api/v1/vms/ran-out') return {status: 200, body: vmInfo('ran-out', 'deleted')};
      if (path === '/api/v1/vms/stopped-there') return {status: 200, body: vmInfo('stopped-there', 'STOPPED')};
      if (path === '/api/v1/vms/alive') return {status: 200, body: vmInfo('alive', 'running')};
      return undefined; // 'restarted': the provider forgot it (404)
    });
    addVm(ctx, 'ran-out', port, 50_800);
    addVm(ctx, 'restarted', port, 50_801);
    addVm(ctx, 'stopped-there', port, 50_802);
    addVm(ctx, 'alive', port, 50_803);
    addVm(ctx, 'offline', await closedPort(), 50_804);

    const vms = await refreshVms(ctx);
    const statuses = Object.fromEntries(vms.map((vm) => [vm.name, vm.status]));
    expect(statuses).toEqual({
      'ran-out': 'deleted',
      restarted: 'deleted',
      'stopped-there': 'stopped',
      alive: 'running',
      offline: 'running',
    });
  }, 30_000);
});

describe('SSH access refreshed when a connection fails', () => {
  let sshServer: TestSshServer | undefined;
  afterEach(async () => {
    await sshServer?.close();
    sshServer = undefined;
  });

  const sink = () => {
    let text = '';
    return {
      stream: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          text += chunk.toString();
          callback();
        },
      }),
      text: () => text,
    };
  };

  it('reads the new port from the provider once, stores it and connects there', async () => {
    const ctx = context();
    const key = await ctx.sshKeys.resolveKeyPair();
    sshServer = await startTestSshServer({authorizedKey: key.publicKey});
    const newPort = sshServer.port;
    let accessReads = 0;
    const providerPort = await startProvider((path) => {
      if (path !== '/api/v1/vms/web-1/access') return undefined;
      accessReads++;
      return {status: 200, body: {ssh_host: 'localhost', ssh_port: newPort, vm_id: 'web-1'}};
    });
    const oldPort = await closedPort();
    addVm(ctx, 'web-1', providerPort, oldPort);

    const stdout = sink();
    const stderr = sink();
    const ports: number[] = [];
    const result = await withSshTarget(ctx, 'web-1', (target) => {
      ports.push(target.port);
      return ctx.ssh.exec(target, 'echo hi', {stdout: stdout.stream, stderr: stderr.stream});
    });
    expect(result.exitCode).toBe(0);
    expect(ports).toEqual([oldPort, newPort]);
    expect(accessReads).toBe(1);
    const stored = ctx.db.repositories.vms.require('web-1');
    expect({host: stored.sshHost, port: stored.sshPort}).toEqual({host: '127.0.0.1', port: newPort});
  }, 30_000);

  it('throws the connection error when the provider reports the same port, and marks a VM it forgot as deleted', async () => {
    const ctx = context();
    const samePort = await closedPort();
    const providerPort = await startProvider((path) =>
      path === '/api/v1/vms/same/access' ? {status: 200, body: {ssh_host: '127.0.0.1', ssh_port: samePort}} : undefined,
    );
    addVm(ctx, 'same', providerPort, samePort);
    addVm(ctx, 'forgotten', providerPort, samePort);
    const output = {stdout: sink().stream, stderr: sink().stream};

    const first = await withSshTarget(ctx, 'same', (target) => ctx.ssh.exec(target, 'true', output)).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(SshConnectError);
    expect((first as SshConnectError).isBeforeSession).toBe(true);

    const second = await withSshTarget(ctx, 'forgotten', (target) => ctx.ssh.exec(target, 'true', output)).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(ProviderError);
    expect(ctx.db.repositories.vms.require('forgotten').status).toBe('deleted');
  }, 30_000);
});

describe('issue 11: a provider fault is not a fact', () => {
  it('a transient 500 on /access does not mark a live VM deleted (the provider still lists it)', async () => {
    const ctx = context();
    const providerPort = await startProvider((path) => {
      if (path === '/api/v1/vms/live/access') return {status: 500, body: {detail: 'An unexpected error occurred'}};
      if (path === '/api/v1/vms/live') return {status: 200, body: vmInfo('live', 'running')};
      return undefined;
    });
    addVm(ctx, 'live', providerPort, await closedPort());
    const output = {stdout: new Writable({write: (_c, _e, done) => done()}), stderr: new Writable({write: (_c, _e, done) => done()})};

    const failure = await withSshTarget(ctx, 'live', (target) => ctx.ssh.exec(target, 'true', output)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SshConnectError);
    expect(ctx.db.repositories.vms.require('live')).toMatchObject({status: 'running', confirmedAt: expect.any(String), unreachableSince: null});
  }, 30_000);

  it('a single 404 from a provider that answers nothing else is not yet "deleted"; a second one is', async () => {
    const ctx = context();
    const port = await startProvider(() => undefined);
    addVm(ctx, 'lonely', port, 50_810);
    expect((await refreshVms(ctx))[0]).toMatchObject({status: 'running', notFoundAt: expect.any(String)});
    expect((await refreshVms(ctx))[0]).toMatchObject({status: 'deleted', notFoundAt: null, confirmedAt: expect.any(String)});
  }, 30_000);

  it('vm list does not wait for a provider that never answers: one request, then unreachable with the last-seen state', async () => {
    const ctx = context();
    const seen: string[] = [];
    const silent = createServer((request) => {
      seen.push(request.url ?? '');
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanups.push(() => {
      silent.closeAllConnections();
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    addVm(ctx, 'hung', (silent.address() as {port: number}).port, 50_820);
    addVm(ctx, 'hung-2', (silent.address() as {port: number}).port, 50_821);

    const vms = await refreshVms(ctx, {deadlineMs: 300});
    expect(vms.map((vm) => [vm.name, vm.status, typeof vm.unreachableSince])).toEqual([
      ['hung', 'running', 'string'],
      ['hung-2', 'running', 'string'],
    ]);
    // Both VMs of the provider were asked about with one request (GET /vms), cut at the deadline, never retried.
    expect(seen).toEqual(['/api/v1/vms']);
  }, 30_000);
});

describe('host-key pins', () => {
  it('destroying a VM drops its rental pin and keeps the other rentals’ pins', async () => {
    const ctx = context();
    const providerPort = await startProvider((path) => (path === '/api/v1/vms/gone' ? {status: 200, body: null} : undefined));
    addVm(ctx, 'gone', providerPort, 50_900);
    const alias = hostKeyAliasOf(ctx.db.repositories.vms.require('gone'));
    const knownHosts = createKnownHosts(ctx.config.paths.knownHostsPath);
    const blob = () => Buffer.from(generateEd25519KeyPair().public.split(' ')[1]!, 'base64');
    knownHosts.verify(alias, blob());
    knownHosts.verify('golem.other.00000001', blob());

    await destroyVm(ctx, 'gone');
    expect(knownHosts.fingerprints(alias)).toEqual([]);
    expect(knownHosts.fingerprints('golem.other.00000001')).toHaveLength(1);
    expect(ctx.db.repositories.vms.list()).toEqual([]);
  }, 30_000);
});
