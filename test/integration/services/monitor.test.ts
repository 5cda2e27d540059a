/**
 * The auto top-up monitor over real parts: anvil with time travel, StreamPayment, a real SQLite file per test,
 * the real funding lease. Checks the hysteresis (at most one top-up per VM-hour), the streams it must not touch
 * (terminated, halted, foreign, other contract, expired), the spend cap, the batched read, and clean stops.
 */
import {getAddress} from 'viem';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {monitorPass} from '../../../source/services/monitor/monitor-pass.js';
import {runMonitor} from '../../../source/services/monitor/run-monitor.js';
import {getFundingStatus} from '../../../source/services/monitor/get-funding-status.js';
import type {ServiceContext} from '../../../source/services/context.js';
import type {MonitorEvent} from '../../../source/services/types.js';
import {startCountingProxy} from '../../helpers/counting-proxy.js';
import {
  RATE_WEI,
  createMonitorHome,
  monitorContext,
  openFundedVm,
  startMonitorChain,
  type MonitorChain,
  type MonitorHome,
} from '../../helpers/monitor-chain.js';

let chain: MonitorChain;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  chain = await startMonitorChain();
}, 60_000);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await chain?.stop();
});

function setUp(monitor: Parameters<typeof monitorContext>[1] = {}, rpcUrl?: string): {ctx: ServiceContext; home: MonitorHome} {
  const home = createMonitorHome(chain, rpcUrl);
  const ctx = monitorContext(home, {intervalSeconds: 600, minRemainingSeconds: 3600, targetSeconds: 7200, spendCapWeiPerDay: null, ...monitor});
  cleanups.push(() => {
    ctx.db.close();
    home.remove();
  });
  return {ctx, home};
}

async function runwayOf(ctx: ServiceContext, streamId: bigint): Promise<bigint> {
  const stream = await ctx.payments().client.getStream(streamId);
  const now = await chain.now();
  return stream.stopTime > now ? stream.stopTime - now : 0n;
}

