/**
 * `golem ledger` balances to the wei (issue 15, "Done when"): a real devnet (`golem devnet up --detach`) and the built
 * CLI (`dist/source/cli.js`, built by `npm test`) run a scripted sequence — funding by a plain transfer, three
 * rentals, a top-up by hand, top-ups by the monitor, a stop, a destroy, a create killed after its stream was mined
 * (SIGKILL through the kill-point hook) and a reconcile — then `golem ledger --json` for exactly those blocks is
 * checked against the wallet's balances read from the chain at the period's two ends.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {execa} from 'execa';
import {createPublicClient, createWalletClient, http, numberToHex, parseEther, type Address} from 'viem';
import {generatePrivateKey, privateKeyToAccount} from 'viem/accounts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const cli = resolve('dist/source/cli.js');
const baseDir = mkdtempSync(join(tmpdir(), 'golem-ledger-'));
const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', NO_COLOR: '1'};
const size = ['--cpu', '1', '--memory', '1', '--storage', '10'];

async function golem(args: string[], extraEnv: Record<string, string> = {}) {
  return execa(process.execPath, [cli, ...args], {env: {...env, ...extraEnv}, reject: false, timeout: 120_000, stdin: 'ignore'});
}

async function golemOk(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const result = await golem(args, extraEnv);
  expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

type DevnetState = {rpcUrl: string; walletAddress: Address; providers: {providerId: Address}[]};
type LedgerJson = {
  movements: {kind: string; vm_name: string | null; amount_wei: string; gas_wei: string; balance_effect_wei: string; tx_hash: string; eth_usd: string | null}[];
  totals: Record<string, string>;
  by_vm: {vm_name: string; spent_wei: string; deposits_wei: string; spent_usd: string | null}[];
  streams: {stream_id: string; vm_name: string | null; is_open: boolean}[];
  reconciliation: {start_block: string; end_block: string; start_balance_wei: string; end_balance_wei: string; difference_wei: string; is_balanced: boolean};
};

let state: DevnetState;

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
  await golemOk(['devnet', 'up', '--detach', '--providers', '2']);
  state = JSON.parse(readFileSync(join(baseDir, 'devnet', 'state.json'), 'utf8')) as DevnetState;
}, 120_000);

afterAll(async () => {
  await golem(['devnet', 'down']);
  rmSync(baseDir, {recursive: true, force: true});
}, 60_000);

describe('golem ledger on a devnet sequence', () => {
  it('balances to the wei against the wallet balances read from the chain at the period\'s ends', async () => {
    const chain = createPublicClient({transport: http(state.rpcUrl)});
    const startBlock = (await chain.getBlockNumber()) + 1n;

    // Funding: a plain transfer from another wallet (a faucet pays the same way).
    const funder = privateKeyToAccount(generatePrivateKey());
    await chain.request({method: 'anvil_setBalance' as never, params: [funder.address, numberToHex(parseEther('10'))] as never});
    const funding = await createWalletClient({account: funder, transport: http(state.rpcUrl), chain: {id: 31_337, name: 'devnet', nativeCurrency: {name: 'Ether', symbol: 'ETH', decimals: 18}, rpcUrls: {default: {http: [state.rpcUrl]}}}})
      .sendTransaction({to: state.walletAddress, value: parseEther('3')});
    await chain.waitForTransactionReceipt({hash: funding});

    // Three rentals, spread over the two providers.
    const provider = (index: number) => state.providers[index % state.providers.length]!.providerId;
    const streams: Record<string, string> = {};
    for (const [index, name] of ['ledger-a', 'ledger-b', 'ledger-c'].entries()) {
      const created = JSON.parse(await golemOk(['vm', 'create', name, '--provider-id', provider(index), ...size, '--hours', '1', '--yes', '--json'])) as {stream_id: string};
      streams[name] = created.stream_id;
    }
    // A top-up by hand, then the monitor tops up every stream under 2 h (to 3 h).
    await golemOk(['vm', 'stream', 'topup', '--stream-id', streams['ledger-a']!, '--hours', '1', '--yes']);
    await golemOk(['monitor', '--once'], {GOLEM_REQUESTOR_STREAM_MIN_REMAINING_SECONDS: '7200', GOLEM_REQUESTOR_STREAM_TOPUP_TARGET_SECONDS: '10800'});
    // A stop and a destroy end their streams (refunds).
    await golemOk(['vm', 'stop', 'ledger-a']);
    await golemOk(['vm', 'destroy', 'ledger-b', '--yes']);
    // A crash after the stream was mined, then reconcile refunds it.
    const killed = await golem(['vm', 'create', 'ledger-d', '--provider-id', provider(1), ...size, '--hours', '1', '--yes'], {
      GOLEM_TEST_HOOKS: '1', GOLEM_TEST_KILL_AT: 'create:stream-mined', GOLEM_TEST_KILL_VM: 'ledger-d',
    });
    expect(killed.signal).toBe('SIGKILL');
    await golemOk(['vm', 'reconcile']);
    const endBlock = await chain.getBlockNumber();

    const ledger = JSON.parse(await golemOk(['ledger', '--from-block', String(startBlock), '--to-block', String(endBlock), '--json'])) as LedgerJson;
    const [startBalance, endBalance] = await Promise.all([
      chain.getBalance({address: state.walletAddress, blockNumber: startBlock - 1n}),
      chain.getBalance({address: state.walletAddress, blockNumber: endBlock}),
    ]);
    const r = ledger.reconciliation;
    expect(r.start_balance_wei).toBe(String(startBalance));
    expect(r.end_balance_wei).toBe(String(endBalance));
    expect(r.difference_wei).toBe('0');
    expect(r.is_balanced).toBe(true);

    // The same sum, independently: start + incoming − deposits − top-ups − gas + refunds − other outgoing = end.
    const t = Object.fromEntries(Object.entries(ledger.totals).map(([key, value]) => [key, BigInt(value)]));
    expect(startBalance + t['incoming_wei']! - t['deposits_wei']! - t['top_ups_wei']! - t['gas_wei']! + t['refunds_wei']! - t['other_outgoing_wei']!).toBe(endBalance);

    // Every movement of the sequence is there, named by its VM.
    const kinds = (kind: string) => ledger.movements.filter((movement) => movement.kind === kind);
    expect(kinds('incoming').map((movement) => movement.amount_wei)).toEqual([String(parseEther('3'))]);
    expect(kinds('deposit').map((movement) => movement.vm_name).sort()).toEqual(['ledger-a', 'ledger-b', 'ledger-c', 'ledger-d']);
    expect(kinds('top_up').filter((movement) => movement.vm_name === 'ledger-a').length).toBeGreaterThanOrEqual(2);
    expect(kinds('top_up').map((movement) => movement.vm_name)).toEqual(expect.arrayContaining(['ledger-b', 'ledger-c']));
    expect(kinds('refund').map((movement) => movement.vm_name).sort()).toEqual(['ledger-a', 'ledger-b', 'ledger-d']);
    // Gas: one charge per transaction the wallet sent (its nonce counts them).
    const [nonceStart, nonceEnd] = await Promise.all([
      chain.getTransactionCount({address: state.walletAddress, blockNumber: startBlock - 1n}),
      chain.getTransactionCount({address: state.walletAddress, blockNumber: endBlock}),
    ]);
    expect(ledger.movements.filter((movement) => BigInt(movement.gas_wei) > 0n).length).toBe(nonceEnd - nonceStart);
    expect(ledger.streams.filter((stream) => stream.is_open).map((stream) => stream.vm_name)).toEqual(['ledger-c']);
    expect(ledger.by_vm.map((row) => row.vm_name).sort()).toEqual(['ledger-a', 'ledger-b', 'ledger-c', 'ledger-d']);
    // USD at the price golem paid at (the devnet fixes ETH at $3000): every stream movement carries it.
    expect(new Set(ledger.movements.filter((movement) => movement.kind !== 'incoming').map((movement) => movement.eth_usd))).toEqual(new Set(['3000']));
    expect(ledger.by_vm.every((row) => row.spent_usd !== null)).toBe(true);

    // The text and CSV forms of the same period agree.
    const text = await golemOk(['ledger', '--from-block', String(startBlock), '--to-block', String(endBlock)]);
    expect(text).toContain('Balanced to the wei.');
    const csv = (await golemOk(['ledger', '--from-block', String(startBlock), '--to-block', String(endBlock), '--csv'])).trim().split('\n');
    expect(csv[0]).toBe('time,block,kind,vm,stream_id,amount_wei,gas_wei,balance_effect_wei,amount_eth,gas_eth,amount_usd,tx_hash,counterparty');
    expect(csv.length - 1).toBe(ledger.movements.length);
    const byDay = await golemOk(['ledger', '--from-block', String(startBlock), '--to-block', String(endBlock), '--by', 'day']);
    expect(byDay).toMatch(/\d{4}-\d{2}-\d{2} +[\d.]+ ETH/);
    if (process.env['GOLEM_LEDGER_PRINT'] === '1') process.stdout.write(`${text}\n${byDay}\n`);

    // Cost so far per VM in vm list, and the wallet's runway for the one VM still running.
    const listed = JSON.parse(await golemOk(['vm', 'list', '--json'])) as {vms: {name: string; cost_so_far_wei: string | null}[]};
    const costC = listed.vms.find((vm) => vm.name === 'ledger-c')?.cost_so_far_wei;
    expect(BigInt(costC ?? '0')).toBeGreaterThanOrEqual(BigInt(ledger.by_vm.find((row) => row.vm_name === 'ledger-c')!.spent_wei));
    const wallet = JSON.parse(await golemOk(['wallet', '--json'])) as {runway: {vm_count: number; runway_seconds: string; is_below_horizon: boolean} | null};
    expect(wallet.runway).toMatchObject({vm_count: 1, is_below_horizon: false});
    // With the monitor off nothing tops ledger-c up: its ~3 h left are below the 72 h horizon.
    const short = await golem(['wallet'], {GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED: 'false'});
    expect(short.stdout).toMatch(/Runway +: funds the running VM for [23]h \d\dm \(monitor off: no top-ups\) at the monitor's policy/);
    expect(short.stderr).toMatch(/Warning: The wallet runs out before .* GOLEM_REQUESTOR_RUNWAY_WARNING_HOURS/);
  }, 300_000);

  it('the dashboard\'s Wallet screen draws the runway and the spend charts at 80×24 in a real terminal (tmux)', async () => {
    const found = await execa('tmux', ['-V'], {reject: false});
    if (found.exitCode !== 0) throw new Error('tmux is missing: `apt-get install tmux` (.ci/run installs it).');
    const socket = `golem-ledger-${process.pid}`;
    const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args]);
    try {
      await tmux('new-session', '-d', '-s', 'tui', '-x', '80', '-y', '24', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), `${process.execPath} ${cli} tui; sleep 600`);
      const deadline = Date.now() + 60_000;
      let screen = '';
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await tmux('send-keys', '-t', 'tui', '4');
      while (Date.now() < deadline) {
        screen = (await tmux('capture-pane', '-t', 'tui', '-p')).stdout;
        if (/Spent per VM/.test(screen) && /ledger-c/.test(screen)) break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      if (process.env['GOLEM_LEDGER_PRINT'] === '1') process.stdout.write(`${screen}\n`);
      const lines = screen.split('\n');
      expect(lines.length).toBeLessThanOrEqual(24);
      expect(Math.max(...lines.map((line) => line.trimEnd().length))).toBeLessThanOrEqual(80);
      expect(screen).toMatch(/Runway +funds the running VM for (over )?\d+d \d\dh/);
      expect(screen).toMatch(/Spent per day +Spent per VM/);
      expect(screen).toMatch(/ledger-[abcd] +█/);
      expect(screen).toMatch(/runway >?\d+d \d\dh/); // the status bar
    } finally {
      await tmux('kill-server').catch(() => undefined);
    }
  }, 90_000);
});
