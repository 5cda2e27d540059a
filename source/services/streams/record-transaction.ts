import type {Hex} from 'viem';
import {killPoint, type KillStep} from '../../lib/kill-point.js';
import type {ServiceContext} from '../context.js';
import type {Operation, SignedTransaction} from '../ports.js';
import {paymentFailure} from './payment-failure.js';

/** The hooks a payment hands to the chain adapter, and how the operation row is closed when the payment throws. */
export type TransactionRecorder = {
  /** Stores hash, raw transaction and nonce (status `signed`) before the broadcast (issue 11 item 1). */
  readonly onSigned: (signed: SignedTransaction) => void;
  /** Marks the row `sent` once the node took it (or its fate is unknown). */
  readonly onSent: (hash: Hex) => void;
  /** The row update for a payment that threw: `failed` only when nothing can have reached the chain. */
  failure(error: unknown): Partial<Pick<Operation, 'status' | 'detail'>>;
};

/**
 * Records one payment transaction of `operation` as it goes: signed (hash + raw + nonce, kill point `<kind>:signed`)
 * → sent (kill point `<kind>:sent`). A throw after `onSigned` but before `onSent` means the node refused the
 * broadcast (the adapter asked it by hash), so the row becomes `failed`; after `onSent` it stays for reconcile
 * (case-22). A process killed in between leaves a `signed` row that reconcile settles by hash.
 */
export function recordTransaction(
  ctx: ServiceContext,
  operation: Operation,
  steps: {signed: KillStep; sent: KillStep},
): TransactionRecorder {
  const {operations} = ctx.db.repositories;
  let isHashStored = false;
  return {
    onSigned({hash, rawTransaction, nonce}) {
      operations.update(operation.id, {status: 'signed', txHash: hash, rawTx: rawTransaction, nonce});
      killPoint(steps.signed, operation.vmName);
    },
    onSent(hash) {
      isHashStored = true;
      operations.update(operation.id, {status: 'sent', txHash: hash});
      killPoint(steps.sent, operation.vmName);
    },
    failure: (error) => paymentFailure(isHashStored, error),
  };
}