describe('monitorPass', () => {
  it('keeps a VM funded over 5 simulated hours with at most one top-up per VM-hour', async () => {
    const {ctx} = setUp();
    const streamId = await openFundedVm(ctx, chain, 'web-1', {seconds: 2 * 3600});
    const topUpTimes: bigint[] = [];
    for (let elapsed = 0; elapsed <= 5 * 3600; elapsed += 600) {
      const pass = await monitorPass(ctx);
      expect(pass.checked).toBe(1);
      expect(pass.events.filter((event) => event.type === 'warning')).toEqual([]);
      for (const event of pass.events) {
        if (event.type === 'topped-up') {
          topUpTimes.push(await chain.now());
          // Topped up to the target: (target − remaining) × rate.
          expect(event.amountWei % RATE_WEI).toBe(0n);
          expect(event.vmName).toBe('web-1');
        }
      }
      // Never below the minimum after a pass, never dry.
      expect(await runwayOf(ctx, streamId)).toBeGreaterThanOrEqual(3600n);
      await chain.travel(600);
    }
    expect(topUpTimes.length).toBeGreaterThanOrEqual(3);
    expect(topUpTimes.length).toBeLessThanOrEqual(5);
    for (let index = 1; index < topUpTimes.length; index++) {
      expect(topUpTimes[index]! - topUpTimes[index - 1]!).toBeGreaterThanOrEqual(3600n);
    }
    // Every top-up went through the intent log and was recorded as done with its hash.
    const recorded = ctx.db.repositories.operations.listSince('top-up', '1970-01-01T00:00:00.000Z');
    expect(recorded).toHaveLength(topUpTimes.length);
    expect(recorded.every((operation) => operation.status === 'done' && operation.txHash?.startsWith('0x'))).toBe(true);
  }, 120_000);

  it('skips terminated, halted, foreign, other-contract and expired streams with the right warning', async () => {
    const {ctx} = setUp();
    const stranger = chain.anvil.accounts[2]!.privateKey;
    const terminated = await openFundedVm(ctx, chain, 'ended', {seconds: 1800});
    await chain.clientFor().terminate({streamId: terminated});
    const halted = await openFundedVm(ctx, chain, 'halted', {seconds: 1800});
    await chain.halt(halted);
    const foreign = await openFundedVm(ctx, chain, 'foreign', {seconds: 1800, key: stranger});
    const elsewhere = await openFundedVm(ctx, chain, 'elsewhere', {seconds: 1800, contractAddress: '0x00000000000000000000000000000000000000aa'});
    const expired = await openFundedVm(ctx, chain, 'expired', {seconds: 60});
    await chain.travel(120);
    const balanceBefore = await ctx.payments().client.getBalance();

    const pass = await monitorPass(ctx);
    expect(pass.toppedUp).toBe(0);
    expect(pass.checked).toBe(4);
    const warnings = new Map(pass.events.map((event) => [event.streamId, event.type === 'warning' ? event.message : event.type]));
    expect(warnings.get(terminated)).toMatch(/^stream \d+ of VM ended was terminated/);
    expect(warnings.get(halted)).toMatch(/^stream \d+ of VM halted was halted/);
    expect(warnings.get(foreign)).toMatch(new RegExp(`^stream \\d+ of VM foreign is paid by ${chain.anvil.accounts[2]!.address}, not this wallet`));
    expect(warnings.get(elsewhere)).toMatch(/^stream \d+ lives on contract 0x0+aa /i);
    expect(warnings.get(elsewhere)).toContain(`StreamPayment ${getAddress(chain.contractAddress)}`);
    expect(warnings.get(expired)).toMatch(/ran out at .*late top-up pays for the idle time.*golem vm destroy expired/);
    expect(await ctx.payments().client.getBalance()).toBe(balanceBefore);
  }, 60_000);

  it('respects the spend cap per rolling 24 h', async () => {
    // One top-up from 1800 s to 7200 s of runway costs 5400 × rate (plus the seconds mined in between): allow one, not two.
    const {ctx} = setUp({spendCapWeiPerDay: 6000n * RATE_WEI});
    await openFundedVm(ctx, chain, 'cap-a', {seconds: 1800});
    await openFundedVm(ctx, chain, 'cap-b', {seconds: 1800});
    const pass = await monitorPass(ctx);
    expect(pass.toppedUp).toBe(1);
    const warning = pass.events.find((event) => event.type === 'warning');
    expect(warning?.message).toMatch(/would then exceed the daily cap of 6000000000000 wei; skipped/);

    // The next pass still counts the first top-up (it is in the operations table), so it skips again.
    const again = await monitorPass(ctx);
    expect(again.toppedUp).toBe(0);
    expect(again.events.map((event) => event.type)).toEqual(['warning']);
  }, 60_000);

  it('issue 11: a VM its provider no longer has (404) is not topped up; its stream is ended and the refund reported', async () => {
    const {ctx} = setUp();
    const streamId = await openFundedVm(ctx, chain, 'gone-vm', {seconds: 1800});
    chain.providerApi.vms.delete('gone-vm-id');
    const seenBefore = chain.providerApi.requests.length;

    const pass = await monitorPass(ctx);
    expect(pass.toppedUp).toBe(0);
    expect(pass.events.filter((event) => event.type === 'topped-up')).toEqual([]);
    const warning = pass.events.find((event) => event.streamId === streamId);
    expect(warning?.type === 'warning' && warning.message).toMatch(/^VM gone-vm is gone at provider .* \(confirmed\); its stream \d+ was ended: .* wei\) came back to the wallet/);
    const onChain = await ctx.payments().client.getStream(streamId);
    expect(onChain.recipient).toBe('0x0000000000000000000000000000000000000000');
    const refundWei = BigInt(/\((\d+) wei\) came back/.exec(warning?.type === 'warning' ? warning.message : '')![1]!);
    expect(refundWei).toBeGreaterThan(1700n * RATE_WEI);
    expect(ctx.db.repositories.vms.require('gone-vm')).toMatchObject({status: 'deleted', confirmedAt: expect.any(String)});
    // One request per provider per pass for the VMs it lists; the name it did not list was asked for once more.
    expect(chain.providerApi.requests.slice(seenBefore)).toEqual(['GET /api/v1/vms', 'GET /api/v1/vms/gone-vm-id']);
    // The next pass sends nothing: the stream is ended.
    expect((await monitorPass(ctx)).events).toEqual([]);
  }, 60_000);

  it('issue 11: a VM whose provider is unreachable (500) is not topped up, and stays running with its last-seen date', async () => {
    const {ctx} = setUp();
    const streamId = await openFundedVm(ctx, chain, 'dark-vm', {seconds: 1800});
    chain.providerApi.fail = 500;
    cleanups.push(() => {
      chain.providerApi.fail = null;
    });
    const balanceBefore = await ctx.payments().client.getBalance();

    const pass = await monitorPass(ctx);
    expect(pass.toppedUp).toBe(0);
    expect(pass.events).toEqual([
      {type: 'warning', streamId, vmName: 'dark-vm', message: expect.stringMatching(/of VM dark-vm is unreachable \(.*\); stream \d+ is not topped up while the VM is unconfirmed \(never confirmed\)/)},
    ]);
    expect(await ctx.payments().client.getBalance()).toBe(balanceBefore);
    expect(ctx.db.repositories.vms.require('dark-vm')).toMatchObject({status: 'running', unreachableSince: expect.any(String)});
    expect((await ctx.payments().client.getStream(streamId)).recipient).not.toBe('0x0000000000000000000000000000000000000000');

    chain.providerApi.fail = null;
    const back = await monitorPass(ctx);
    expect(back.toppedUp).toBe(1);
    expect(ctx.db.repositories.vms.require('dark-vm')).toMatchObject({unreachableSince: null, confirmedAt: expect.any(String)});
  }, 60_000);

  it('reads 100 streams in one batch request after one read of the latest block', async () => {
    const proxy = await startCountingProxy(chain.anvil.rpcUrl);
    cleanups.push(() => proxy.stop());
    const home = createMonitorHome(chain, proxy.url);
    const ctx = monitorContext({...home, env: {...home.env, GOLEM_REQUESTOR_RPC_BATCH_SIZE: '100'}}, {intervalSeconds: 600});
    cleanups.push(() => {
      ctx.db.close();
      home.remove();
    });
    const opener = chain.clientFor();
    const ids: bigint[] = [];
    for (let index = 0; index < 100; index++) {
      ids.push((await opener.createStream({recipient: chain.provider, depositWei: RATE_WEI * 7200n, ratePerSecondWei: RATE_WEI})).streamId);
    }
    proxy.reset();
    const {streams, blockTimestamp} = await ctx.payments().client.getStreams(ids);
    expect(proxy.requests()).toBe(2);
    expect(proxy.calls()).toBe(101);
    expect(streams.size).toBe(100);
    expect(blockTimestamp).toBe(await chain.now());
    expect(streams.get(ids[99]!)!.deposit).toBe(RATE_WEI * 7200n);
  }, 120_000);
});

