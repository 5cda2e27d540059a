import {isAddressEqual, zeroAddress, type Hex} from 'viem';
import {AppError, ProviderError} from '../../errors.js';
import {describeError} from '../../lib/json.js';
import type {ServiceContext} from '../context.js';
import type {Operation, ProviderApi} from '../ports.js';
import {reconcilePayments} from '../streams/reconcile-payments.js';
import {terminateStream} from '../streams/terminate-stream.js';
import {settleOrphanStreams} from '../streams/settle-orphan-streams.js';
import type {Vm} from '../types.js';
import {destroyVm} from './destroy-vm.js';
import {isAbandoned, parseVmIntent, takeOverDetail, type VmIntent} from './reconcile-intent.js';
import {waitUntilReachable} from './wait-until-reachable.js';
import {dropOwnRow} from './name-claim.js';

/**
 * One thing `reconcile` did (or could not do yet):
 * - `recorded-stream`: a stream whose createStream was mined but never recorded is recorded now;
 * - `resumed`: the provider has the VM an interrupted create/start asked for, on our stream: recorded as running;
 * - `refunded`: an interrupted rental's stream funded no VM: it was terminated, `refundWei` came back;
 * - `finished-stop` / `finished-destroy`: an interrupted stop/destroy was completed (refund included);
 * - `closed`: an intent that had moved no money (or whose stream was already ended) was closed;
 * - `retry-later`: it could not be settled now (provider or chain unreachable); the intent stays open.
 */
export type ReconcileAction = {
  readonly kind: 'recorded-stream' | 'resumed' | 'refunded' | 'finished-stop' | 'finished-destroy' | 'closed' | 'retry-later';
  readonly vmName: string | null;
  readonly streamId: bigint | null;
  /** Wei that came back to the wallet (terminate refunds); null when nothing was sent. */
  readonly refundWei: bigint | null;
  /** The transaction reconcile sent (a terminate), or null. */
  readonly txHash: Hex | null;
  /** One sentence for people. */
  readonly message: string;
};

/** What `reconcile` did, plus how many intents belong to runs still going (left alone). */
export type ReconcileReport = {
  readonly actions: readonly ReconcileAction[];
  /** Unfinished intent rows of live golem processes (another window's create/destroy), not touched. */
  readonly inProgress: number;
};

/** Options of {@link reconcile}. */
export type ReconcileOptions = {
  /** Also look for recorded streams that fund no VM and no running create (on-demand `golem vm reconcile`). */
  readonly sweepStreams?: boolean;
};

const VM_KINDS: ReadonlySet<Operation['kind']> = new Set(['create-vm', 'start-vm', 'stop-vm', 'delete-vm']);

/**
 * Settles whatever a killed or failed run left behind, from its intent rows (issue 6 item 1; design.md money
 * rules). Cheap when nothing is unfinished: one indexed query. Never re-sends blindly: payments are checked by
 * transaction hash first (`reconcilePayments`, case-22), streams by chain state, VMs at their provider by name.
 *
 * - interrupted create/start: stream opened but no VM → if the provider has the VM (by name, on our stream) it is
 *   recorded as running, else the stream is terminated and the refund reported; nothing paid → intent closed;
 * - interrupted stop/destroy → completed (provider stop/delete, stream ended, row updated/removed);
 * - payments sent and never confirmed → looked up by hash; a mined createStream is recorded.
 *
 * Intents of live processes (pid alive on this host) are left alone and counted in `inProgress`.
 *
 * Throws `ChainError`/`RpcUnavailableError` when the chain is needed and unreachable, `ConflictError` when an
 * earlier transaction is still pending; provider failures become `retry-later` actions.
 *
 * @example
 * const {actions} = await reconcile(ctx, {sweepStreams: true})
 */
