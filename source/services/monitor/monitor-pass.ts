import {isAddressEqual, zeroAddress, type Address} from 'viem';
import {AppError} from '../../errors.js';
import {formatEth} from '../../lib/format.js';
import type {ServiceContext} from '../context.js';
import {terminateStream} from '../streams/terminate-stream.js';
import {topUpStream} from '../streams/top-up-stream.js';
import {observeVms, recordObservation, type VmObservation} from '../vms/observe-vms.js';
import type {MonitorEvent, StreamRecord, Vm} from '../types.js';
import {SPEND_WINDOW_MS, spentWei} from './spend-cap.js';

/** What one monitor pass did: streams looked at, top-ups sent, and the events (top-ups, warnings) in order. */
export type MonitorPassReturnType = {
  readonly checked: number;
  readonly toppedUp: number;
  readonly events: readonly Extract<MonitorEvent, {type: 'topped-up' | 'warning'}>[];
};

/** Options of {@link monitorPass}: aborting stops before the next top-up is started. */
export type MonitorPassOptions = {readonly signal?: AbortSignal | undefined};

type PassEvent = MonitorPassReturnType['events'][number];

/**
 * One pass of the auto top-up monitor (reference §8.2, with the fixes of its ➜ TS note):
 *
 * 1. running VMs with a stream id (and VMs confirmed deleted whose stream is still open) → their local stream records; a VM whose stream has no record, or whose record
 *    is on another chain or contract than the payments profile's, is skipped with a warning;
 * 2. the providers confirm the VMs (issue 11 item 5): one `GET /vms` per provider (`observeVms`). Only a VM its
 *    provider reports `running` now goes on. A VM confirmed gone (two "not found"s, or deleted) has its stream ended
 *    and the refund reported in a warning; one the provider said once it does not know, reports in another state, or
 *    that is unreachable (timeout, refused, 5xx, redirect) is not topped up this pass, with a warning saying why;
 * 3. one batched chain read of every confirmed stream plus the block time (`getStreams`: one HTTP request);
 * 4. skipped with a warning: terminated (recipient zero), halted, foreign (sender ≠ our wallet), and expired
 *    (runway 0: a late top-up pays for the idle gap, §7.4, and the provider deletes such VMs, §8.3);
 * 5. runway < `config.monitor.minRemainingSeconds` → top up to `targetSeconds`: amount =
 *    (target − remaining) × rate, through `topUpStream` (wallet lock, pending nonce, intent row, stored hash);
 *    skipped with a warning when the top-ups of the last 24 h plus this one would exceed `spendCapWeiPerDay`.
 *
 * Never throws for a single stream: a failed read or top-up becomes a warning event (retried next pass). Throws
 * only `ConfigError` when there is no payments profile, and `StorageError` when the database fails.
 *
 * @example
 * const {checked, toppedUp, events} = await monitorPass(ctx)
 */
