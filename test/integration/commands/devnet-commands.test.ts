/**
 * `vm providers`, `vm stats` and `vm purge` run as commands (in-process, through `withServices`) against a real
 * devnet: anvil + StreamPayment + central discovery + two providers whose VMs are SSH sandboxes.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {vmProvidersCommand} from '../../../source/commands/vm-providers.js';
import {vmPurgeCommand} from '../../../source/commands/vm-purge.js';
import {vmStatsCommand} from '../../../source/commands/vm-stats.js';
import {loadConfig} from '../../../source/config/settings.js';
import {startDevnet, type RunningDevnet} from '../../../source/devnet/devnet.js';
import {bindServices} from '../../../source/services/bind-services.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import {makeTestIo} from '../../helpers/command-io.js';

const resources = {cpu: 1, memory: 1, storage: 10};
let devnet: RunningDevnet;
let baseDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-devnet-commands-'));
  env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', GOLEM_REQUESTOR_DISCOVERY_DRIVER: 'central'};
  const {paths} = loadConfig(env);
  devnet = await startDevnet({devnetDir: paths.devnetDir, walletKeyPath: paths.walletKeyPath});
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(baseDir, {recursive: true, force: true});
});

describe('commands on the devnet', () => {
  let providerId: string;

  it('vm providers --json with a full spec gives USD and ETH estimates at the devnet ETH/USD', async () => {
    const test = makeTestIo({env});
    const flags = {cpu: 1, memory: 1, storage: 10, json: true, allPayments: false, sort: 'price'} as Parameters<typeof vmProvidersCommand.run>[1]['flags'];
    expect(await vmProvidersCommand.run(test.io, {args: [], rest: [], flags})).toBe(0);
    const {providers} = JSON.parse(test.stdout()) as {providers: Array<{provider_id: string; estimate: {usd_per_month: string; rate_per_second_wei: string; wei_per_hour: string; wei_per_month: string}}>};
    expect(providers.length).toBe(2);
    providerId = providers[0]!.provider_id;
    for (const {estimate} of providers) {
      expect(BigInt(estimate.wei_per_hour)).toBe(BigInt(estimate.rate_per_second_wei) * 3600n);
      expect(BigInt(estimate.wei_per_month)).toBe(BigInt(estimate.rate_per_second_wei) * 2_628_000n);
    }
  });

  it('vm stats --json samples a devnet VM over SSH; vm purge --yes destroys every VM and reports the refunds', async () => {
    const ctx = createServiceContext(loadConfig(env), {timing: {pollIntervalMs: 100, createTimeoutMs: 30_000}});
    const services = bindServices(ctx);
    try {
      for (const name of ['purge-a', 'purge-b']) await services.createVm({name, providerId, resources, hours: 1});
    } finally {
      services.close();
    }

    const stats = makeTestIo({env});
    expect(await vmStatsCommand.run(stats.io, {args: ['purge-a'], rest: [], flags: {interval: 2, once: false, json: true}})).toBe(0);
    const sample = JSON.parse(stats.stdout()) as {cpu_percent: number | null; memory: unknown; disk: unknown};
    expect(sample.cpu_percent).not.toBeNull();
    expect(sample.memory).not.toBeNull();
    expect(sample.disk).not.toBeNull();

    const purge = makeTestIo({env});
    expect(await vmPurgeCommand.run(purge.io, {args: [], rest: [], flags: {yes: true, force: false, json: true}})).toBe(0);
    const summary = JSON.parse(purge.stdout()) as {
      purged: Array<{name: string; refund_wei: string; left_on_provider: boolean; tx: string | null}>;
      failed: unknown[];
      total_refund_wei: string;
    };
    expect(summary.failed).toEqual([]);
    expect(summary.purged.map((vm) => vm.name).sort()).toEqual(['purge-a', 'purge-b']);
    expect(summary.purged.every((vm) => BigInt(vm.refund_wei) > 0n && vm.tx !== null && !vm.left_on_provider)).toBe(true);
    expect(BigInt(summary.total_refund_wei)).toBe(summary.purged.reduce((sum, vm) => sum + BigInt(vm.refund_wei), 0n));
    expect(purge.stderr()).toContain("Purging VM 'purge-a'");

    const after = bindServices(createServiceContext(loadConfig(env)));
    try {
      expect(await after.listVms()).toEqual([]);
      const streams = await after.listStreams();
      expect(streams.length).toBe(2);
      expect(streams.every((view) => view.record.status === 'terminated')).toBe(true);
    } finally {
      after.close();
    }
  }, 120_000);
});
