/**
 * Crash safety on a real devnet with the built CLI (`dist/source/cli.js`, built by `npm test`): a real golem
 * process is SIGKILLed at each step of create, stop, destroy and top-up (GOLEM_TEST_HOOKS=1 +
 * GOLEM_TEST_KILL_AT=<step>, source/lib/kill-point.ts), then `golem vm reconcile` runs once and the chain is read:
 * no stream is funded without a running VM, and every wei is accounted for (Σ deposits = paid to providers +
 * refunded + still streaming). Issue 6 items 1 and its kill-point test; the devnet answers with 300 ms RPC latency
 * (issue 11 item 1).
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {execa} from 'execa';
import {createPublicClient, http, isAddressEqual, parseAbiItem, zeroAddress, type Address} from 'viem';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {streamPaymentAbi} from '../../contracts/abi/stream-payment.js';
import type {KillStep} from '../../source/lib/kill-point.js';

const cli = resolve('dist/source/cli.js');
const baseDir = mkdtempSync(join(tmpdir(), 'golem-crash-'));
const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', NO_COLOR: '1'};
const size = ['--cpu', '1', '--memory', '1', '--storage', '10'];

/** What the automatic reconcile told the user (progress lines of later commands), for the summary. */
const autoReconciled: string[] = [];

async function golem(args: string[], extraEnv: Record<string, string> = {}) {
  const result = await execa(process.execPath, [cli, ...args], {env: {...env, ...extraEnv}, reject: false, timeout: 120_000, stdin: 'ignore'});
  autoReconciled.push(...result.stderr.split('\n').filter((line) => /interrupted|^→ Resumed|funded no VM|^→ Recorded stream/.test(line)));
  return result;
}

async function golemJson<T>(args: string[]): Promise<T> {
  const result = await golem([...args, '--json']);
  expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** Runs `golem args` with the kill hook at `step` of `vm` and checks it really died by SIGKILL there. */
async function killedAt(step: KillStep, vm: string, args: string[]): Promise<void> {
  const result = await golem(args, {GOLEM_TEST_HOOKS: '1', GOLEM_TEST_KILL_AT: step, GOLEM_TEST_KILL_VM: vm});
  expect(result.signal, `${step}: ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`).toBe('SIGKILL');
}

/** Runs `tasks` at most `limit` at a time (2 cores; the wallet lock serialises the sends anyway). */
async function inBatches<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < tasks.length; index += limit) {
    results.push(...(await Promise.all(tasks.slice(index, index + limit).map((task) => task()))));
  }
  return results;
}

type DevnetState = {rpcUrl: string; streamPaymentAddress: Address; walletAddress: Address};
type ListedVm = {name: string; status: string; config: {stream_id: string | null}};

let state: DevnetState;

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
  // 300 ms per RPC reply, as a public L2 endpoint answers (issue 11): kills land inside the windows it opens.
  const up = await golem(['devnet', 'up', '--detach', '--providers', '4', '--latency', '300ms']);
  expect(up.exitCode, up.stderr + up.stdout).toBe(0);
  state = JSON.parse(readFileSync(join(baseDir, 'devnet', 'state.json'), 'utf8')) as DevnetState;
}, 120_000);

afterAll(async () => {
  await golem(['devnet', 'down']);
  rmSync(baseDir, {recursive: true, force: true});
}, 60_000);

/** What the user asked for at each kill point, and what reconcile must leave. */
type Scenario = {
  step: KillStep;
  vm: string;
  /** A VM created normally first (stop, destroy, top-up scenarios). */
  prepared: boolean;
  command: (vm: string) => string[];
  /** The VM's status after reconcile, or 'gone'. */
  expected: 'running' | 'stopped' | 'gone';
};

const create = (vm: string) => ['vm', 'create', vm, '--provider-id', '', ...size, '--hours', '1', '--yes'];
const scenarios: Scenario[] = [
  {step: 'top-up:intent', vm: 'kill-topup-1', prepared: true, command: () => [], expected: 'running'},
  {step: 'top-up:sent', vm: 'kill-topup-2', prepared: true, command: () => [], expected: 'running'},
  {step: 'stop:intent', vm: 'kill-stop-1', prepared: true, command: (vm) => ['vm', 'stop', vm], expected: 'stopped'},
  {step: 'stop:provider-stopped', vm: 'kill-stop-2', prepared: true, command: (vm) => ['vm', 'stop', vm], expected: 'stopped'},
  {step: 'terminate:sent', vm: 'kill-stop-3', prepared: true, command: (vm) => ['vm', 'stop', vm], expected: 'stopped'},
  {step: 'destroy:intent', vm: 'kill-destroy-1', prepared: true, command: (vm) => ['vm', 'destroy', vm, '--yes'], expected: 'gone'},
  {step: 'destroy:provider-deleted', vm: 'kill-destroy-2', prepared: true, command: (vm) => ['vm', 'destroy', vm, '--yes'], expected: 'gone'},
  {step: 'terminate:sent', vm: 'kill-destroy-3', prepared: true, command: (vm) => ['vm', 'destroy', vm, '--yes'], expected: 'gone'},
  {step: 'destroy:terminated', vm: 'kill-destroy-4', prepared: true, command: (vm) => ['vm', 'destroy', vm, '--yes'], expected: 'gone'},
  {step: 'create:intent', vm: 'kill-create-1', prepared: false, command: create, expected: 'gone'},
  {step: 'create-stream:sent', vm: 'kill-create-2', prepared: false, command: create, expected: 'gone'},
  {step: 'create:stream-mined', vm: 'kill-create-3', prepared: false, command: create, expected: 'gone'},
  {step: 'create:vm-requested', vm: 'kill-create-4', prepared: false, command: create, expected: 'running'},
  {step: 'create:vm-ready', vm: 'kill-create-5', prepared: false, command: create, expected: 'running'},
];