describe('runMonitor', () => {
  it('takes the lease, runs passes, stops promptly on abort and releases the lease', async () => {
    const {ctx} = setUp({intervalSeconds: 3600});
    await openFundedVm(ctx, chain, 'loop-1', {seconds: 1800});
    const events: MonitorEvent[] = [];
    const controller = new AbortController();
    const firstPass = new Promise<void>((resolve) => {
      const running = runMonitor(ctx, {
        role: 'tui',
        signal: controller.signal,
        onEvent: (event) => {
          events.push(event);
          if (event.type === 'pass') resolve();
        },
      });
      cleanups.push(() => running);
    });
    await firstPass;
    expect((await getFundingStatus(ctx)).state).toBe('self');
    const stoppedAt = Date.now();
    controller.abort();
    await cleanups.pop()!();
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
    expect(events.map((event) => event.type)).toEqual(['funding', 'topped-up', 'pass']);
    expect(events[0]).toMatchObject({type: 'funding', holder: {pid: process.pid, role: 'tui'}});
    expect(await getFundingStatus(ctx)).toEqual({state: 'none'});
  }, 60_000);

  it('stands by while another holder funds, reporting it once', async () => {
    const {ctx, home} = setUp({intervalSeconds: 5});
    const other = monitorContext(home, {intervalSeconds: 5});
    cleanups.push(() => other.db.close());
    expect((await other.fundingLease.acquire('api')).state).toBe('self');
    cleanups.push(() => other.fundingLease.release());

    const events: MonitorEvent[] = [];
    const controller = new AbortController();
    const running = runMonitor(ctx, {role: 'monitor', signal: controller.signal, onEvent: (event) => events.push(event)});
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    await running;
    expect(events).toEqual([{type: 'standby', holder: expect.objectContaining({pid: process.pid, role: 'api'})}]);
    expect(await getFundingStatus(ctx)).toMatchObject({state: 'other', holder: {role: 'api'}});
  }, 30_000);
});