export async function reconcile(ctx: ServiceContext, {sweepStreams = false}: ReconcileOptions = {}): Promise<ReconcileReport> {
  const {operations} = ctx.db.repositories;
  const unfinished = operations.listUnfinished();
  if (unfinished.length === 0 && !sweepStreams) return {actions: [], inProgress: 0};
  const actions: ReconcileAction[] = [];
  // A payment of a VM operation that a live process is running (another window's create) is that process's to settle:
  // it is neither waited for here nor reported as "interrupted" (issue 11 item 3).
  const liveVmNames = new Set(
    unfinished.filter((operation) => VM_KINDS.has(operation.kind) && operation.vmName !== null && !isAbandoned(operation)).map((operation) => operation.vmName),
  );
  const isOfLiveRun = (operation: Operation) => operation.vmName !== null && liveVmNames.has(operation.vmName);
  if (unfinished.some((operation) => !VM_KINDS.has(operation.kind) && operation.txHash !== null && !isOfLiveRun(operation))) {
    const known = new Set(ctx.db.repositories.streams.list().map((stream) => stream.streamId));
    for (const streamId of await reconcilePayments(ctx)) {
      if (known.has(streamId)) continue;
      const vmName = ctx.db.repositories.streams.get(streamId)?.vmName ?? null;
      if (vmName !== null && liveVmNames.has(vmName)) continue;
      actions.push({kind: 'recorded-stream', vmName, streamId, refundWei: null, txHash: null, message: `Recorded stream ${streamId}, opened by an interrupted run.`});
    }
  }
  let inProgress = 0;
  for (const row of unfinished.filter((candidate) => VM_KINDS.has(candidate.kind))) {
    const operation = claim(ctx, row);
    if (!operation) {
      inProgress += 1;
      continue;
    }
    actions.push(await settle(ctx, operation));
  }
  if (sweepStreams) actions.push(...(await sweepOrphanStreams(ctx)));
  if (sweepStreams) actions.push(...(await settleOrphanStreams(ctx)));
  return {actions, inProgress};
}

/**
 * Takes an abandoned intent over in one IMMEDIATE transaction (it is still unfinished and its owner still gone),
 * so two processes reconciling at once never settle the same one twice. Null when it is not ours to settle.
 */
function claim(ctx: ServiceContext, row: Operation): Operation | null {
  return ctx.db.transact((repositories) => {
    const current = repositories.operations.listUnfinished().find((candidate) => candidate.id === row.id);
    if (!current || !isAbandoned(current)) return null;
    const detail = takeOverDetail(current.detail);
    repositories.operations.update(current.id, {detail});
    return {...current, detail};
  });
}

async function settle(ctx: ServiceContext, operation: Operation): Promise<ReconcileAction> {
  const name = operation.vmName ?? '';
  try {
    switch (operation.kind) {
      case 'create-vm':
      case 'start-vm':
        return await settleRental(ctx, operation, name);
      case 'stop-vm':
        return await settleStop(ctx, operation, name);
      default:
        return await settleDelete(ctx, operation, name);
    }
  } catch (error) {
    // One intent that cannot be settled now (provider down, RPC error) must not stop the others or the command.
    if (!(error instanceof AppError)) throw error;
    return retryLater(operation, error.shortMessage.replace(/\.$/, ''));
  }
}

function retryLater(operation: Operation, why: string): ReconcileAction {
  return {
    kind: 'retry-later',
    vmName: operation.vmName,
    streamId: operation.streamId,
    refundWei: null,
    txHash: null,
    message: `The interrupted ${operation.kind} of '${operation.vmName}' is not settled yet: ${why}. Run \`golem vm reconcile\` again later.`,
  };
}

/** The stream an interrupted create/start opened: on the intent, or from its createStream row (settled by hash). */
function streamOf(ctx: ServiceContext, operation: Operation): bigint | null {
  if (operation.streamId !== null) return operation.streamId;
  const opened = ctx.db.repositories.operations
    .listSince('create-stream', operation.createdAt)
    .filter((row) => row.vmName === operation.vmName && row.status === 'done' && row.streamId !== null);
  return opened[0]?.streamId ?? null;
}

function apiFor(ctx: ServiceContext, intent: VmIntent | null, vm: Vm | undefined): ProviderApi | null {
  if (vm) return ctx.providerApi({providerId: vm.providerId, host: vm.providerIp, port: vm.providerPort});
  if (!intent?.providerId || !intent.providerIp || intent.providerPort === undefined) return null;
  return ctx.providerApi({providerId: intent.providerId, host: intent.providerIp, port: intent.providerPort});
}

/** The provider's VM `name`, or null when it does not know it (404). */
async function providerVm(api: ProviderApi, name: string) {
  try {
    return await api.getVm(name);
  } catch (error) {
    if (error instanceof ProviderError && error.status === 404) return null;
    throw error;
  }
}

/** True unless the provider says the VM runs on another stream than ours (a name taken by someone else). */
async function runsOnStream(api: ProviderApi, name: string, streamId: bigint): Promise<boolean> {
  try {
    return (await api.getStream(name)).streamId === streamId;
  } catch {
    return true;
  }
}

