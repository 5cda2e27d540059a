import type {Address, Hex} from 'viem';
import type {ServiceContext} from '../context.js';
import {paymentFailure} from './payment-failure.js';
import {reconcilePayments} from './reconcile-payments.js';
import {killPoint} from '../../lib/kill-point.js';

/**
 * Opens a stream paying `recipient` — native ETH, or ERC20 `token` (approve first when the allowance is short,
 * reference §6.7; amounts then in the token's smallest unit) — and records it: an operation row before sending, the tx hash as
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
    token = null,
  }: {recipient: Address; depositWei: bigint; ratePerSecondWei: bigint; vmName: string | null; token?: Address | null},
): Promise<{streamId: bigint; txHash: Hex}> {
  const {profile, client} = ctx.payments();
  await reconcilePayments(ctx);
  const {operations} = ctx.db.repositories;
  const operation = operations.start({
    kind: 'create-stream',
    vmName,
    streamId: null,
    detail: `deposit ${depositWei} ${token ? `units of token ${token}` : 'wei'} to ${recipient} at ${ratePerSecondWei}/s`,
  });
  let isHashStored = false;
  try {
    const result = await client.createStream({
      recipient,
      depositWei,
      ratePerSecondWei,
      token: token ?? undefined,
      // ERC20 mode: the approve's hash goes into the detail, not txHash (reconciliation checks the createStream).
      onApprovalSent: (hash) => operations.update(operation.id, {detail: `${operation.detail}; approve ${hash}`}),
      onSent: (hash) => {
        isHashStored = true;
        operations.update(operation.id, {status: 'sent', txHash: hash});
        killPoint('create-stream:sent', vmName);
      },
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
    operations.update(operation.id, paymentFailure(isHashStored, error));
    throw error;
  }
}
