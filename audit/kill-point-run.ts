/**
 * One kill point of the funds audit, end to end: prepare what the operation acts on, run the golem command and
 * SIGKILL it at the planned moment, run `golem vm reconcile`, read the chain independently (`chain-ledger.ts`), then
 * clean up with `golem vm purge` so the providers keep room for the next kill point.
 */
import type {Address} from 'viem';
import {createAuditHome, type AuditHome} from './audit-home.js';
import {auditLedger, type LedgerAudit, type UserView} from './chain-ledger.js';
import {describeKillPoint, type KillPoint} from './kill-plan.js';

/** Where the devnet under audit lives. */
export type AuditDevnet = {
  readonly devnetDir: string;
  /** The devnet's RPC as golem sees it (its fault proxy, with latency). */
  readonly rpcUrl: string;
  /** anvil itself: the independent read and the funding go here. */
  readonly nodeRpcUrl: string;
  readonly contract: Address;
  /** Provider ids VMs are created on, round robin. */
  readonly providerIds: readonly string[];
};

/** What happened at one kill point. */
export type KillPointResult = {
  readonly point: KillPoint;
  readonly label: string;
  /** True when the command died by SIGKILL; false when it ended first (then its exit code is kept). */
  readonly wasKilled: boolean;
  readonly commandExit: string;
  /** Exit code of `golem vm reconcile` (0 = settled). */
  readonly reconcileExit: number | undefined;
  readonly reconcileActions: readonly string[];
  readonly ledger: LedgerAudit | null;
  /** A step of the harness itself failed (preparation, lists); the kill point is counted as failed. */
  readonly harnessError: string | null;
};

