/**
 * `getLedger` over real parts (issue 15): anvil + StreamPayment + a real SQLite file. Streams opened, topped up and
 * ended by the wallet, a plain transfer out, and a balance the node set behind golem's back: the ledger lists what
 * the chain says, balances when it can, and shows a difference with what explains it when it cannot.
 */
import {createPublicClient, createWalletClient, http, numberToHex, parseEther} from 'viem';
import {privateKeyToAccount} from 'viem/accounts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {getLedger} from '../../../source/services/ledger/get-ledger.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {createMonitorHome, monitorContext, openFundedVm, RATE_WEI, startMonitorChain, type MonitorChain, type MonitorHome} from '../../helpers/monitor-chain.js';

let chain: MonitorChain;
let home: MonitorHome;
let ctx: ServiceContext;
let web: bigint;
let db: bigint;
let afterSetBalance: bigint;
const EXTRA = parseEther('7');

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const response = await fetch(chain.anvil.rpcUrl, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params})});
  return ((await response.json()) as {result: T}).result;
}

beforeAll(async () => {
  chain = await startMonitorChain();
  home = createMonitorHome(chain);
  ctx = monitorContext(home);
  const client = chain.clientFor();
  web = await openFundedVm(ctx, chain, 'web-1', {seconds: 3600});
  db = await openFundedVm(ctx, chain, 'db-1', {seconds: 7200});
  await chain.travel(600);
  await client.topUp({streamId: web, amountWei: 1800n * RATE_WEI});
  await client.terminate({streamId: db});
  // ETH sent elsewhere by another tool, then a balance the node sets (no transaction at all).
  const requestor = privateKeyToAccount(chain.requestorKey);
  const wallet = createWalletClient({account: requestor, transport: http(chain.anvil.rpcUrl), chain: {id: 31_337, name: 'anvil', nativeCurrency: {name: 'Ether', symbol: 'ETH', decimals: 18}, rpcUrls: {default: {http: [chain.anvil.rpcUrl]}}}});
  const sent = await wallet.sendTransaction({to: chain.anvil.accounts[2]!.address, value: parseEther('1')});
  await createPublicClient({transport: http(chain.anvil.rpcUrl)}).waitForTransactionReceipt({hash: sent, pollingInterval: 50});
  const balance = BigInt(await rpc<string>('eth_getBalance', [requestor.address, 'latest']));
  await rpc('anvil_setBalance', [requestor.address, numberToHex(balance + EXTRA)]);
  await chain.travel(60);
  afterSetBalance = BigInt(await rpc<string>('eth_blockNumber', []));
}, 60_000);

afterAll(async () => {
  ctx?.db.close();
  home?.remove();
  await chain?.stop();
});

describe('getLedger', () => {
  it('lists deposits, the top-up, the refund and payout, the transfer out, with gas once per transaction', async () => {
    const ledger = await getLedger(ctx);
    const kinds = ledger.movements.map((movement) => `${movement.kind}:${movement.vmName ?? '-'}`);
    expect(kinds).toEqual(['deposit:web-1', 'deposit:db-1', 'top_up:web-1', 'refund:db-1', 'payout:db-1', 'outgoing:-']);
    expect(ledger.movements.filter((movement) => movement.gasWei > 0n)).toHaveLength(5);
    expect(ledger.totals.outgoingWei).toBe(parseEther('1'));
    expect(ledger.totals.topUpsWei).toBe(1800n * RATE_WEI);
    const dbStream = ledger.streams.find((stream) => stream.streamId === db)!;
    expect(dbStream).toMatchObject({isOpen: false, vmName: 'db-1'});
    expect(dbStream.vestedWei + dbStream.refundWei!).toBe(7200n * RATE_WEI);
    const webStream = ledger.streams.find((stream) => stream.streamId === web)!;
    expect(webStream.isOpen).toBe(true);
    expect(webStream.owedWei).toBeGreaterThanOrEqual(660n * RATE_WEI);
  });

  it('shows the balance the node set as a difference, with what explains it, never hidden', async () => {
    const {reconciliation} = await getLedger(ctx);
    expect(reconciliation.isBalanced).toBe(false);
    expect(reconciliation.differenceWei).toBe(EXTRA);
    expect(reconciliation.unexplained.join(' ')).toMatch(/without a transaction to the wallet.*anvil_setBalance/);
  });

  it('without the transfer scan (the dashboard\'s costs): the same cost per VM, no plain transfer, the scan said incomplete', async () => {
    const whole = await getLedger(ctx);
    const costsOnly = await getLedger(ctx, {withTransfers: false});
    expect(costsOnly.byVm).toEqual(whole.byVm);
    expect(costsOnly.byVm.map((row) => row.vmName).sort()).toEqual(['db-1', 'web-1']);
    expect(costsOnly.movements.some((movement) => movement.kind === 'outgoing')).toBe(false);
    expect(costsOnly.isTransferScanComplete).toBe(false);
    expect(whole.isTransferScanComplete).toBe(true);
  });

  it('balances to the wei for a period after it', async () => {
    const client = chain.clientFor();
    await client.topUp({streamId: web, amountWei: 600n * RATE_WEI});
    const {reconciliation, movements} = await getLedger(ctx, {fromBlock: afterSetBalance + 1n});
    expect(movements.map((movement) => movement.kind)).toEqual(['top_up']);
    expect(reconciliation).toMatchObject({isBalanced: true, differenceWei: 0n});
  });

  it('narrows movements to a VM or a stream; the balance check stays the whole wallet\'s', async () => {
    const byVm = await getLedger(ctx, {vmName: 'db-1'});
    expect(byVm.isFiltered).toBe(true);
    expect(new Set(byVm.movements.map((movement) => movement.vmName))).toEqual(new Set(['db-1']));
    expect(byVm.byVm.map((row) => row.vmName)).toEqual(['db-1']);
    const byStream = await getLedger(ctx, {streamId: web});
    expect(new Set(byStream.movements.map((movement) => movement.streamId))).toEqual(new Set([web]));
    expect(byStream.reconciliation.differenceWei).toBe(byVm.reconciliation.differenceWei);
  });

  it('refuses a period that ends before it starts', async () => {
    await expect(getLedger(ctx, {since: new Date('2026-12-02'), until: new Date('2026-12-01')})).rejects.toThrow(
      '--since (2026-12-02T00:00:00.000Z) is after --until (2026-12-01T00:00:00.000Z).',
    );
  });
});
