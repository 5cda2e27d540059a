import type {Address, Hex} from 'viem';
import type {ServiceContext} from '../context.js';
import {reconcilePayments} from './reconcile-payments.js';
import {describeError} from '../../lib/json.js';

/**
 * Opens a native-ETH stream paying `recipient` and records it: an operation row before sending, the tx hash as
 * soon as it is broadcast (before the receipt, case-22), the stream row once the id is known. The caller has
 * checked funds and the provider. Unfinished payments of an earlier run are settled first (`reconcilePayments`).
 * Throws what `reconcilePayments` and `StreamPaymentClient.createStream` throw.
 */
export async function openStreamFor(
  ctx: ServiceContext,
  {
    recipient,
    depositWei,
    ratePerSecondWei,
    vmName,
  }: {recipient: Address; depositWei: bigint; ratePerSecondWei: bigint; vmName: string | null},
): Promise<{streamId: bigint; txHash: Hex}> {
  const {profile, client} = ctx.payments();
  await reconcilePayments(ctx);
  const {operations} = ctx.db.repositories;
  const operation = operations.start({
    kind: 'create-stream',
    vmName,
    streamId: null,
    detail: `deposit ${depositWei} wei to ${recipient} at ${ratePerSecondWei} wei/s`,
  });
  try {
    const result = await client.createStream({
      recipient,
      depositWei,
      ratePerSecondWei,
      onSent: (hash) => operations.update(operation.id, {status: 'sent', txHash: hash}),
    });
    ctx.db.transact((repositories) => {
      repositories.streams.upsert({
        streamId: result.streamId,
        chainId: profile.chainId,
        contractAddress: profile.streamPaymentAddress,
        recipient,
        depositWei,
        ratePerSecondWei,
        vmName,
        status: 'open',
        createTxHash: result.txHash,
      });
      repositories.operations.update(operation.id, {status: 'done', streamId: result.streamId, txHash: result.txHash});
    });
    return result;
  } catch (error) {
    operations.update(operation.id, {status: 'failed', detail: describeError(error)});
    throw error;
  }
}
