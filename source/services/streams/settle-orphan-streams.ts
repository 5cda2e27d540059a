import type {Hex} from 'viem';
import {AppError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {StreamRecord} from '../types.js';
import {currentChain, isOnChain} from './chain-binding.js';
import {scanStreams} from './scan-streams.js';
import {terminateStream} from './terminate-stream.js';

/** One orphan stream `settleOrphanStreams` ended (or could not end yet); the shape of a reconcile action. */
export type OrphanSettlement = {
  readonly kind: 'refunded' | 'retry-later';
  readonly vmName: string | null;
  readonly streamId: bigint;
  /** Wei that came back to the wallet (the Terminated event's sender refund); null when nothing was sent. */
  readonly refundWei: bigint | null;
  readonly txHash: Hex | null;
  /** One sentence for people. */
  readonly message: string;
};

/**
 * The ids of the open streams, among `records`, that fund no VM the user can see (issue 11 item 3): not the stream
 * of any VM row (a `deleted` VM does not count), not the VM name of an unfinished operation (a create still
 * running), and not a stream opened by hand for a later `vm create --stream-id` (origin `golem`, no VM name).
 * Streams found only by the event scan (origin `scan`) with no VM are orphans. Pure; never throws.
 */
export function findOrphanStreams(ctx: ServiceContext, records: readonly StreamRecord[]): Set<bigint> {
  const {vms, operations} = ctx.db.repositories;
  const used = new Set(vms.list().flatMap((vm) => (vm.streamId === null || vm.status === 'deleted' ? [] : [vm.streamId])));
  const unfinished = operations.listUnfinished();
  const busyNames = new Set(unfinished.flatMap((row) => (row.vmName === null ? [] : [row.vmName])));
  const busyStreams = new Set(unfinished.flatMap((row) => (row.streamId === null ? [] : [row.streamId])));
  const orphans = new Set<bigint>();
  for (const record of records) {
    if (record.status !== 'open' || used.has(record.streamId) || busyStreams.has(record.streamId)) continue;
    if (record.vmName !== null && busyNames.has(record.vmName)) continue;
    if (record.vmName === null && record.origin !== 'scan') continue;
    orphans.add(record.streamId);
  }
  return orphans;
}

/**
 * Scans the contract's events for the wallet's streams (`scanStreams`), then ends every stream on the current chain
 * that funds no VM the user can see (`findOrphanStreams`) and reports the refund the Terminated event says came back.
 * Streams already ended on chain are only marked. A stream that cannot be ended now is reported `retry-later`;
 * the others still go ahead. Called by `reconcile` (`golem vm reconcile`).
 *
 * Throws `ChainError`/`RpcUnavailableError` when the scan itself fails.
 *
 * @example
 * for (const settled of await settleOrphanStreams(ctx)) console.log(settled.message)
 */
export async function settleOrphanStreams(ctx: ServiceContext): Promise<OrphanSettlement[]> {
  await scanStreams(ctx);
  const chain = await currentChain(ctx);
  const records = ctx.db.repositories.streams.list().filter((record) => isOnChain(record, chain));
  const orphans = findOrphanStreams(ctx, records);
  const settled: OrphanSettlement[] = [];
  for (const record of records.filter((candidate) => orphans.has(candidate.streamId))) {
    const what = record.vmName === null ? 'found by the event scan' : `for '${record.vmName}'`;
    try {
      const ended = await terminateStream(ctx, record.streamId, record.vmName);
      if (ended.wasAlreadyEnded) continue;
      settled.push({
        kind: 'refunded',
        vmName: record.vmName,
        streamId: record.streamId,
        refundWei: ended.refundWei,
        txHash: ended.txHash,
        message: `Stream ${record.streamId} (${what}) funded no VM: ended it, ${ended.refundWei} wei came back.`,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      settled.push({
        kind: 'retry-later',
        vmName: record.vmName,
        streamId: record.streamId,
        refundWei: null,
        txHash: null,
        message: `Stream ${record.streamId} (${what}) funds no VM but could not be ended now: ${error.shortMessage} Run \`golem vm reconcile\` again later.`,
      });
    }
  }
  return settled;
}
