/**
 * The chain is the ledger (issue 11 items 2, 6, 7), on real anvil and real SQLite files: a transaction is signed and
 * stored before it is broadcast, so a process killed inside the send window leaves what reconcile needs; reconcile
 * settles by hash (mined, rebroadcast, never sent); the contract's events find streams the database lost; a devnet
 * restart leaves old rows on a vanished chain with no false refund; amounts shown are amounts that work.
 */
import {createRequire} from 'node:module';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import {execa} from 'execa';
import {createPublicClient, createTestClient, createWalletClient, http, type Address, type Hex} from 'viem';
import {privateKeyToAccount} from 'viem/accounts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {vmDestroyCommand} from '../../../source/commands/vm-destroy.js';
import {rentalHours} from '../../../source/commands/rental-flags.js';
import {devnetStatePath, loadConfig} from '../../../source/config/settings.js';
import {bindServices} from '../../../source/services/bind-services.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import {monitorPass} from '../../../source/services/monitor/monitor-pass.js';
import {openStreamFor} from '../../../source/services/streams/open-stream-for.js';
import type {Services} from '../../../source/services/services.js';
import {makeTestIo} from '../../helpers/command-io.js';
import {createMonitorHome, openFundedVm, RATE_WEI, startMonitorChain, type MonitorChain, type MonitorHome} from '../../helpers/monitor-chain.js';
import {startRpcFaultProxy, type RpcFaultProxy} from '../../helpers/rpc-fault-proxy.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const FIXTURES = join(import.meta.dirname, 'fixtures');

let chain: MonitorChain;
const extraChains: MonitorChain[] = [];
const homes: MonitorHome[] = [];
const contexts: ServiceContext[] = [];
const proxies: RpcFaultProxy[] = [];

beforeAll(async () => {
  chain = await startMonitorChain();
}, 60_000);

afterAll(async () => {
  for (const ctx of contexts) ctx.db.close();
  for (const proxy of proxies) await proxy.stop();
  for (const home of homes) home.remove();
  for (const extra of extraChains) await extra.stop();
  await chain?.stop();
});

/** A base dir on `on` (through `rpcUrl`) whose wallet is anvil account `account`. */
function home(account: number, on: MonitorChain = chain, rpcUrl?: string): {home: MonitorHome; env: Record<string, string>; key: Hex; address: Address} {
  const created = createMonitorHome(on, rpcUrl);
  homes.push(created);
  const {privateKey: key, address} = on.anvil.accounts[account]!;
  return {home: created, env: {...created.env, GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: key}, key, address};
}

function servicesFor(env: Record<string, string>): {ctx: ServiceContext; services: Services} {
  const ctx = createServiceContext(loadConfig(env), {timing: {pollIntervalMs: 50, createTimeoutMs: 10_000}});
  contexts.push(ctx);
  return {ctx, services: bindServices(ctx)};
}

async function nonceOf(address: Address, on: MonitorChain = chain): Promise<number> {
  return createPublicClient({transport: http(on.anvil.rpcUrl)}).getTransactionCount({address, blockTag: 'pending'});
}