export async function monitorPass(ctx: ServiceContext, options: MonitorPassOptions = {}): Promise<MonitorPassReturnType> {
  const {profile, client} = ctx.payments();
  const {minRemainingSeconds, targetSeconds, spendCapWeiPerDay} = ctx.config.monitor;
  const events: PassEvent[] = [];
  const warn = (streamId: bigint | null, vmName: string | null, message: string) =>
    events.push({type: 'warning', streamId, vmName, message});

  const {vms, streams} = ctx.db.repositories;
  const candidates: {vm: Vm; streamId: bigint}[] = [];
  for (const vm of vms.list()) {
    if (vm.streamId === null || (vm.status !== 'running' && vm.status !== 'deleted')) continue;
    const record: StreamRecord | undefined = streams.get(vm.streamId);
    // A VM confirmed gone whose stream is still recorded open: its stream is ended below (retried every pass).
    if (vm.status === 'deleted' && record?.status !== 'open') continue;
    if (!record) {
      warn(vm.streamId, vm.name, `stream ${vm.streamId} of VM ${vm.name} has no local record, so its contract is unknown; it is not topped up automatically. Top it up by hand: golem vm stream topup --stream-id ${vm.streamId} --hours 1`);
      continue;
    }
    if (record.chainId !== profile.chainId || !isAddressEqual(record.contractAddress, profile.streamPaymentAddress)) {
      warn(
        vm.streamId,
        vm.name,
        `stream ${vm.streamId} lives on contract ${record.contractAddress} (chain ${record.chainId}); the monitor funds only streams on the ${profile.name} profile's StreamPayment ${profile.streamPaymentAddress} (chain ${profile.chainId}). Switch GOLEM_REQUESTOR_PAYMENTS_NETWORK to top it up.`,
      );
      continue;
    }
    candidates.push({vm, streamId: vm.streamId});
  }
  if (candidates.length === 0) return {checked: 0, toppedUp: 0, events};
  const confirmed = await confirmWithProviders(ctx, candidates, events, options);
  if (confirmed.length === 0) return {checked: candidates.length, toppedUp: 0, events};

  let read: Awaited<ReturnType<typeof client.getStreams>>;
  try {
    read = await client.getStreams(confirmed.map(({streamId}) => streamId));
  } catch (error) {
    warn(null, null, `could not read ${confirmed.length} stream(s) from the chain: ${describe(error)}; retrying next pass.`);
    return {checked: 0, toppedUp: 0, events};
  }
  const now = read.blockTimestamp;
  const wallet: Address = client.walletAddress;
  let spent = spendCapWeiPerDay === null
    ? 0n
    : spentWei(ctx.db.repositories.operations.listSince('top-up', new Date(Date.now() - SPEND_WINDOW_MS).toISOString()));
  let toppedUp = 0;

  for (const {vm, streamId} of confirmed) {
    const stream = read.streams.get(streamId);
    if (!stream) {
      warn(streamId, vm.name, `stream ${streamId} of VM ${vm.name} could not be read (${read.errors.get(streamId) ?? 'not returned'}); retrying next pass.`);
      continue;
    }
    if (isAddressEqual(stream.recipient, zeroAddress)) {
      warn(streamId, vm.name, `stream ${streamId} of VM ${vm.name} was terminated (or does not exist); it cannot be topped up. The provider stops the VM; run golem vm destroy ${vm.name} to clean up.`);
      continue;
    }
    if (stream.halted) {
      warn(streamId, vm.name, `stream ${streamId} of VM ${vm.name} was halted by the contract's oracle; it cannot be topped up. Run golem vm destroy ${vm.name} to get the rest of the deposit back.`);
      continue;
    }
    if (!isAddressEqual(stream.sender, wallet)) {
      warn(streamId, vm.name, `stream ${streamId} of VM ${vm.name} is paid by ${stream.sender}, not this wallet (${wallet}); it is not topped up.`);
      continue;
    }
    const remaining = stream.stopTime > now ? stream.stopTime - now : 0n;
    if (remaining === 0n) {
      warn(
        streamId,
        vm.name,
        `stream ${streamId} of VM ${vm.name} ran out at ${new Date(Number(stream.stopTime) * 1000).toISOString()}; it is not topped up, because a late top-up pays for the idle time since (reference §7.4) and the provider deletes VMs whose stream ran dry. Run golem vm destroy ${vm.name}, then create the VM again.`,
      );
      continue;
    }
    if (remaining >= BigInt(minRemainingSeconds)) continue;
    const amountWei = (BigInt(targetSeconds) - remaining) * stream.ratePerSecond;
    if (amountWei <= 0n) continue;
    if (spendCapWeiPerDay !== null && spent + amountWei > spendCapWeiPerDay) {
      warn(
        streamId,
        vm.name,
        `stream ${streamId} of VM ${vm.name} needs ${formatEth(amountWei, 8)} (${amountWei} wei), but top-ups in the last 24 h (${spent} wei) would then exceed the daily cap of ${spendCapWeiPerDay} wei; skipped. Raise GOLEM_REQUESTOR_STREAM_MONITOR_SPEND_CAP_ETH or top it up by hand.`,
      );
      continue;
    }
    if (options.signal?.aborted) break;
    try {
      const result = await topUpStream(ctx, {streamId, amountWei});
      spent += amountWei;
      toppedUp += 1;
      events.push({type: 'topped-up', streamId, vmName: vm.name, amountWei, newStopTime: result.newStopTime, txHash: result.txHash});
    } catch (error) {
      warn(streamId, vm.name, `top-up of stream ${streamId} (VM ${vm.name}) by ${amountWei} wei failed: ${describe(error)}; retrying next pass.`);
    }
  }
  return {checked: candidates.length, toppedUp, events};
}

