import {once} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../source/adapters/db/database.js';
import {vmListCommand} from '../../../source/commands/vm-list.js';
import {loadConfig} from '../../../source/config/settings.js';
import {makeTestIo} from '../../helpers/command-io.js';

const CONFIRMED_AT = '2026-12-01T10:00:00.000Z';

/** A server on 127.0.0.1 that accepts connections and never answers: a hung provider, a hung RPC endpoint. */
async function silentServer(): Promise<{server: Server; port: number}> {
  const server = createServer(() => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {server, port: (server.address() as {port: number}).port};
}

let baseDir: string;
let env: NodeJS.ProcessEnv;
let provider: Awaited<ReturnType<typeof silentServer>>;
let rpc: Awaited<ReturnType<typeof silentServer>>;

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-vm-list-'));
  provider = await silentServer();
  rpc = await silentServer();
  env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'l2.holesky', GOLEM_REQUESTOR_L2_RPC_URL: `http://127.0.0.1:${rpc.port}`};
  const database = openDatabase(loadConfig(env).paths.dbPath);
  database.repositories.vms.upsert({
    name: 'web-1',
    vmId: 'web-1',
    providerId: `0x${'2'.repeat(40)}`,
    providerIp: '127.0.0.1',
    providerPort: provider.port,
    resources: {cpu: 1, memory: 1, storage: 10},
    sshHost: '127.0.0.1',
    sshPort: 2222,
    streamId: null,
    status: 'running',
    confirmedAt: CONFIRMED_AT,
  });
  database.close();
});

afterAll(() => {
  for (const {server} of [provider, rpc]) {
    server.closeAllConnections();
    server.close();
  }
  rmSync(baseDir, {recursive: true, force: true});
});

describe('golem vm list (provider and chain both hung)', () => {
  it('lists the VM as unreachable with its last confirmed time, and leaves the cost unknown instead of waiting for the chain', async () => {
    const test = makeTestIo({env});
    const code = await vmListCommand.run(test.io, {args: [], rest: [], flags: {json: true, local: false}});
    expect(code).toBe(0);
    const [vm] = (JSON.parse(test.stdout()) as {vms: Record<string, unknown>[]}).vms;
    expect(vm).toMatchObject({name: 'web-1', status: 'unreachable', last_confirmed_status: 'running', confirmed_at: CONFIRMED_AT});
    expect(vm!['unreachable_since']).toEqual(expect.any(String));
    expect(vm).not.toHaveProperty('cost_so_far_wei');
    expect(test.stderr()).toContain('Cost so far unknown: the chain did not answer within 2 s');
  });

  it('--local asks neither the provider nor the chain', async () => {
    const test = makeTestIo({env});
    const code = await vmListCommand.run(test.io, {args: [], rest: [], flags: {json: true, local: true}});
    expect(code).toBe(0);
    expect((JSON.parse(test.stdout()) as {vms: {name: string}[]}).vms.map((vm) => vm.name)).toEqual(['web-1']);
    expect(test.stderr()).toBe('');
  });
});
