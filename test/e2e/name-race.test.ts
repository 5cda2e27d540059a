/**
 * Issue 11 item 3 with real processes on a real devnet (built CLI, `dist/source/cli.js`): five `golem vm create
 * race-1` at once, and `golem vm reconcile` run twice while they are under way. Exactly one create pays (counted on
 * chain: one stream opened), the four others are refused before paying, the winner's VM is not deleted by anyone's
 * clean-up, and the concurrent reconciles leave the live create alone.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {execa} from 'execa';
import {createPublicClient, http, type Address} from 'viem';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {streamPaymentAbi} from '../../contracts/abi/stream-payment.js';

const cli = resolve('dist/source/cli.js');
const baseDir = mkdtempSync(join(tmpdir(), 'golem-race-'));
const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', NO_COLOR: '1'};
const size = ['--cpu', '1', '--memory', '1', '--storage', '10'];

function golem(args: string[]) {
  return execa(process.execPath, [cli, ...args], {env, reject: false, timeout: 120_000, stdin: 'ignore'});
}

type DevnetState = {rpcUrl: string; streamPaymentAddress: Address; walletAddress: Address};
let state: DevnetState;

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
  const up = await golem(['devnet', 'up', '--detach', '--providers', '1']);
  expect(up.exitCode, up.stderr + up.stdout).toBe(0);
  state = JSON.parse(readFileSync(join(baseDir, 'devnet', 'state.json'), 'utf8')) as DevnetState;
}, 120_000);

afterAll(async () => {
  await golem(['devnet', 'down']);
  rmSync(baseDir, {recursive: true, force: true});
}, 60_000);

describe('issue 11: five concurrent creates of one name', () => {
  it('exactly one pays; the others are refused before paying; concurrent reconciles leave the live create alone', async () => {
    const listed = await golem(['vm', 'providers', ...size, '--json']);
    const providerId = (JSON.parse(listed.stdout) as {providers: {provider_id: string}[]}).providers[0]!.provider_id;
    const chain = createPublicClient({transport: http(state.rpcUrl)});
    const streamsOpened = () => chain.readContract({address: state.streamPaymentAddress, abi: streamPaymentAbi, functionName: 'nextStreamId'});
    const before = await streamsOpened();

    const create = () => golem(['vm', 'create', 'race-1', '--provider-id', providerId, ...size, '--hours', '1', '--yes', '--json']);
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const reconcileDuring = async (ms: number) => {
      await later(ms);
      return golem(['vm', 'reconcile', '--json']);
    };
    const [creates, reconciles] = await Promise.all([
      Promise.all([create(), create(), create(), create(), create()]),
      Promise.all([reconcileDuring(1500), reconcileDuring(3000)]),
    ]);

    const winners = creates.filter((result) => result.exitCode === 0);
    const losers = creates.filter((result) => result.exitCode !== 0);
    expect(winners, creates.map((result) => result.stderr).join('\n---\n')).toHaveLength(1);
    for (const loser of losers) {
      expect(loser.stderr).toMatch(/A VM named 'race-1' (already exists|is being created by another golem run)\..*Nothing was paid/s);
    }
    // Counted on chain: one stream opened by the five runs.
    expect((await streamsOpened()) - before).toBe(1n);

    for (const reconciled of reconciles) {
      expect(reconciled.exitCode, reconciled.stderr).toBe(0);
      const report = JSON.parse(reconciled.stdout) as {actions: {vm_name: string | null; kind: string}[]};
      expect(report.actions.filter((action) => action.vm_name === 'race-1')).toEqual([]);
    }

    // The winner's VM is running, at the provider too, on the stream it paid for.
    const won = JSON.parse(winners[0]!.stdout) as {stream_id: string};
    const {vms} = JSON.parse((await golem(['vm', 'list', '--json'])).stdout) as {vms: {name: string; status: string; config: {stream_id: string}; confirmed_at: string | null}[]};
    expect(vms).toEqual([expect.objectContaining({name: 'race-1', status: 'running', config: expect.objectContaining({stream_id: won.stream_id}), confirmed_at: expect.any(String)})]);
    const destroyed = await golem(['vm', 'destroy', 'race-1', '--yes', '--json']);
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect(JSON.parse(destroyed.stdout)).toMatchObject({stream_id: won.stream_id});
  }, 240_000);
});