describe('kill points: SIGKILL at every step, then reconcile', () => {
  it('leaves no stream funded without a running VM and accounts for every wei', async () => {
    // The two largest providers (16 + 8 CPUs): room for every VM of the test, one CPU each.
    const listed = await golemJson<{providers: {provider_id: string; resources: {cpu: number}}[]}>(['vm', 'providers', ...size]);
    const providers = listed.providers.sort((a, b) => b.resources.cpu - a.resources.cpu).slice(0, 2).map((provider) => provider.provider_id);
    expect(providers.length).toBe(2);
    const providerOf = (index: number) => providers[index % providers.length]!;
    const createArgs = (vm: string, index: number) => create(vm).map((word) => (word === '' ? providerOf(index) : word));

    // VMs the stop/destroy/top-up scenarios act on, created normally.
    const streams = new Map<string, string>();
    await inBatches(
      4,
      scenarios.flatMap((scenario, index) =>
        scenario.prepared
          ? [
              async () => {
                const created = await golemJson<{stream_id: string}>(createArgs(scenario.vm, index));
                streams.set(scenario.vm, created.stream_id);
              },
            ]
          : [],
      ),
    );

    // Every kill point, four processes at a time; the creates last, so the explicit reconcile below settles them
    // (each command first settles what earlier, dead runs left, so the earlier batches are settled on the way).
    await inBatches(
      4,
      scenarios.map((scenario, index) => async () => {
        const args = scenario.step.startsWith('top-up')
          ? ['vm', 'stream', 'topup', '--stream-id', streams.get(scenario.vm)!, '--hours', '1', '--yes']
          : scenario.prepared
            ? scenario.command(scenario.vm)
            : createArgs(scenario.vm, index);
        await killedAt(scenario.step, scenario.vm, args);
      }),
    );

    const reconciled = await golem(['vm', 'reconcile', '--json']);
    expect(reconciled.exitCode, reconciled.stderr + reconciled.stdout).toBe(0);
    const report = JSON.parse(reconciled.stdout) as {actions: {kind: string; vm_name: string | null}[]; in_progress: number};
    expect(report.in_progress).toBe(0);
    // A second run finds nothing left to do.
    const again = await golemJson<{actions: unknown[]}>(['vm', 'reconcile']);
    expect(again.actions).toEqual([]);

    const {vms} = await golemJson<{vms: ListedVm[]}>(['vm', 'list']);
    const byName = new Map(vms.map((vm) => [vm.name, vm]));
    for (const scenario of scenarios) {
      const vm = byName.get(scenario.vm);
      expect(vm?.status ?? 'gone', `${scenario.step} (${scenario.vm})`).toBe(scenario.expected);
    }

    // Chain truth: every live stream of this wallet funds a running VM; every wei is accounted for.
    const client = createPublicClient({transport: http(state.rpcUrl)});
    const address = state.streamPaymentAddress;
    const count = await client.readContract({address, abi: streamPaymentAbi, functionName: 'nextStreamId'});
    const running = new Set(vms.filter((vm) => vm.status === 'running').map((vm) => vm.config.stream_id));
    const terminated = await client.getLogs({
      address,
      event: parseAbiItem('event Terminated(uint256 indexed streamId, uint256 senderRefund, uint256 recipientPayout)'),
      fromBlock: 0n,
    });
    const ended = new Map(terminated.map((log) => [log.args.streamId!, log.args]));
    let deposits = 0n;
    let paidToProviders = 0n;
    let refunded = 0n;
    let streaming = 0n;
    const orphans: bigint[] = [];
    for (let id = 1n; id <= count; id++) {
      const [, sender, recipient, , , , deposit, withdrawn] = await client.readContract({address, abi: streamPaymentAbi, functionName: 'streams', args: [id]});
      if (!isAddressEqual(sender, state.walletAddress)) continue;
      deposits += deposit;
      paidToProviders += withdrawn;
      if (isAddressEqual(recipient, zeroAddress)) {
        const event = ended.get(id);
        expect(event, `stream ${id} ended without a Terminated event`).toBeDefined();
        refunded += event!.senderRefund!;
        paidToProviders += event!.recipientPayout!;
      } else {
        streaming += deposit - withdrawn;
        if (!running.has(String(id))) orphans.push(id);
      }
    }
    expect(orphans, 'streams funded without a running VM').toEqual([]);
    expect(deposits).toBe(paidToProviders + refunded + streaming);
    expect(await client.getBalance({address})).toBe(streaming);

    const summary = {
      killPoints: scenarios.length,
      survived: scenarios.filter((scenario) => (byName.get(scenario.vm)?.status ?? 'gone') === scenario.expected).length,
      reconcileActions: report.actions.map((action) => `${action.kind}:${action.vm_name}`),
      autoReconciled,
      streams: Number(count),
      depositsWei: deposits,
      paidToProvidersWei: paidToProviders,
      refundedWei: refunded,
      streamingWei: streaming,
    };
    process.stdout.write(`crash-safety summary: ${JSON.stringify(summary, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n`);
  }, 480_000);
});
