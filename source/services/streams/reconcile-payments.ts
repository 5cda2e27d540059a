import {ConflictError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {Operation} from '../ports.js';

const PAYMENT_KINDS: ReadonlySet<Operation['kind']> = new Set(['create-stream', 'top-up', 'terminate']);
const PENDING_WAIT_MS = 120_000;

/**
 * Settles the payment operations an earlier run left unfinished (a crash, a lost connection, a receipt timeout)
 * before anything new is paid (case-22): each recorded transaction hash is checked on chain. A stream whose
 * createStream was mined but never recorded is recorded now, so no funded stream is forgotten; a reverted, dropped
 * transaction is marked failed; one still pending is waited for (case-21: another process's send),
 * and if it stays pending nothing new is sent.
 *
 * Returns the ids of streams recovered this way. Throws `ConflictError` (still pending), `ChainError`,
 * `RpcUnavailableError`.
 */
export async function reconcilePayments(ctx: ServiceContext): Promise<bigint[]> {
  const {operations} = ctx.db.repositories;
  const unfinished = operations.listUnfinished().filter((operation) => PAYMENT_KINDS.has(operation.kind));
  const recovered: bigint[] = [];
  for (const operation of unfinished) {
    // Never broadcast, or another process is about to send it (its own run settles it): nothing to check.
    if (operation.txHash === null) continue;
    const state = await waitWhilePending(ctx, operation);
    if (state !== 'success') {
      operations.update(operation.id, {status: 'failed', detail: `transaction ${operation.txHash} ${state === 'reverted' ? 'reverted' : 'was dropped'}`});
      continue;
    }
    const streamId = operation.kind === 'create-stream' ? await recordCreatedStream(ctx, operation) : operation.streamId;
    if (operation.kind === 'create-stream' && streamId !== null) recovered.push(streamId);
    if (operation.kind === 'terminate' && streamId !== null && ctx.db.repositories.streams.get(streamId)) {
      ctx.db.repositories.streams.update(streamId, {status: 'terminated'});
    }
    operations.update(operation.id, {status: 'done', streamId});
  }
  return recovered;
}

async function waitWhilePending(ctx: ServiceContext, operation: Operation): Promise<'success' | 'reverted' | 'unknown'> {
  const {client} = ctx.payments();
  const deadline = Date.now() + PENDING_WAIT_MS;
  for (;;) {
    const state = await client.getTransactionState(operation.txHash!);
    if (state !== 'pending') return state;
    if (Date.now() > deadline) {
      throw new ConflictError({
        shortMessage: `A ${operation.kind} transaction sent earlier (${operation.txHash}) is still pending.`,
        hint: 'golem pays nothing new until it is mined or dropped; try again in a minute.',
      });
    }
    await ctx.sleep(ctx.timing.pollIntervalMs);
  }
}

/** Records the stream a mined createStream opened, from the chain, if the interrupted run did not. */
async function recordCreatedStream(ctx: ServiceContext, operation: Operation): Promise<bigint | null> {
  const {profile, client} = ctx.payments();
  const streamId = await client.getCreatedStreamId(operation.txHash!);
  if (streamId === null || ctx.db.repositories.streams.get(streamId)) return streamId;
  const chain = await client.getStream(streamId);
  ctx.db.repositories.streams.upsert({
    streamId,
    chainId: profile.chainId,
    contractAddress: profile.streamPaymentAddress,
    recipient: chain.recipient,
    depositWei: chain.deposit,
    ratePerSecondWei: chain.ratePerSecond,
    vmName: operation.vmName,
    status: 'open',
    createTxHash: operation.txHash,
  });
  return streamId;
}
