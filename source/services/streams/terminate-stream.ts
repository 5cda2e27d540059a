import {isAddressEqual, zeroAddress, type Hex} from 'viem';
import type {ServiceContext} from '../context.js';

/** What ending a stream returned: refund to us and payout to the provider, in wei. */
export type TerminateStreamReturnType = {
  readonly refundWei: bigint;
  readonly payoutWei: bigint;
  readonly txHash: Hex | null;
  /** True when the stream was already terminated on chain (nothing was sent). */
  readonly wasAlreadyEnded: boolean;
};

/**
 * Ends `streamId` with `terminate` (reference §7.2) and records it: the unvested deposit comes back to the wallet.
 * A stream already terminated on chain (recipient zero, §7.4) is only marked locally. An operation row is written
 * before sending and the hash stored when broadcast.
 *
 * Throws `ContractRevertedError`, `ChainError`, `RpcUnavailableError`.
 */
export async function terminateStream(
  ctx: ServiceContext,
  streamId: bigint,
  vmName: string | null,
): Promise<TerminateStreamReturnType> {
  const {client} = ctx.payments();
  const {operations, streams} = ctx.db.repositories;
  await client.verifyChain();
  const onChain = await client.getStream(streamId);
  if (isAddressEqual(onChain.recipient, zeroAddress)) {
    if (streams.get(streamId)) streams.update(streamId, {status: 'terminated'});
    return {refundWei: 0n, payoutWei: 0n, txHash: null, wasAlreadyEnded: true};
  }
  const operation = operations.start({kind: 'terminate', vmName, streamId, detail: null});
  try {
    const result = await client.terminate({
      streamId,
      onSent: (hash) => operations.update(operation.id, {status: 'sent', txHash: hash}),
    });
    ctx.db.transact((repositories) => {
      if (repositories.streams.get(streamId)) repositories.streams.update(streamId, {status: 'terminated'});
      repositories.operations.update(operation.id, {status: 'done', txHash: result.txHash});
    });
    return {refundWei: result.refundWei, payoutWei: result.payoutWei, txHash: result.txHash, wasAlreadyEnded: false};
  } catch (error) {
    operations.update(operation.id, {status: 'failed', detail: error instanceof Error ? error.message : String(error)});
    throw error;
  }
}
