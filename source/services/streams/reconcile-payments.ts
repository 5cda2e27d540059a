import {ChainError, ConflictError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {ChainBinding, Operation} from '../ports.js';
import {currentChain, operationChain} from './chain-binding.js';

const PAYMENT_KINDS: ReadonlySet<Operation['kind']> = new Set(['create-stream', 'top-up', 'terminate']);
const PENDING_WAIT_MS = 120_000;

/** What the chain says about an operation's transaction once `settleTransaction` is done with it. */
type Settled = 'success' | 'reverted' | 'never-sent' | 'dropped';

/**
 * Settles the payment operations an earlier run left unfinished (a crash — even one while `eth_sendRawTransaction`
 * was in flight —, a lost connection, a receipt timeout) before anything new is paid (case-22, case-21). Each stored
 * transaction is settled by hash (issue 11 item 2):
 *
 * - mined → recorded: a createStream's stream (id from the receipt's StreamCreated event) is recorded, a top-up's
 *   deposit is set to the contract's (`streams(id).deposit`), a terminate marks the stream terminated;
 * - pending → waited for (up to 2 min; then `ConflictError` and nothing new is paid);
 * - unknown to the node → if its nonce is below the account's `latest` nonce, another transaction used it: marked
 *   failed, never sent; else the stored signed transaction is broadcast again and waited for;
 * - reverted → failed.
 *
 * Operations signed for a chain that no longer exists (same id and contract, another genesis: a restarted devnet)
 * are closed as failed — nothing was paid on the chain golem talks to now; those of another chain id or contract are
 * left to that profile. Returns the ids of streams recorded this way. Throws `ConflictError` (still pending),
 * `ChainError`, `RpcUnavailableError`.
 */
export async function reconcilePayments(ctx: ServiceContext): Promise<bigint[]> {
  const {operations} = ctx.db.repositories;
  const unfinished = operations.listUnfinished().filter((operation) => PAYMENT_KINDS.has(operation.kind));
  if (unfinished.length === 0) return [];
  const chain = await currentChain(ctx);
  const recovered: bigint[] = [];
  for (const operation of unfinished) {
    // Never signed, or another process is about to sign it (its own run settles it): nothing to check.
    if (operation.txHash === null) continue;
    const where = operationChain(operation, chain);
    if (where === 'elsewhere') continue;
    if (where === 'vanished') {
      operations.update(operation.id, {status: 'failed', detail: `transaction ${operation.txHash} was for a chain that no longer exists (genesis ${operation.chain?.genesisHash}); nothing was paid on this one`});
      continue;
    }
    const state = await settleTransaction(ctx, operation);
    if (state !== 'success') {
      operations.update(operation.id, {status: 'failed', detail: failureDetail(operation, state)});
      continue;
    }
    const streamId = await recordMined(ctx, operation, chain);
    if (operation.kind === 'create-stream' && streamId !== null) recovered.push(streamId);
    operations.update(operation.id, {status: 'done', streamId});
  }
  return recovered;
}

function failureDetail(operation: Operation, state: Exclude<Settled, 'success'>): string {
  switch (state) {
    case 'reverted':
      return `transaction ${operation.txHash} reverted`;
    case 'never-sent':
      return `transaction ${operation.txHash} was never sent: its nonce ${operation.nonce} was used by another transaction`;
    default:
      return `transaction ${operation.txHash} was dropped`;
  }
}

/** Waits for the operation's transaction to leave `pending`; rebroadcasts it while its nonce is still free. */
async function settleTransaction(ctx: ServiceContext, operation: Operation): Promise<Settled> {
  const {client} = ctx.payments();
  const hash = operation.txHash!;
  const deadline = Date.now() + PENDING_WAIT_MS;
  let hasRebroadcast = false;
  for (;;) {
    const state = await client.getTransactionState(hash);
    if (state === 'success' || state === 'reverted') return state;
    if (state === 'unknown') {
      if (operation.nonce === null || operation.nonce === undefined || !operation.rawTx) return 'dropped';
      // Re-read after any rebroadcast: its nonce may have been mined by this very transaction meanwhile.
      if ((await client.getLatestNonce()) > operation.nonce) {
        const again = await client.getTransactionState(hash);
        return again === 'success' || again === 'reverted' ? again : 'never-sent';
      }
      if (!hasRebroadcast) {
        await rebroadcast(ctx, operation);
        hasRebroadcast = true;
        continue;
      }
    }
    if (Date.now() > deadline) {
      throw new ConflictError({
        shortMessage: `A ${operation.kind} transaction signed earlier (${hash}) is still pending.`,
        hint: 'golem pays nothing new until it is mined or its nonce is used; try again in a minute.',
      });
    }
    await ctx.sleep(ctx.timing.pollIntervalMs);
  }
}

async function rebroadcast(ctx: ServiceContext, operation: Operation): Promise<void> {
  try {
    await ctx.payments().client.rebroadcast(operation.rawTx!);
    ctx.db.repositories.operations.update(operation.id, {status: 'sent', detail: appendDetail(operation.detail, 'rebroadcast by reconcile')});
  } catch (error) {
    // A refusal (e.g. the fee cap no longer covers the base fee) leaves it unsent: say so, pay nothing new.
    throw new ChainError({
      shortMessage: `A ${operation.kind} transaction signed earlier (${operation.txHash}) never reached the chain and could not be sent again.`,
      hint: 'Run `golem vm reconcile` again later; golem pays nothing new until it is settled.',
      cause: error,
    });
  }
}

function appendDetail(detail: string | null, note: string): string {
  return detail ? `${detail}; ${note}` : note;
}

/** Brings the books in line with a mined transaction; returns the operation's stream id. */
async function recordMined(ctx: ServiceContext, operation: Operation, chain: ChainBinding): Promise<bigint | null> {
  const {client, profile} = ctx.payments();
  const {streams} = ctx.db.repositories;
  if (operation.kind === 'create-stream') {
    const streamId = await client.getCreatedStreamId(operation.txHash!);
    if (streamId === null || streams.get(streamId)) return streamId;
    const onChain = await client.getStream(streamId);
    streams.upsert({
      streamId,
      chainId: profile.chainId,
      contractAddress: profile.streamPaymentAddress,
      genesisHash: chain.genesisHash,
      recipient: onChain.recipient,
      depositWei: onChain.deposit,
      ratePerSecondWei: onChain.ratePerSecond,
      vmName: operation.vmName,
      status: 'open',
      createTxHash: operation.txHash,
    });
    return streamId;
  }
  const streamId = operation.streamId;
  if (streamId === null || !streams.get(streamId)) return streamId;
  if (operation.kind === 'terminate') {
    streams.update(streamId, {status: 'terminated'});
  } else {
    // A mined top-up is never lost from the books: the deposit is the contract's own total.
    streams.update(streamId, {depositWei: (await client.getStream(streamId)).deposit});
  }
  return streamId;
}
