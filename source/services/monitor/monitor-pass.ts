import {isAddressEqual, zeroAddress, type Address} from 'viem';
import {AppError} from '../../errors.js';
import {formatEth} from '../../lib/format.js';
import type {ServiceContext} from '../context.js';
import {topUpStream} from '../streams/top-up-stream.js';
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
 * 1. running VMs with a stream id → their local stream records; a VM whose stream has no record, or whose record
 *    is on another chain or contract than the payments profile's, is skipped with a warning;
 * 2. one batched chain read of every stream plus the block time (`getStreams`: one HTTP request);
 * 3. skipped with a warning: terminated (recipient zero), halted, foreign (sender ≠ our wallet), and expired
 *    (runway 0: a late top-up pays for the idle gap, §7.4, and the provider deletes such VMs, §8.3);
 * 4. runway < `config.monitor.minRemainingSeconds` → top up to `targetSeconds`: amount =
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
    if (vm.status !== 'running' || vm.streamId === null) continue;
    const record: StreamRecord | undefined = streams.get(vm.streamId);
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

  let read: Awaited<ReturnType<typeof client.getStreams>>;
  try {
    read = await client.getStreams(candidates.map(({streamId}) => streamId));
  } catch (error) {
    warn(null, null, `could not read ${candidates.length} stream(s) from the chain: ${describe(error)}; retrying next pass.`);
    return {checked: 0, toppedUp: 0, events};
  }
  const now = read.blockTimestamp;
  const wallet: Address = client.walletAddress;
  let spent = spendCapWeiPerDay === null
    ? 0n
    : spentWei(ctx.db.repositories.operations.listSince('top-up', new Date(Date.now() - SPEND_WINDOW_MS).toISOString()));
  let toppedUp = 0;

  for (const {vm, streamId} of candidates) {
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

function describe(error: unknown): string {
  if (error instanceof AppError) return error.hint ? `${error.shortMessage} ${error.hint}` : error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}
