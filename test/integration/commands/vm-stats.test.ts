import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../source/adapters/db/database.js';
import {createSshClient} from '../../../source/adapters/ssh/ssh-client.js';
import {createSshKeyStore} from '../../../source/adapters/ssh/key-store.js';
import {collectStats, vmStatsCommand, type StatsSample} from '../../../source/commands/vm-stats.js';
import {loadConfig} from '../../../source/config/settings.js';
import type {SshTarget} from '../../../source/services/ports.js';
import {makeTestIo} from '../../helpers/command-io.js';
import {startTestSshServer, type TestSshServer} from '../../helpers/ssh-server.js';

let baseDir: string;
let env: NodeJS.ProcessEnv;
let server: TestSshServer;
let target: SshTarget;

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-stats-'));
  env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'l2.holesky'};
  const config = loadConfig(env);
  // golem's own key (generated on first use), which the "VM" accepts — as a provider's cloud-init would.
  const key = await createSshKeyStore({sshKeyDir: config.paths.sshKeyDir, sshKeyPath: null}).resolveKeyPair();
  server = await startTestSshServer({authorizedKey: key.publicKey});
  target = {host: server.host, port: server.port, username: 'ubuntu', key, hostKeyAlias: 'golem.web-1.5a7b0001'};
  const database = openDatabase(config.paths.dbPath);
  database.repositories.vms.upsert({
    name: 'web-1',
    vmId: 'web-1',
    providerId: `0x${'2'.repeat(40)}`,
    providerIp: '127.0.0.1',
    providerPort: 1,
    resources: {cpu: 1, memory: 1, storage: 10},
    sshHost: server.host,
    sshPort: server.port,
    streamId: null,
    status: 'running',
  });
  database.close();
});

afterAll(async () => {
  await server.close();
  rmSync(baseDir, {recursive: true, force: true});
});

describe('golem vm stats (real SSH)', () => {
  it('--json prints one sample with CPU %, memory and disk of the VM', async () => {
    const test = makeTestIo({env});
    const code = await vmStatsCommand.run(test.io, {args: ['web-1'], rest: [], flags: {interval: 2, once: false, json: true}});
    expect(code).toBe(0);
    const sample = JSON.parse(test.stdout()) as {
      name: string;
      cpu_percent: number;
      memory: {used_bytes: number; total_bytes: number};
      disk: {used_bytes: number; total_bytes: number};
    };
    expect(sample.name).toBe('web-1');
    expect(sample.cpu_percent).toBeGreaterThanOrEqual(0);
    expect(sample.cpu_percent).toBeLessThanOrEqual(100);
    expect(sample.memory.total_bytes).toBeGreaterThan(sample.memory.used_bytes);
    expect(sample.disk.total_bytes).toBeGreaterThanOrEqual(sample.disk.used_bytes);
    expect(sample.disk.total_bytes).toBeGreaterThan(0);
    // One connection, one remote command.
    expect(server.execCommands).toHaveLength(1);
  });

  it('--once prints the sample for people', async () => {
    const test = makeTestIo({env});
    expect(await vmStatsCommand.run(test.io, {args: ['web-1'], rest: [], flags: {interval: 2, once: true, json: false}})).toBe(0);
    expect(test.stdout()).toMatch(/CPU {4}: \d+\.\d%/);
    expect(test.stdout()).toMatch(/Memory : [\d.]+ [MG]iB \/ [\d.]+ [MG]iB/);
    expect(test.stdout()).toMatch(/Disk {3}: [\d.]+ [MG]iB \/ [\d.]+ [MG]iB/);
  });

  it('keeps sampling over a single exec at the interval', async () => {
    const client = createSshClient({knownHostsPath: join(baseDir, 'stats-known-hosts'), connectTimeoutMs: 10_000});
    const before = server.execCommands.length;
    const samples: StatsSample[] = [];
    const started = Date.now();
    const received = await collectStats((command, output) => client.exec(target, command, output), {
      samples: 3,
      intervalSeconds: 1,
      onSample: (sample) => samples.push(sample),
    });
    expect(received).toBe(3);
    expect(server.execCommands.length - before).toBe(1);
    expect(samples[0]!.cpuPercent).toBeNull();
    expect(samples.slice(1).every((sample) => sample.cpuPercent !== null)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('an unknown VM and a bad --interval are refused', async () => {
    const test = makeTestIo({env});
    await expect(vmStatsCommand.run(test.io, {args: ['nope'], rest: [], flags: {interval: 2, once: true, json: false}})).rejects.toThrow(/nope/);
    await expect(vmStatsCommand.run(test.io, {args: ['web-1'], rest: [], flags: {interval: 0, once: true, json: false}})).rejects.toThrow(
      /--interval/,
    );
  });
});
