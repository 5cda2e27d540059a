import {isAddressEqual, zeroAddress} from 'viem';
import type {ServiceContext} from '../context.js';
import {computeStream} from '../streams/stream-math.js';
import {computeWalletRunway, type RunwayStream, type WalletRunway} from './wallet-runway.js';

/**
 * The wallet's runway now: the streams of the running VMs on the payments profile's chain and contract (as the
 * monitor picks them), read on chain in one batch at the latest block's time (two round trips), the wallet's balance and the gas of
 * one top-up, under the monitor's policy (`config.monitor`) and the user's horizon (`config.runwayWarningSeconds`).
 * Streams ended, halted or sent by another wallet are left out. Null when no VM runs.
 *
 * Throws `ConfigError` (no payments network), `ChainError`, `RpcUnavailableError`.
 *
 * @example
 * const runway = await getWalletRunway(ctx) // → {runwaySeconds: 367200n, streamCount: 3, isBelowHorizon: false, …}
 */
export async function getWalletRunway(ctx: ServiceContext): Promise<WalletRunway | null> {
  const {profile, client} = ctx.payments();
  const running = ctx.db.repositories.vms.list().flatMap((vm) => {
    if (vm.status !== 'running' || vm.streamId === null) return [];
    const record = ctx.db.repositories.streams.get(vm.streamId);
    if (!record || record.chainId !== profile.chainId || !isAddressEqual(record.contractAddress, profile.streamPaymentAddress)) return [];
    return [{vmName: vm.name, streamId: vm.streamId}];
  });
  if (running.length === 0) return null;
  // Head, balance and fees in one batch; then the streams at that head in one more (shared with whatever else reads
  // streams in the same tick, e.g. `getWallet` beside it in `golem wallet`: issue 16).
  const [head, balanceWei, gasPerTopUpWei] = await Promise.all([client.events.getLatestBlock(), client.getBalance(), client.estimateMaxGasCostWei()]);
  const {blockTimestamp, streams} = await client.getStreams(
    running.map(({streamId}) => streamId),
    {blockNumber: head},
  );
  const runwayStreams: RunwayStream[] = [];
  for (const {vmName, streamId} of running) {
    const stream = streams.get(streamId);
    if (!stream || isAddressEqual(stream.recipient, zeroAddress) || stream.halted || !isAddressEqual(stream.sender, client.walletAddress)) continue;
    const {remainingSeconds} = computeStream(stream, blockTimestamp);
    runwayStreams.push({streamId, vmName, remainingSeconds, ratePerSecondWei: stream.ratePerSecond});
  }
  return computeWalletRunway({
    balanceWei,
    gasPerTopUpWei,
    streams: runwayStreams,
    policy: ctx.config.monitor,
    horizonSeconds: ctx.config.runwayWarningSeconds,
  });
}
