/**
 * `refreshVms` with an absolute deadline (issue 16 §3: `vm list` counts its own start-up against the 2 s it gives
 * providers): a caller whose budget is already spent still gives providers the minimum time, so a healthy provider is
 * asked and confirms its VM while a silent one leaves its VM unreachable.
 */
import {once} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../source/adapters/db/database.js';
import {loadConfig} from '../../../source/config/settings.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {refreshVms} from '../../../source/services/vms/refresh-vms.js';

let baseDir: string;
let ctx: ServiceContext;
const servers: Server[] = [];

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as {port: number}).port;
}

function addVm(name: string, providerPort: number) {
  ctx.db.repositories.vms.upsert({name, vmId: name, providerId: `0x${'ab'.repeat(20)}`, providerIp: '127.0.0.1', providerPort, resources: {cpu: 1, memory: 1, storage: 10}, sshHost: '127.0.0.1', sshPort: 2222, streamId: null, status: 'stopped'});
}

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-refresh-deadline-'));
  const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'});
  ctx = createServiceContext(config, {db: openDatabase(config.paths.dbPath)});
  const healthy = await listen(
    createServer((request, response) => {
      response.writeHead(request.url === '/api/v1/vms' ? 200 : 404, {'content-type': 'application/json'});
      response.end(JSON.stringify(request.url === '/api/v1/vms' ? [{id: 'up', name: 'up', status: 'running', resources: {cpu: 1, memory: 1, storage: 10}, ssh_port: 2222}] : {detail: 'Not Found'}));
    }),
  );
  const silent = await listen(createServer(() => {}));
  addVm('up', healthy);
  addVm('hung', silent);
});

afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  ctx.db.close();
  rmSync(baseDir, {recursive: true, force: true});
});

describe('refreshVms with an absolute deadline', () => {
  it('still asks providers when the deadline has passed: the healthy one confirms its VM, the silent one leaves it unreachable', async () => {
    const vms = await refreshVms(ctx, {deadlineAt: Date.now() - 10_000});
    const byName = new Map(vms.map((vm) => [vm.name, vm]));
    expect(byName.get('up')).toMatchObject({status: 'running', unreachableSince: null});
    expect(byName.get('up')!.confirmedAt).toEqual(expect.any(String));
    expect(byName.get('hung')).toMatchObject({status: 'stopped', confirmedAt: null});
    expect(byName.get('hung')!.unreachableSince).toEqual(expect.any(String));
  }, 30_000);
});
