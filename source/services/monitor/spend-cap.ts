import type {Operation} from '../ports.js';

/** Length of the spend cap's rolling window: 24 h in milliseconds. */
export const SPEND_WINDOW_MS = 24 * 3600 * 1000;

/** `"<amount> wei"`: how `topUpStream` records the amount of a top-up in the operation's `detail`. */
const AMOUNT_DETAIL = /^(\d+) wei$/;

/**
 * Wei sent (or being sent) in top-ups recorded in `operations` (rows of kind `top-up`): every row not `failed`
 * whose detail still holds its amount. A failed row's detail is replaced by the error, and nothing was paid.
 * Counts every top-up of the wallet, by hand or by the monitor (the cap bounds what leaves the wallet).
 *
 * @example
 * spentWei([{status: 'done', detail: '5000 wei', …}]) // → 5000n
 */
export function spentWei(operations: readonly Operation[]): bigint {
  let total = 0n;
  for (const operation of operations) {
    if (operation.kind !== 'top-up' || operation.status === 'failed') continue;
    const match = AMOUNT_DETAIL.exec(operation.detail ?? '');
    if (match) total += BigInt(match[1]!);
  }
  return total;
}
