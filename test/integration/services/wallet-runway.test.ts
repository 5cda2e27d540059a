/**
 * The wallet's runway at the monitor's policy (issue 15) over real parts: anvil + StreamPayment, a real SQLite file,
 * three running VMs' streams; the wallet's balance is set low so the runway ends before the user's horizon, and the
 * monitor says so once (not every pass) while its pass lines carry the runway.
 */
import {numberToHex} from 'viem';
import {privateKeyToAddress} from 'viem/accounts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {getWalletRunway} from '../../../source/services/ledger/get-wallet-runway.js';
import {runMonitor} from '../../../source/services/monitor/run-monitor.js';
import type {ServiceContext} from '../../../source/services/context.js';
import type {MonitorEvent} from '../../../source/services/types.js';
import {createMonitorHome, monitorContext, openFundedVm, RATE_WEI, startMonitorChain, type MonitorChain, type MonitorHome} from '../../helpers/monitor-chain.js';

let chain: MonitorChain;
let home: MonitorHome;
let ctx: ServiceContext;

beforeAll(async () => {
  chain = await startMonitorChain();
  home = createMonitorHome(chain);
  ctx = monitorContext(home, {intervalSeconds: 1, minRemainingSeconds: 3600, targetSeconds: 7200, spendCapWeiPerDay: null});
  for (const name of ['web-1', 'web-2', 'db-1']) await openFundedVm(ctx, chain, name, {seconds: 3 * 3600});
}, 60_000);

afterAll(async () => {
  ctx?.db.close();
  home?.remove();
  await chain?.stop();
});

async function setBalance(wei: bigint): Promise<void> {
  await fetch(chain.anvil.rpcUrl, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', id: 1, method: 'anvil_setBalance', params: [privateKeyToAddress(chain.requestorKey), numberToHex(wei)]}),
  });
}

describe('the wallet runway', () => {
  it('funds all three VMs for a long time on a large balance', async () => {
    const runway = await getWalletRunway(ctx);
    expect(runway).toMatchObject({streamCount: 3, burnRatePerSecondWei: 3n * RATE_WEI, isMonitorOn: true, isBelowHorizon: false});
    expect(runway!.runwaySeconds).toBeGreaterThan(72n * 3600n);
  });

  it('on a small balance ends before the 72 h horizon, counting each top-up\'s gas', async () => {
    const gas = await ctx.payments().client.estimateMaxGasCostWei();
    // Pays exactly two rounds of three top-ups (each: 1 h at 1 gwei/s + its gas), not a third.
    await setBalance(6n * (3600n * RATE_WEI + gas) + 1n);
    const runway = await getWalletRunway(ctx);
    expect(runway).toMatchObject({streamCount: 3, isBelowHorizon: true, isAtLeast: false});
    // First top-ups at 2 h (3 h left − 1 h minimum), the second round 1 h later; the third round (at 4 h) is refused
    // and its stream runs dry 1 h later: 5 h, give or take the seconds the chain moved while opening the streams.
    expect(Number(runway!.runwaySeconds)).toBeGreaterThan(5 * 3600 - 120);
    expect(Number(runway!.runwaySeconds)).toBeLessThanOrEqual(5 * 3600);
  });

  it('the monitor warns once when the runway is short and reports it on each pass', async () => {
    const events: MonitorEvent[] = [];
    const controller = new AbortController();
    const running = runMonitor(ctx, {role: 'monitor', signal: controller.signal, onEvent: (event) => events.push(event)});
    const deadline = Date.now() + 20_000;
    while (events.filter((event) => event.type === 'pass').length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await running;
    const warnings = events.filter((event) => event.type === 'warning' && /runs out before 3d 00h/.test(event.message));
    expect(warnings).toHaveLength(1);
    const passes = events.filter((event): event is Extract<MonitorEvent, {type: 'pass'}> => event.type === 'pass');
    expect(passes.length).toBeGreaterThanOrEqual(2);
    expect(passes[0]!.runway).toMatch(/^funds all 3 VMs for [45]h \d\dm$/);
  }, 30_000);
});