/** How long the providers have to answer the monitor's confirmation requests, ms. */
const PROVIDER_DEADLINE_MS = 10_000;

type Candidate = {vm: Vm; streamId: bigint};

/**
 * Step 2 of {@link monitorPass}: asks the providers about `candidates`, records what they said (status with its date),
 * ends the streams of VMs confirmed gone (refund reported) and returns the candidates confirmed running. Warnings go
 * to `events`. Never throws for a provider or a stream; throws `StorageError`.
 */
async function confirmWithProviders(ctx: ServiceContext, candidates: readonly Candidate[], events: PassEvent[], options: MonitorPassOptions): Promise<Candidate[]> {
  const warn = (streamId: bigint, vmName: string, message: string) => events.push({type: 'warning', streamId, vmName, message});
  const asked = candidates.filter(({vm}) => vm.status !== 'deleted');
  const observed = asked.length === 0 ? new Map<string, VmObservation>() : await observeVms(ctx, asked.map(({vm}) => vm), {deadlineMs: PROVIDER_DEADLINE_MS});
  const confirmed: Candidate[] = [];
  for (const candidate of candidates) {
    const {vm, streamId} = candidate;
    const gone: VmObservation = {kind: 'missing', isConfirmed: true};
    const observation = vm.status === 'deleted' ? gone : (observed.get(vm.name) ?? {kind: 'unreachable', reason: 'not asked'});
    const stored = (vm.status === 'deleted' ? vm : recordObservation(ctx, vm.name, observation)) ?? vm;
    const lastSeen = stored.confirmedAt ? `last confirmed running at ${stored.confirmedAt}` : 'never confirmed';
    if (observation.kind === 'present') {
      if (observation.status === 'running') confirmed.push(candidate);
      else warn(streamId, vm.name, `provider ${vm.providerId} reports VM ${vm.name} as ${observation.status}; stream ${streamId} is not topped up.`);
    } else if (observation.kind === 'unreachable') {
      warn(streamId, vm.name, `provider ${vm.providerId} of VM ${vm.name} is unreachable (${observation.reason}); stream ${streamId} is not topped up while the VM is unconfirmed (${lastSeen}).`);
    } else if (!observation.isConfirmed) {
      warn(streamId, vm.name, `provider ${vm.providerId} said it does not know VM ${vm.name}; stream ${streamId} is not topped up until the provider confirms (next pass).`);
    } else if (!options.signal?.aborted) {
      try {
        const ended = await terminateStream(ctx, streamId, vm.name);
        const refund = ended.wasAlreadyEnded ? 'it had already been ended' : `${formatEth(ended.refundWei, 8)} (${ended.refundWei} wei) came back to the wallet (tx ${ended.txHash})`;
        warn(streamId, vm.name, `VM ${vm.name} is gone at provider ${vm.providerId} (confirmed); its stream ${streamId} was ended: ${refund}. Run golem vm destroy ${vm.name} to remove the row.`);
      } catch (error) {
        warn(streamId, vm.name, `VM ${vm.name} is gone at provider ${vm.providerId}, but ending its stream ${streamId} failed: ${describe(error)}; retrying next pass.`);
      }
    }
  }
  return confirmed;
}

function describe(error: unknown): string {
  if (error instanceof AppError) return error.hint ? `${error.shortMessage} ${error.hint}` : error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}
