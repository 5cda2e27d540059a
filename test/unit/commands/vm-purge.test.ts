import {mkdtempSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../source/adapters/db/database.js';
import {vmPurgeCommand} from '../../../source/commands/vm-purge.js';
import {runCommand} from '../../../source/commands/report-error.js';
import {loadConfig} from '../../../source/config/settings.js';
import {makeTestIo} from '../../helpers/command-io.js';

const ANVIL_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

/** A loopback port nothing listens on (connections are refused at once). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let baseDir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-purge-'));
  const deadPort = await closedPort();
  env = {
    GOLEM_REQUESTOR_BASE_DIR: baseDir,
    GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'l2.holesky',
    // The chain cannot be reached: a VM with a stream cannot be destroyed (its stream cannot be ended).
    GOLEM_REQUESTOR_L2_RPC_URL: `http://127.0.0.1:${deadPort}`,
    GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: ANVIL_KEY,
    GOLEM_REQUESTOR_PROVIDER_TIMEOUT_MS: '2000',
  };
  const database = openDatabase(loadConfig(env).paths.dbPath);
  // Providers at a dead port: unreachable. Only `b-funded` has a stream.
  for (const [name, streamId] of [['a-free', null], ['b-funded', 7n], ['c-free', null]] as const) {
    database.repositories.vms.upsert({
      name,
      vmId: `${name}-id`,
      providerId: `0x${'1'.repeat(40)}`,
      providerIp: '127.0.0.1',
      providerPort: deadPort,
      resources: {cpu: 1, memory: 1, storage: 10},
      sshHost: null,
      sshPort: null,
      streamId,
      status: 'running',
    });
  }
  database.close();
});

afterEach(() => {
  rmSync(baseDir, {recursive: true, force: true});
});

function remainingVms(): string[] {
  const database = openDatabase(loadConfig(env).paths.dbPath);
  try {
    return database.repositories.vms.list().map((vm) => vm.name);
  } finally {
    database.close();
  }
}

async function purge(flags: {force?: boolean; yes?: boolean; json?: boolean}, isTty = false) {
  const test = makeTestIo({env, isTty});
  const code = await runCommand(vmPurgeCommand, test.io, {args: [], rest: [], flags: {force: false, yes: false, json: false, ...flags}});
  return {code, stdout: test.stdout(), stderr: test.stderr(), stdin: test.stdin};
}

describe('golem vm purge', () => {
  it('refuses without --yes when stdin is not a terminal (usage error), touching nothing', async () => {
    const {code, stderr} = await purge({});
    expect(code).toBe(2);
    expect(stderr).toContain('--yes');
    expect(remainingVms()).toEqual(['a-free', 'b-funded', 'c-free']);
  });

  it('stops at the first VM that cannot be destroyed; unreachable providers are reported as left there', async () => {
    const {code, stdout} = await purge({yes: true, json: true});
    expect(code).toBe(1);
    const summary = JSON.parse(stdout) as {
      purged: Array<{name: string; left_on_provider: boolean; refund_wei: string}>;
      failed: Array<{name: string; error: string}>;
      skipped: string[];
      total_refund_wei: string;
    };
    expect(summary.purged.map((vm) => [vm.name, vm.left_on_provider])).toEqual([['a-free', true]]);
    expect(summary.failed.map((vm) => vm.name)).toEqual(['b-funded']);
    expect(summary.skipped).toEqual(['c-free']);
    expect(summary.total_refund_wei).toBe('0');
    // The funded VM keeps its row: its stream was not ended, so it must not be forgotten.
    expect(remainingVms()).toEqual(['b-funded', 'c-free']);
  });

  it('--force goes on after a failure and reports each VM and the total', async () => {
    const {code, stdout} = await purge({yes: true, force: true});
    expect(code).toBe(1);
    expect(stdout).toContain('Purged 2 of 3 VMs.');
    expect(stdout).toMatch(/✓ a-free: destroyed, refund 0 ETH/);
    expect(stdout).toMatch(/left on provider 0x1111111111111111111111111111111111111111/);
    expect(stdout).toMatch(/✗ b-funded: .+\(kept in the local list\)/);
    expect(stdout).toContain('Total refund: 0 ETH');
    expect(remainingVms()).toEqual(['b-funded']);
  });

  it('with no VMs says so on stderr and prints an empty JSON summary', async () => {
    await purge({yes: true, force: true});
    const database = openDatabase(loadConfig(env).paths.dbPath);
    database.repositories.vms.delete('b-funded');
    database.close();
    const {code, stdout, stderr} = await purge({yes: true, json: true});
    expect(code).toBe(0);
    expect(stderr).toContain('No VMs found to purge.');
    expect(JSON.parse(stdout)).toEqual({purged: [], failed: [], skipped: [], total_refund_wei: '0'});
  });

  it('on a terminal, asks once and does nothing when the answer is no', async () => {
    const test = makeTestIo({env, isTty: true});
    const running = runCommand(vmPurgeCommand, test.io, {args: [], rest: [], flags: {force: false, yes: false, json: false}});
    await new Promise((resolve) => setTimeout(resolve, 300));
    test.stdin.write('n\n');
    expect(await running).toBe(1);
    expect(test.stderr()).toContain('Destroy all 3 VMs (a-free, b-funded, c-free) and end their streams? [y/N]');
    expect(remainingVms()).toEqual(['a-free', 'b-funded', 'c-free']);
  });
});
