import type {Address, Hex} from 'viem';
import type {ServiceContext} from '../context.js';
import {currentChain} from './chain-binding.js';
import {recordTransaction} from './record-transaction.js';
import {reconcilePayments} from './reconcile-payments.js';

/**
 * Opens a stream paying `recipient` — native ETH, or ERC20 `token` (approve first when the allowance is short,
 * reference §6.7; amounts then in the token's smallest unit) — and records it: an operation row bound to the chain
 * (id, contract, genesis hash) before anything is signed, the signed transaction (hash, raw, nonce) before it is
 * broadcast (issue 11 item 1), the stream row once the id is known. `depositWei: 'max'` (native ETH only) deposits
 * the whole balance less this transaction's fee cap (issue 11 item 7); the deposit returned is what was sent. The
 * caller has checked funds and the provider. Unfinished payments of an earlier run are settled first
 * (`reconcilePayments`). Throws what `reconcilePayments` and `StreamPaymentClient.createStream` throw.
 */
export async function openStreamFor(
  ctx: ServiceContext,
  {
    recipient,
    depositWei,
    ratePerSecondWei,
    vmName,
    token = null,
  }: {recipient: Address; depositWei: bigint | 'max'; ratePerSecondWei: bigint; vmName: string | null; token?: Address | null},
): Promise<{streamId: bigint; txHash: Hex; depositWei: bigint}> {
  const {profile, client} = ctx.payments();
  await reconcilePayments(ctx);
  const chain = await currentChain(ctx);
  const {operations} = ctx.db.repositories;
  const operation = operations.start({
    kind: 'create-stream',
    vmName,
    streamId: null,
    chain,
    detail: `deposit ${depositWei === 'max' ? 'all spendable' : depositWei} ${token ? `units of token ${token}` : 'wei'} to ${recipient} at ${ratePerSecondWei}/s`,
  });
  const recorder = recordTransaction(ctx, operation, {signed: 'create-stream:signed', sent: 'create-stream:sent'});
  try {
    const result = await client.createStream({
      recipient,
      depositWei,
      ratePerSecondWei,
      token: token ?? undefined,
      // ERC20 mode: the approve's hash goes into the detail, not txHash (reconciliation checks the createStream).
      onApprovalSent: (hash) => operations.update(operation.id, {detail: `${operation.detail}; approve ${hash}`}),
      onSigned: recorder.onSigned,
      onSent: recorder.onSent,
    });
    ctx.db.transact((repositories) => {
      repositories.streams.upsert({
        streamId: result.streamId,
        chainId: profile.chainId,
        contractAddress: profile.streamPaymentAddress,
        genesisHash: chain.genesisHash,
        recipient,
        depositWei: result.depositWei,
        ratePerSecondWei,
        vmName,
        status: 'open',
        createTxHash: result.txHash,
      });
      repositories.operations.update(operation.id, {status: 'done', streamId: result.streamId, txHash: result.txHash});
    });
    return {streamId: result.streamId, txHash: result.txHash, depositWei: result.depositWei};
  } catch (error) {
    operations.update(operation.id, recorder.failure(error));
    throw error;
  }
}
