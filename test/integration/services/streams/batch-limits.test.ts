/**
 * case-32 — endpoints that cap JSON-RPC batches (issue 11 item 8): 150 streams on a real anvil, read through a
 * real fault proxy that refuses batches over 100 (error reply), answers 413, or refuses batches entirely. Every row
 * is read; when some calls still fail, the rows read are shown with one error per stream that was not.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {streamListCommand} from '../../../../source/commands/vm-stream.js';
import {walletCommand} from '../../../../source/commands/wallet.js';
import {startFaultProxy, type FaultProxy} from '../../../../source/devnet/faults/fault-proxy.js';
import type {FaultConfigInput} from '../../../../source/devnet/faults/fault-rules.js';
import {listStreams} from '../../../../source/services/streams/list-streams.js';
import {makeTestIo} from '../../../helpers/command-io.js';
import {RATE_WEI, createMonitorHome, monitorContext, startMonitorChain, type MonitorChain, type MonitorHome} from '../../../helpers/monitor-chain.js';

const STREAMS = 150;
let chain: MonitorChain;
let proxy: FaultProxy;
let home: MonitorHome;
const ids: bigint[] = [];

beforeAll(async () => {
  chain = await startMonitorChain();
  proxy = await startFaultProxy({targetUrl: chain.anvil.rpcUrl});
  home = createMonitorHome(chain, proxy.url);
  // Batches of 150: more than the capped endpoints take, so every read meets the limit.
  home.env['GOLEM_REQUESTOR_RPC_BATCH_SIZE'] = String(STREAMS);
  const ctx = monitorContext(home);
  const opener = chain.clientFor();
  for (let index = 0; index < STREAMS; index++) {
    const depositWei = RATE_WEI * 7200n;
    const {streamId, txHash} = await opener.createStream({recipient: chain.provider, depositWei, ratePerSecondWei: RATE_WEI});
    ids.push(streamId);
    ctx.db.repositories.streams.upsert({
      streamId,
      chainId: chain.anvil.chainId,
      contractAddress: chain.contractAddress,
      recipient: chain.provider,
      depositWei,
      ratePerSecondWei: RATE_WEI,
      vmName: `batch-${index}`,
      status: 'open',
      createTxHash: txHash,
    });
  }
  ctx.db.close();
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await chain?.stop();
  home?.remove();
});

async function listWith(faults: FaultConfigInput) {
  proxy.reset();
  proxy.setFaults(faults);
  const ctx = monitorContext(home);
  try {
    return await listStreams(ctx);
  } finally {
    ctx.db.close();
  }
}

describe('case-32: 150 streams through endpoints that cap batches', () => {
  it.each([
    ['answers a batch over 100 with an error object', {batchLimit: {maxBatch: 100, refusal: 'error'}}],
    ['answers a batch over 100 with HTTP 413', {batchLimit: {maxBatch: 100, refusal: '413'}}],
    ['refuses every batch', {batchLimit: {maxBatch: 1, refusal: 'no-batches'}}],
  ] as const)('reads every stream when the endpoint %s', async (_name, faults) => {
    const views = await listWith(faults);
    expect(views).toHaveLength(STREAMS);
    expect(views.filter((view) => view.error !== null)).toEqual([]);
    expect(views.map((view) => view.record.streamId)).toEqual(ids);
    expect(views.every((view) => view.status?.chain.deposit === RATE_WEI * 7200n)).toBe(true);
    // The endpoint did refuse at least one batch, and no request it answered carried more than it takes.
    expect(proxy.counters().faulted).toBeGreaterThan(0);
  }, 120_000);

  it('keeps the rows it read and gives each unreadable stream its own error', async () => {
    // No batches at all, and the first three single stream reads are dropped (connection reset).
    const views = await listWith({batchLimit: {maxBatch: 1, refusal: 'no-batches'}, rules: [{rpcMethod: 'eth_call', action: {kind: 'reset'}, times: 3}]});
    expect(views).toHaveLength(STREAMS);
    const failed = views.filter((view) => view.error !== null);
    expect(failed).toHaveLength(3);
    for (const view of failed) {
      expect(view.status).toBeNull();
      expect(view.error).toMatch(new RegExp(`^stream ${view.record.streamId} could not be read: `));
    }
    expect(views.filter((view) => view.status !== null)).toHaveLength(STREAMS - 3);
  }, 120_000);

  it('vm stream list prints the rows read and one error line per unreadable stream', async () => {
    proxy.reset();
    // No batches; two single stream reads answered 503 (a 5xx on a batch only splits it; on one call it is that row's error).
    proxy.setFaults({batchLimit: {maxBatch: 1, refusal: 'no-batches'}, rules: [{rpcMethod: 'eth_call', action: {kind: 'status', status: 503}, times: 2}]});
    const test = makeTestIo({env: home.env});
    expect(await streamListCommand.run(test.io, {args: [], rest: [], flags: {json: false}})).toBe(0);
    const rows = test.stdout().split('\n').filter((line) => /^\s*\d+\s/.test(line));
    expect(rows).toHaveLength(STREAMS);
    const errors = test.stderr().split('\n').filter((line) => line.startsWith('error: stream '));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/could not be read: .*HTTP 503/);
    expect(rows.filter((line) => line.includes('unreadable'))).toHaveLength(2);
  }, 120_000);

  it('golem wallet counts the streams it read and names those it could not', async () => {
    proxy.reset();
    proxy.setFaults({batchLimit: {maxBatch: 1, refusal: 'no-batches'}, rules: [{rpcMethod: 'eth_call', action: {kind: 'reset'}, times: 1}]});
    const test = makeTestIo({env: home.env});
    expect(await walletCommand.run(test.io, {args: [], rest: [], flags: {json: true}})).toBe(0);
    const wallet = JSON.parse(test.stdout()) as {open_streams: number; unread_streams: {stream_id: string; error: string}[]};
    expect(wallet.open_streams).toBe(STREAMS - 1);
    expect(wallet.unread_streams).toHaveLength(1);
    expect(wallet.unread_streams[0]!.error).toMatch(/no answer/);
    expect(test.stderr()).toMatch(/error: stream \d+ could not be read, not counted in Locked/);
  }, 120_000);
});
