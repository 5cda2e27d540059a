import {isAddressEqual, zeroAddress} from 'viem';
import {InvalidInputError, NotFoundError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {TerminateStreamReturnType} from '../services.js';
import {currentChain, isOnChain} from './chain-binding.js';
import {recordTransaction} from './record-transaction.js';
import {readWithChainCheck} from './checked-read.js';

/**
 * Ends `streamId` with `terminate` (reference §7.2) and records it: the unvested deposit comes back to the wallet.
 * A stream already terminated on chain (recipient zero, §7.4) is only marked locally. An operation row bound to the
 * chain is written before sending; the signed transaction is stored before it is broadcast (issue 11 item 1).
 *
 * One chain, one history (issue 11 item 6): when the only record of this stream (for `vmName`, when given) belongs to
 * a chain that no longer exists (a restarted devnet), nothing is sent and nothing is claimed — the result says
 * `isOnVanishedChain` with no refund. A stream that is not this wallet's (another sender, or no such stream) is
 * `NotFoundError`: the contract would refuse it, and it is not golem's to end (issue 11 item 7).
 *
 * Throws `NotFoundError`, `ContractRevertedError`, `ChainError`, `RpcUnavailableError`.
 */
export async function terminateStream(
  ctx: ServiceContext,
  streamId: bigint,
  vmName: string | null,
): Promise<TerminateStreamReturnType> {
  const {client} = ctx.payments();
  const {operations, streams} = ctx.db.repositories;
  // One round trip: the chain check, the binding and the stream (a read only; used once the records allow it).
  const [chain, onChain] = await readWithChainCheck(client, () => Promise.all([currentChain(ctx), client.getStream(streamId)]));
  const records = streams.list().filter((record) => record.streamId === streamId && (vmName === null || record.vmName === vmName));
  if (records.length > 0 && records.every((record) => record.status === 'vanished' || !isOnChain(record, chain))) {
    if (records.some((record) => record.status === 'vanished')) {
      return {refundWei: 0n, payoutWei: 0n, txHash: null, wasAlreadyEnded: false, isOnVanishedChain: true};
    }
  }
  if (!isAddressEqual(onChain.sender, client.walletAddress)) {
    throw new NotFoundError({
      entity: 'Stream',
      id: streamId.toString(),
      hint: isAddressEqual(onChain.sender, zeroAddress)
        ? 'No such stream on this chain; `golem vm stream list` shows the wallet\'s streams.'
        : `It was opened by ${onChain.sender}, not this wallet (${client.walletAddress}); only its sender or recipient can end it.`,
    });
  }
  if (isAddressEqual(onChain.recipient, zeroAddress)) {
    if (streams.get(streamId)) streams.update(streamId, {status: 'terminated'});
    return {refundWei: 0n, payoutWei: 0n, txHash: null, wasAlreadyEnded: true};
  }
  const operation = operations.start({kind: 'terminate', vmName, streamId, detail: null, chain});
  const recorder = recordTransaction(ctx, operation, {signed: 'terminate:signed', sent: 'terminate:sent'});
  try {
    const result = await client.terminate({streamId, onSigned: recorder.onSigned, onSent: recorder.onSent});
    ctx.db.transact((repositories) => {
      if (repositories.streams.get(streamId)) repositories.streams.update(streamId, {status: 'terminated'});
      repositories.operations.update(operation.id, {status: 'done', txHash: result.txHash});
    });
    return {refundWei: result.refundWei, payoutWei: result.payoutWei, txHash: result.txHash, wasAlreadyEnded: false};
  } catch (error) {
    operations.update(operation.id, recorder.failure(error));
    throw error;
  }
}

/**
 * `golem vm stream terminate`: ends a stream by id, refusing one that funds a running VM (stop or destroy that VM
 * instead, so its state stays right). Throws `InvalidInputError` and what `terminateStream` throws.
 */
export async function terminateStreamById(ctx: ServiceContext, streamId: bigint): Promise<TerminateStreamReturnType> {
  const funded = ctx.db.repositories.vms.list().find((vm) => vm.streamId === streamId && vm.status === 'running');
  if (funded) {
    throw new InvalidInputError({
      issues: [`Stream ${streamId} funds the running VM '${funded.name}'.`],
      hint: `Use \`golem vm stop ${funded.name}\` or \`golem vm destroy ${funded.name}\`; both end the stream.`,
    });
  }
  return terminateStream(ctx, streamId, null);
}