async function waitFor<T>(what: string, read: () => Promise<T | null | undefined> | T | null | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function openStreamWorker(env: Record<string, string>, depositWei: bigint, killAt?: string) {
  const hooks = killAt ? {GOLEM_TEST_HOOKS: '1', GOLEM_TEST_KILL_AT: killAt} : {};
  return execa('node', ['--import', TSX, join(FIXTURES, 'open-stream-worker.ts'), chain.provider, String(depositWei), String(RATE_WEI)], {
    env: {...env, ...hooks},
    reject: false,
  });
}

describe('sign first, store, then broadcast (issue 11 item 2)', () => {
  it('case-22: a create killed while eth_sendRawTransaction is in flight leaves the hash; reconcile records the mined stream', async () => {
    const proxy = await startRpcFaultProxy(chain.anvil.rpcUrl);
    proxies.push(proxy);
    const {env, address} = home(3, chain, proxy.url);
    const {ctx, services} = servicesFor(env);
    const anvil = createPublicClient({transport: http(chain.anvil.rpcUrl)});
    const nonceBefore = await nonceOf(address);
    const depositWei = 7200n * RATE_WEI;
    proxy.holdSendReplyMs = 60_000; // the node takes and mines it; the reply never comes back in time

    const child = openStreamWorker(env, depositWei);
    const hash = await waitFor('a stored hash', () => ctx.db.repositories.operations.listUnfinished().find((row) => row.kind === 'create-stream')?.txHash);
    await waitFor('the transaction mined', () => anvil.getTransactionReceipt({hash}).catch(() => null));
    child.kill('SIGKILL');
    expect((await child).signal).toBe('SIGKILL');
    expect(ctx.db.repositories.streams.list()).toEqual([]);

    proxy.holdSendReplyMs = 0;
    const views = await services.listStreams();
    expect(views.map((view) => view.record)).toMatchObject([{vmName: 'crash-vm', depositWei, status: 'open', createTxHash: hash}]);
    expect(ctx.db.repositories.operations.listUnfinished()).toEqual([]);
    expect(await nonceOf(address)).toBe(nonceBefore + 1); // nothing paid twice
  }, 90_000);

  it('a killed top-up that was mined is in the books: the local deposit follows the chain', async () => {
    const {env, key} = home(4);
    const {ctx, services} = servicesFor(env);
    const streamId = await openFundedVm(ctx, chain, 'topped-vm', {seconds: 7200, key});
    const child = await execa('node', ['--import', TSX, join(FIXTURES, 'top-up-worker.ts'), String(streamId), '1', '3600'], {
      env: {...env, GOLEM_TEST_HOOKS: '1', GOLEM_TEST_KILL_AT: 'top-up:sent'},
      reject: false,
    });
    expect(child.signal).toBe('SIGKILL');
    const onChain = await chain.clientFor(key).getStream(streamId);
    expect(onChain.deposit).toBe(10_800n * RATE_WEI);

    await services.listStreams();
    expect(ctx.db.repositories.streams.get(streamId)?.depositWei).toBe(10_800n * RATE_WEI);
    expect(ctx.db.repositories.operations.listUnfinished()).toEqual([]);
  }, 60_000);

  it('case-21: a transaction signed but never broadcast is sent again by reconcile, once, while its nonce is free', async () => {
    const {env, address} = home(5);
    const {ctx, services} = servicesFor(env);
    const nonceBefore = await nonceOf(address);
    const child = await openStreamWorker(env, 7200n * RATE_WEI, 'create-stream:signed');
    expect(child.signal).toBe('SIGKILL');
    const [signed] = ctx.db.repositories.operations.listUnfinished();
    expect(signed).toMatchObject({kind: 'create-stream', status: 'signed', nonce: nonceBefore});
    expect(await nonceOf(address)).toBe(nonceBefore); // it never left

    const views = await services.listStreams();
    expect(views.map((view) => view.record)).toMatchObject([{vmName: 'crash-vm', status: 'open', createTxHash: signed!.txHash}]);
    expect(await nonceOf(address)).toBe(nonceBefore + 1);
  }, 60_000);

  it('case-22: a signed transaction whose nonce another transaction used is marked never sent, and nothing is resent', async () => {
    const {env, key, address} = home(6);
    const {ctx, services} = servicesFor(env);
    const child = await openStreamWorker(env, 7200n * RATE_WEI, 'create-stream:signed');
    expect(child.signal).toBe('SIGKILL');
    const [signed] = ctx.db.repositories.operations.listUnfinished();
    // Another transaction (another wallet app, say) takes the same nonce first.
    const wallet = createWalletClient({account: privateKeyToAccount(key), transport: http(chain.anvil.rpcUrl)});
    const other = await wallet.sendTransaction({to: chain.provider, value: 1n, nonce: signed!.nonce!, chain: null});
    await createPublicClient({transport: http(chain.anvil.rpcUrl)}).waitForTransactionReceipt({hash: other});
    const nonceAfterOther = await nonceOf(address);

    expect(await services.listStreams()).toEqual([]);
    expect(ctx.db.repositories.operations.listUnfinished()).toEqual([]);
    expect(await nonceOf(address)).toBe(nonceAfterOther); // not rebroadcast, no new payment
  }, 60_000);
});

describe('the event scan finds every stream the wallet opened (issue 11 item 3)', () => {
  it('an orphan stream (opened, then its row deleted) is found, shown as funding no VM, and ended by reconcile with its refund', async () => {
    const {env, key} = home(7);
    const {ctx, services} = servicesFor(env);
    const {streamId} = await openStreamFor(ctx, {recipient: chain.provider, depositWei: 7200n * RATE_WEI, ratePerSecondWei: RATE_WEI, vmName: 'lost-vm'});
    const sqlite = new BetterSqlite3(ctx.config.paths.dbPath);
    sqlite.prepare('DELETE FROM stream WHERE stream_id = ?').run(String(streamId));
    sqlite.close();
    expect(ctx.db.repositories.streams.list()).toEqual([]);

    const [view] = await services.listStreams();
    expect(view).toMatchObject({record: {streamId, origin: 'scan', vmName: 'lost-vm', status: 'open'}, fundsNoVm: true});
    const table = makeTestIo({env});
    const {streamListCommand} = await import('../../../source/commands/vm-stream.js');
    await streamListCommand.run(table.io, {args: [], rest: [], flags: {json: false}});
    expect(table.stdout()).toContain('lost-vm (funds no VM)');
    expect((await services.getWallet()).fundsNoVmStreams).toBe(1);

    const report = await services.reconcile({sweepStreams: true});
    const refunded = report.actions.find((action) => action.streamId === streamId);
    expect(refunded).toMatchObject({kind: 'refunded'});
    expect(refunded!.refundWei).toBeGreaterThan(0n);
    expect(refunded!.message).toMatch(new RegExp(`Stream ${streamId} .*funded no VM: ended it, ${refunded!.refundWei} wei came back`));
    expect((await chain.clientFor(key).getStream(streamId)).recipient).toBe('0x0000000000000000000000000000000000000000');
    // The refund printed is the one the chain's Terminated event reports.
    const events = await chain.clientFor(key).events.getTransactionEvents(refunded!.txHash!);
    expect(events).toMatchObject([{kind: 'Terminated', streamId, senderRefundWei: refunded!.refundWei}]);
  }, 60_000);

  it('reads the history in ranges the endpoint accepts, splitting a refused range', async () => {
    const proxy = await startRpcFaultProxy(chain.anvil.rpcUrl);
    proxies.push(proxy);
    proxy.maxLogRange = 3;
    const direct = chain.clientFor();
    const limited = chain.clientFor(undefined, proxy.url);
    const latest = await direct.events.getLatestBlock();
    const expected = await direct.events.getEvents(0n, latest);
    expect(expected.some((event) => event.kind === 'StreamCreated')).toBe(true);
    expect(await limited.events.getEvents(0n, latest)).toEqual(expected);
    expect(proxy.logCalls.refused).toBeGreaterThan(0);
    const created = expected.find((event) => event.kind === 'StreamCreated')!;
    expect(created).toMatchObject({blockNumber: expect.any(BigInt), txHash: expect.stringMatching(/^0x/), logIndex: expect.any(Number)});
  }, 60_000);
});

describe('amounts users can trust (issue 11 item 7)', () => {
  it('a new stream with the default hours is not topped up by the next monitor pass', async () => {
    const {env, key} = home(1);
    const {ctx} = servicesFor(env);
    const hours = rentalHours(makeTestIo({env}).io, undefined);
    expect(hours).toBe(2);
    await openFundedVm(ctx, chain, 'fresh-vm', {seconds: hours * 3600, key});
    await chain.travel(30); // the monitor's first pass comes a little later
    const pass = await monitorPass(ctx);
    expect(pass.toppedUp).toBe(0);
  }, 60_000);

  it('topping up exactly "Spendable" succeeds, and --amount max deposits all of it', async () => {
    const {env, key, address} = home(2);
    const {services} = servicesFor(env);
    const testClient = createTestClient({mode: 'anvil', transport: http(chain.anvil.rpcUrl)});
    const {streamId} = await chain.clientFor(key).createStream({recipient: chain.provider, depositWei: 3600n * RATE_WEI, ratePerSecondWei: RATE_WEI});
    await testClient.setBalance({address, value: 10n ** 17n});
    const {spendableWei} = await services.getWallet();
    const exact = await services.topUpStream({streamId, amountWei: spendableWei});
    expect(exact.toppedUpWei).toBe(spendableWei);

    await testClient.setBalance({address, value: 10n ** 17n});
    const max = await services.topUpStream({streamId, max: true});
    expect(max.toppedUpWei).toBeGreaterThan(10n ** 17n - 10n ** 16n);
    expect((await chain.clientFor(key).getStream(streamId)).deposit).toBe(3600n * RATE_WEI + spendableWei + max.toppedUpWei);
    await testClient.setBalance({address, value: 10_000n * 10n ** 18n});
  }, 60_000);

  it('terminating a stream that is not the wallet\'s is "not found" and sends nothing', async () => {
    const {env, address} = home(1);
    const {services} = servicesFor(env);
    const stranger = chain.anvil.accounts[2]!.privateKey;
    const {streamId} = await chain.clientFor(stranger).createStream({recipient: chain.provider, depositWei: 3600n * RATE_WEI, ratePerSecondWei: RATE_WEI});
    const nonceBefore = await nonceOf(address);
    await expect(services.terminateStream(streamId)).rejects.toMatchObject({name: 'NotFoundError', shortMessage: `Stream '${streamId}' not found.`});
    await expect(services.terminateStream(999_999n)).rejects.toMatchObject({name: 'NotFoundError'});
    expect(await nonceOf(address)).toBe(nonceBefore);
    expect((await chain.clientFor(stranger).getStream(streamId)).recipient).not.toBe('0x0000000000000000000000000000000000000000');
  }, 60_000);
});

describe('one chain, one history (issue 11 item 6)', () => {
  it('after a devnet restart the old rows belong to a vanished chain, a new stream with the same id is its own, and destroy claims no refund', async () => {
    const before = await startMonitorChain();
    // A later genesis, as `golem devnet down && up` gives: two anvils started in one second share a genesis hash.
    const after = await startMonitorChain({genesisTimestamp: Math.floor(Date.now() / 1000) + 60});
    extraChains.push(before, after);
    expect(after.contractAddress).toBe(before.contractAddress); // same deployer, same nonce: only the genesis differs
    const {home: base, env} = home(1, before);
    const first = servicesFor(env);
    const oldId = await openFundedVm(first.ctx, before, 'old-vm', {seconds: 7200});
    expect((await first.services.listStreams()).map((view) => view.state)).toEqual(['active']);

    // `golem devnet down && up`: the devnet state now names the new chain (same id, same contract address).
    writeFileSync(
      devnetStatePath(join(base.baseDir, 'devnet')),
      JSON.stringify({chainId: after.anvil.chainId, rpcUrl: after.anvil.rpcUrl, discoveryUrl: 'http://127.0.0.1:9', streamPaymentAddress: after.contractAddress, ethUsdPrice: '2000'}),
    );
    const second = servicesFor(env);
    const newId = await openStreamFor(second.ctx, {recipient: after.provider, depositWei: 7200n * RATE_WEI, ratePerSecondWei: RATE_WEI, vmName: null});
    expect(newId.streamId).toBe(oldId);

    const views = await second.services.listStreams();
    expect(views).toHaveLength(2);
    expect(views[0]).toMatchObject({record: {streamId: oldId, vmName: 'old-vm', status: 'vanished'}, status: null});
    expect(views[1]).toMatchObject({record: {streamId: oldId, vmName: null, status: 'open'}, state: 'active'});
    const table = makeTestIo({env});
    const {streamListCommand} = await import('../../../source/commands/vm-stream.js');
    await streamListCommand.run(table.io, {args: [], rest: [], flags: {json: false}});
    expect(table.stdout().split('\n').find((line) => line.includes('old-vm'))).toContain('chain gone');

    const destroyed = makeTestIo({env});
    expect(await vmDestroyCommand.run(destroyed.io, {args: ['old-vm'], rest: [], flags: {yes: true, json: false}})).toBe(0);
    expect(destroyed.stdout()).toContain('Refund : none');
    expect(destroyed.stdout()).not.toMatch(/Refund : 0/);
    expect(destroyed.stderr()).toMatch(/chain that no longer exists/);
    // The new chain's stream with the same id was not touched.
    expect((await after.clientFor().getStream(oldId)).recipient).toBe(after.provider);
  }, 120_000);
});