const SIZE = ['--cpu', '1', '--memory', '1', '--storage', '10'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createVm(home: AuditHome, name: string, providerId: string): Promise<bigint> {
  const created = await home.json<{stream_id: string}>(['vm', 'create', name, '--provider-id', providerId, ...SIZE, '--hours', '1', '--yes']);
  return BigInt(created.stream_id);
}

/** Resolves once `proxy` has seen `method` (after `after` calls of it), or never when `done` settles first. */
async function waitForMethod(home: AuditHome, method: string, done: Promise<unknown>, after = 0): Promise<boolean> {
  let isDone = false;
  void done.then(() => (isDone = true));
  while (!isDone) {
    if (home.proxy.counters().rpcMethods.filter((seen) => seen === method).length > after) return true;
    await sleep(5);
  }
  return false;
}

async function userView(home: AuditHome): Promise<UserView> {
  const {vms} = await home.json<{vms: {name: string; status: string; config: {stream_id: string | null}}[]}>(['vm', 'list']);
  const {streams} = await home.json<{streams: {stream_id: string; deposit_wei: string; status: string}[]}>(['vm', 'stream', 'list']);
  return {
    vms: vms.map((vm) => ({name: vm.name, status: vm.status, streamId: vm.config.stream_id === null ? null : BigInt(vm.config.stream_id)})),
    streams: streams.map((stream) => ({streamId: BigInt(stream.stream_id), depositWei: BigInt(stream.deposit_wei), status: stream.status})),
  };
}

/** Runs the command of `point` in `home` and kills it as planned; returns whether it was killed and how it ended. */
async function runAndKill(home: AuditHome, point: KillPoint, args: readonly string[], vmName: string | null): Promise<{wasKilled: boolean; commandExit: string}> {
  const {timing} = point;
  const hooks: Record<string, string> =
    timing.kind === 'step' ? {GOLEM_TEST_HOOKS: '1', GOLEM_TEST_KILL_AT: timing.step, ...(vmName ? {GOLEM_TEST_KILL_VM: vmName} : {})} : {};
  home.proxy.reset();
  if (timing.kind === 'send-window') home.proxy.setFaults({rules: [{rpcMethod: 'eth_sendRawTransaction', action: {kind: 'delay', ms: timing.holdMs}}]});
  if (timing.kind === 'dropped-reply') home.proxy.setFaults({rules: [{rpcMethod: 'eth_sendRawTransaction', action: {kind: 'drop-reply'}, times: 1}]});
  const child = home.spawn(args, hooks);
  const done = child.then(() => undefined);
  let trigger: Promise<boolean>;
  switch (timing.kind) {
    case 'step':
      trigger = Promise.resolve(false);
      break;
    case 'random':
      trigger = sleep(timing.offsetMs).then(() => true);
      break;
    case 'receipt-wait':
      trigger = waitForMethod(home, 'eth_sendRawTransaction', done).then(async (seen) => seen && (await waitForMethod(home, 'eth_getTransactionReceipt', done)));
      break;
    default:
      trigger = waitForMethod(home, 'eth_sendRawTransaction', done);
  }
  const fire = await Promise.race([trigger, done.then(() => false)]);
  if (fire) {
    if (timing.kind !== 'random' && timing.kind !== 'step') await sleep(timing.offsetMs);
    child.kill('SIGKILL');
  }
  const result = await child;
  home.proxy.setFaults({});
  return {wasKilled: result.signal === 'SIGKILL', commandExit: result.signal ?? `exit ${result.exitCode}`};
}

/**
 * Runs kill point `point` in a fresh home on `devnet` and audits that home's wallet. Never throws: a failure of the
 * harness is reported in `harnessError`.
 */
export async function runKillPoint(devnet: AuditDevnet, point: KillPoint): Promise<KillPointResult> {
  const label = describeKillPoint(point);
  const home = await createAuditHome({devnetDir: devnet.devnetDir, rpcUrl: devnet.rpcUrl, nodeRpcUrl: devnet.nodeRpcUrl});
  const base = {point, label, wasKilled: false, commandExit: 'not run', reconcileExit: undefined, reconcileActions: [], ledger: null};
  try {
    const providerId = devnet.providerIds[point.index % devnet.providerIds.length]!;
    const name = `audit-${point.index}`;
    let args: string[];
    let vmName: string | null = name;
    if (point.operation === 'create') {
      args = ['vm', 'create', name, '--provider-id', providerId, ...SIZE, '--hours', '1', '--yes'];
    } else {
      const streamId = await createVm(home, name, providerId);
      if (point.operation === 'purge') {
        await createVm(home, `${name}-b`, devnet.providerIds[(point.index + 1) % devnet.providerIds.length]!);
        vmName = null;
      }
      args = {
        'top-up': ['vm', 'stream', 'topup', '--stream-id', String(streamId), '--hours', '1', '--yes'],
        stop: ['vm', 'stop', name],
        destroy: ['vm', 'destroy', name, '--yes'],
        purge: ['vm', 'purge', '--yes'],
      }[point.operation];
    }
    const {wasKilled, commandExit} = await runAndKill(home, point, args, vmName);
    const reconcile = await home.run(['vm', 'reconcile', '--json']);
    let reconcileActions: string[] = [];
    try {
      const report = JSON.parse(reconcile.stdout) as {actions?: {kind: string; vm_name: string | null}[]};
      reconcileActions = (report.actions ?? []).map((action) => `${action.kind}:${action.vm_name ?? '-'}`);
    } catch {
      reconcileActions = [`unreadable: ${reconcile.stderr.trim().split('\n').at(-1) ?? ''}`];
    }
    const ledger = await auditLedger({rpcUrl: devnet.nodeRpcUrl, contract: devnet.contract, wallet: home.wallet, view: await userView(home)});
    // Clean up so the providers keep room; not part of the audit.
    await home.run(['vm', 'purge', '--yes', '--force']);
    return {...base, wasKilled, commandExit, reconcileExit: reconcile.exitCode, reconcileActions, ledger, harnessError: null};
  } catch (error) {
    await home.run(['vm', 'purge', '--yes', '--force']).catch(() => undefined);
    return {...base, harnessError: error instanceof Error ? error.message : String(error)};
  } finally {
    await home.close();
  }
}