async function settleRental(ctx: ServiceContext, operation: Operation, name: string): Promise<ReconcileAction> {
  const {vms} = ctx.db.repositories;
  const intent = parseVmIntent(operation.detail);
  const base = {vmName: name, refundWei: null, txHash: null};
  const streamId = streamOf(ctx, operation);
  if (streamId === null) {
    ctx.db.transact((repositories) => {
      dropOwnRow(repositories, operation, name, null);
      repositories.operations.update(operation.id, {status: 'failed', detail: 'interrupted before any payment'});
    });
    return {...base, kind: 'closed', streamId: null, message: `The interrupted ${operation.kind} of '${name}' had paid nothing; closed.`};
  }
  const {client} = ctx.payments();
  const onChain = await client.getStream(streamId);
  if (isAddressEqual(onChain.recipient, zeroAddress)) {
    ctx.db.transact((repositories) => {
      dropOwnRow(repositories, operation, name, streamId);
      repositories.operations.update(operation.id, {status: 'failed', detail: `stream ${streamId} already ended`});
    });
    return {...base, kind: 'closed', streamId, message: `The interrupted ${operation.kind} of '${name}': stream ${streamId} was already ended; closed.`};
  }
  const vm = vms.get(name);
  const api = apiFor(ctx, intent, vm);
  if (!api) return retryLater(operation, 'the provider of the VM is not recorded');
  const found = await providerVm(api, name);
  // A create past its deadline (GOLEM_REQUESTOR_CREATE_DEADLINE_SECONDS from its intent) is cancelled, not waited for.
  const deadlineAt = Date.parse(operation.createdAt) + ctx.timing.createTimeoutMs;
  const isAlive = found !== null && (found.status === 'running' || (found.status === 'creating' && Date.now() < deadlineAt));
  const isUsable = isAlive && (await runsOnStream(api, name, streamId));
  const access = isUsable ? await reachableBy(ctx, api, vm?.vmId ?? name, deadlineAt) : null;
  if (found !== null && access !== null) {
    ctx.db.transact((repositories) => {
      repositories.vms.upsert({
        name,
        vmId: vm?.vmId ?? name,
        providerId: (vm?.providerId ?? intent?.providerId) as Vm['providerId'],
        providerIp: vm?.providerIp ?? intent?.providerIp ?? '',
        providerPort: vm?.providerPort ?? intent?.providerPort ?? 0,
        resources: vm?.resources ?? intent?.resources ?? found.resources,
        sshHost: access.sshHost,
        sshPort: access.sshPort,
        streamId,
        status: 'running',
        confirmedAt: new Date().toISOString(),
        unreachableSince: null,
        notFoundAt: null,
      });
      if (repositories.streams.get(streamId)) repositories.streams.update(streamId, {vmName: name});
      repositories.operations.update(operation.id, {status: 'done', streamId});
    });
    return {...base, kind: 'resumed', streamId, message: `Resumed '${name}': the provider has it running on stream ${streamId}; recorded.`};
  }
  if (intent?.givenStream) {
    ctx.db.transact((repositories) => {
      dropOwnRow(repositories, operation, name, streamId);
      repositories.operations.update(operation.id, {status: 'failed', detail: 'the provider has no such VM; the given stream was left alone'});
    });
    return {...base, kind: 'closed', streamId, message: `The interrupted create of '${name}' made no VM; stream ${streamId} (given by you) was left open.`};
  }
  // Only a VM on our stream is ours to delete: a name the provider shows on another stream is someone else's.
  if (operation.kind === 'create-vm' && found !== null && (await runsOnStream(api, name, streamId))) await api.deleteVm(name).catch(() => undefined);
  const ended = await terminateStream(ctx, streamId, name);
  ctx.db.transact((repositories) => {
    // The row this create claimed, never run, is dropped; a started VM keeps its (stopped) row.
    dropOwnRow(repositories, operation, name, streamId);
    repositories.operations.update(operation.id, {status: 'failed', detail: `reconciled: stream ${streamId} ended, ${ended.refundWei} wei refunded`});
  });
  return {
    ...base,
    kind: 'refunded',
    streamId,
    refundWei: ended.refundWei,
    txHash: ended.txHash,
    message: `The interrupted ${operation.kind} of '${name}' left stream ${streamId} funding no VM: ended it, ${ended.refundWei} wei came back.`,
  };
}

/**
 * Waits (until the create's deadline) for SSH access of a VM found at its provider; null when the deadline passed
 * without it. Throws provider errors other than the deadline (the intent is then retried later).
 */
async function reachableBy(ctx: ServiceContext, api: ProviderApi, vmId: string, deadlineAt: number): Promise<{sshHost: string; sshPort: number} | null> {
  try {
    return await waitUntilReachable(ctx, {api, jobId: '', vmId, deadlineAt}, () => {});
  } catch (error) {
    if (Date.now() >= deadlineAt) return null;
    throw error;
  }
}

