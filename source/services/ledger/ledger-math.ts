/**
 * Pure ledger arithmetic: totals of a list of movements and the reconciliation of a period against the wallet's
 * balances at its two ends. No I/O; every amount is bigint wei.
 */
import {BALANCE_SIGN, type BalanceAt, type LedgerMovement, type LedgerReconciliation, type LedgerTotals} from './ledger-types.js';

/** Sums `movements` per kind. Gas is counted from every movement's `gasWei` (the source charges each transaction once). */
export function ledgerTotals(movements: readonly LedgerMovement[]): LedgerTotals {
  let incomingWei = 0n;
  let depositsWei = 0n;
  let topUpsWei = 0n;
  let refundsWei = 0n;
  let gasWei = 0n;
  let outgoingWei = 0n;
  let paidToProvidersWei = 0n;
  for (const movement of movements) {
    gasWei += movement.gasWei;
    switch (movement.kind) {
      case 'incoming': incomingWei += movement.amountWei; break;
      case 'deposit': depositsWei += movement.amountWei; break;
      case 'top_up': topUpsWei += movement.amountWei; break;
      case 'refund': refundsWei += movement.amountWei; break;
      case 'outgoing': outgoingWei += movement.amountWei; break;
      case 'withdrawn':
      case 'payout': paidToProvidersWei += movement.amountWei; break;
      case 'gas': break;
    }
  }
  return {
    incomingWei,
    depositsWei,
    topUpsWei,
    refundsWei,
    gasWei,
    outgoingWei,
    paidToProvidersWei,
    spentWei: depositsWei + topUpsWei + gasWei - refundsWei,
  };
}

/** The effect of one movement on the wallet's balance, gas included, wei (signed). */
export function balanceEffectWei(movement: LedgerMovement): bigint {
  return BALANCE_SIGN[movement.kind] * movement.amountWei - movement.gasWei;
}

/** Parameters of {@link reconcileLedger}. */
export type ReconcileLedgerParameters = {
  /** Every movement of the wallet in the period (blocks `start.blockNumber + 1` … `end.blockNumber`). */
  readonly movements: readonly LedgerMovement[];
  /** Balance at the end of the block before the period. */
  readonly start: BalanceAt;
  /** Balance at the end of the period's last block. */
  readonly end: BalanceAt;
  /**
   * How many transactions the wallet sent in the period by its nonce (`eth_getTransactionCount` at both ends), or
   * null when unknown. More than the transactions among `movements` means the wallet sent some golem cannot see.
   */
  readonly sentByNonce?: number | null | undefined;
  /** Whether every block of the period was scanned for plain transfers to and from the wallet. */
  readonly isTransferScanComplete: boolean;
};

/**
 * Checks that `start + Σ effects = end` to the wei and, when it does not, says what explains the difference: the
 * wallet's own transactions golem did not see (by nonce), or transfers that no contract event records (faucet,
 * funding, `anvil_setBalance`, a transfer from another wallet) when the blocks were not scanned for them. Never
 * hides a difference.
 *
 * @example
 * reconcileLedger({movements, start, end, sentByNonce: 3, isTransferScanComplete: true}).isBalanced // → true
 */
export function reconcileLedger({movements, start, end, sentByNonce = null, isTransferScanComplete}: ReconcileLedgerParameters): LedgerReconciliation {
  const expectedEndWei = movements.reduce((sum, movement) => sum + balanceEffectWei(movement), start.balanceWei);
  const differenceWei = end.balanceWei - expectedEndWei;
  const unexplained: string[] = [];
  if (differenceWei !== 0n) {
    const seenSent = new Set(movements.filter((movement) => movement.gasWei > 0n).map((movement) => movement.txHash)).size;
    if (sentByNonce !== null && sentByNonce > seenSent) {
      unexplained.push(`the wallet sent ${sentByNonce} transaction(s) in the period by its nonce, golem decoded ${seenSent}: the others were sent by another tool`);
    }
    if (!isTransferScanComplete) {
      unexplained.push('plain transfers to or from the wallet (faucet, funding, another wallet) are not in the contract\'s events and the period\'s blocks were not scanned for them');
    } else if (differenceWei > 0n) {
      unexplained.push('money arrived without a transaction to the wallet: a contract paid it internally, or the node set the balance (anvil_setBalance on a devnet)');
    } else {
      unexplained.push('money left without a transaction from the wallet that golem could decode');
    }
  }
  return {start, end, expectedEndWei, differenceWei, isBalanced: differenceWei === 0n, unexplained};
}

/** Movements ordered by block, then position in the block. */
export function sortMovements(movements: readonly LedgerMovement[]): LedgerMovement[] {
  return [...movements].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
}
