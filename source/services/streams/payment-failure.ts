import {describeError} from '../../lib/json.js';
import type {Operation} from '../ports.js';

/**
 * The update for a payment operation whose transaction call threw. Before its hash was stored nothing can have
 * reached the chain: the row is `failed`. After, the transaction may still be pending or mined (a receipt timeout,
 * a dropped connection), so the row stays `sent` with the error as detail, and `reconcilePayments` settles it by
 * hash before the next payment (case-22: never mark a possibly-paid transaction failed, never pay twice).
 */
export function paymentFailure(isHashStored: boolean, error: unknown): Partial<Pick<Operation, 'status' | 'detail'>> {
  return isHashStored ? {detail: describeError(error)} : {status: 'failed', detail: describeError(error)};
}