async function settleStop(ctx: ServiceContext, operation: Operation, name: string): Promise<ReconcileAction> {
  const {operations, vms} = ctx.db.repositories;
  const vm = vms.get(name);
  if (!vm) {
    operations.update(operation.id, {status: 'done'});
    return {kind: 'closed', vmName: name, streamId: operation.streamId, refundWei: null, txHash: null, message: `'${name}' is gone; its interrupted stop was closed.`};
  }
  const api = ctx.providerApi({providerId: vm.providerId, host: vm.providerIp, port: vm.providerPort});
  const found = await providerVm(api, vm.vmId);
  const isGone = found === null || found.status === 'deleted';
  if (!isGone && found.status !== 'stopped') await api.stopVm(vm.vmId);
  vms.update(name, {status: isGone ? 'deleted' : 'stopped'});
  const ended = vm.streamId === null ? null : await terminateStream(ctx, vm.streamId, name);
  operations.update(operation.id, {status: 'done'});
  return {
    kind: 'finished-stop',
    vmName: name,
    streamId: vm.streamId,
    refundWei: ended?.refundWei ?? null,
    txHash: ended?.txHash ?? null,
    message: `Finished the interrupted stop of '${name}'${endedText(vm.streamId, ended)}.`,
  };
}

function endedText(streamId: bigint | null, ended: {wasAlreadyEnded: boolean; refundWei: bigint} | null): string {
  if (streamId === null || ended === null) return '';
  if (ended.wasAlreadyEnded) return `: stream ${streamId} had already been ended by the interrupted run (its refund came back then)`;
  return `: stream ${streamId} ended, ${ended.refundWei} wei came back`;
}

async function settleDelete(ctx: ServiceContext, operation: Operation, name: string): Promise<ReconcileAction> {
  const {operations, vms} = ctx.db.repositories;
  if (!vms.get(name)) {
    operations.update(operation.id, {status: 'done'});
    return {kind: 'closed', vmName: name, streamId: operation.streamId, refundWei: null, txHash: null, message: `'${name}' is gone; its interrupted destroy was closed.`};
  }
  // destroyVm writes its own intent; this one is closed first so a failure leaves exactly one open.
  operations.update(operation.id, {status: 'failed', detail: 'interrupted; finished by reconcile'});
  const result = await destroyVm(ctx, name);
  return {
    kind: 'finished-destroy',
    vmName: name,
    streamId: result.streamId,
    refundWei: result.refundWei,
    txHash: result.terminateTxHash,
    message: `Finished the interrupted destroy of '${name}'${endedText(result.streamId, result.terminateTxHash === null && result.streamId !== null ? {wasAlreadyEnded: true, refundWei: 0n} : {wasAlreadyEnded: false, refundWei: result.refundWei})}.`,
  };
}

/**
 * Recorded streams opened for a VM (vm name set) that no VM row uses (a `deleted` row uses nothing) and no live run is creating, still open on
 * chain: each is terminated and its refund reported. Streams opened by hand (`golem vm stream open`) are left alone.
 */
async function sweepOrphanStreams(ctx: ServiceContext): Promise<ReconcileAction[]> {
  const {streams, vms, operations} = ctx.db.repositories;
  // A VM the provider confirmed deleted uses nothing: its stream is an orphan to end.
  const used = new Set(vms.list().flatMap((vm) => (vm.streamId === null || vm.status === 'deleted' ? [] : [vm.streamId])));
  const busy = new Set(operations.listUnfinished().flatMap((row) => (row.vmName === null ? [] : [row.vmName])));
  const candidates = streams.list().filter((stream) => stream.status === 'open' && stream.vmName !== null && !used.has(stream.streamId) && !busy.has(stream.vmName));
  if (candidates.length === 0) return [];
  const {client} = ctx.payments();
  const actions: ReconcileAction[] = [];
  for (const stream of candidates) {
    const onChain = await client.getStream(stream.streamId);
    if (isAddressEqual(onChain.recipient, zeroAddress)) {
      streams.update(stream.streamId, {status: 'terminated'});
      continue;
    }
    try {
      const ended = await terminateStream(ctx, stream.streamId, stream.vmName);
      actions.push({
        kind: 'refunded',
        vmName: stream.vmName,
        streamId: stream.streamId,
        refundWei: ended.refundWei,
        txHash: ended.txHash,
        message: `Stream ${stream.streamId} (for '${stream.vmName}') funded no VM: ended it, ${ended.refundWei} wei came back.`,
      });
    } catch (error) {
      actions.push({
        kind: 'retry-later',
        vmName: stream.vmName,
        streamId: stream.streamId,
        refundWei: null,
        txHash: null,
        message: `Stream ${stream.streamId} funds no VM but could not be ended (${describeError(error)}).`,
      });
    }
  }
  return actions;
}
