import {describe, expect, it} from 'vitest';
import {balanceEffectWei, ledgerTotals, reconcileLedger, sortMovements} from '../../../../source/services/ledger/ledger-math.js';
import type {LedgerMovement} from '../../../../source/services/ledger/ledger-types.js';

let counter = 0;
function movement(kind: LedgerMovement['kind'], amountWei: bigint, gasWei = 0n, blockNumber = 10n): LedgerMovement {
  counter++;
  return {
    kind, amountWei, gasWei, blockNumber, timestamp: 1000n + blockNumber, logIndex: counter,
    txHash: `0x${counter.toString(16).padStart(64, '0')}`, streamId: 1n, vmName: 'web', counterparty: null, ethUsdFixed18: null,
  };
}
const at = (blockNumber: bigint, balanceWei: bigint) => ({blockNumber, timestamp: 1000n + blockNumber, balanceWei});

describe('ledger arithmetic', () => {
  it('adds up: start − deposits − top-ups − gas + refunds + incoming = end, to the wei', () => {
    const movements = [
      movement('incoming', 5_000n),
      movement('deposit', 1_000n, 7n),
      movement('top_up', 300n, 5n),
      movement('withdrawn', 200n),
      movement('refund', 600n, 3n),
      movement('payout', 500n),
    ];
    const totals = ledgerTotals(movements);
    expect(totals).toEqual({
      incomingWei: 5_000n, depositsWei: 1_000n, topUpsWei: 300n, refundsWei: 600n, gasWei: 15n, outgoingWei: 0n,
      paidToProvidersWei: 700n, spentWei: 715n,
    });
    const end = 10_000n + 5_000n - 1_000n - 300n - 15n + 600n;
    const reconciliation = reconcileLedger({movements, start: at(9n, 10_000n), end: at(20n, end), sentByNonce: 3, isTransferScanComplete: true});
    expect(reconciliation).toMatchObject({expectedEndWei: end, differenceWei: 0n, isBalanced: true, unexplained: []});
  });

  it('shows a difference, never hides it, with what explains it', () => {
    const movements = [movement('deposit', 1_000n, 7n)];
    const reconciliation = reconcileLedger({movements, start: at(9n, 10_000n), end: at(20n, 9_000n), sentByNonce: 2, isTransferScanComplete: false});
    expect(reconciliation.isBalanced).toBe(false);
    expect(reconciliation.differenceWei).toBe(7n);
    expect(reconciliation.unexplained).toEqual([
      'the wallet sent 2 transaction(s) in the period by its nonce, golem decoded 1: the others were sent by another tool',
      "plain transfers to or from the wallet (faucet, funding, another wallet) are not in the contract's events and the period's blocks were not scanned for them",
    ]);
  });

  it('names a balance set by the node when every block was scanned and money still arrived', () => {
    const reconciliation = reconcileLedger({movements: [], start: at(1n, 0n), end: at(2n, 10n ** 21n), sentByNonce: 0, isTransferScanComplete: true});
    expect(reconciliation.unexplained[0]).toMatch(/anvil_setBalance/);
  });

  it('counts informational movements (provider withdrawals, payouts) as no change to the balance', () => {
    expect(balanceEffectWei(movement('withdrawn', 99n))).toBe(0n);
    expect(balanceEffectWei(movement('payout', 99n))).toBe(0n);
    expect(balanceEffectWei(movement('gas', 0n, 4n))).toBe(-4n);
    expect(balanceEffectWei(movement('outgoing', 10n, 4n))).toBe(-14n);
  });

  it('orders movements by block, then position', () => {
    const late = movement('refund', 1n, 0n, 30n);
    const early = movement('deposit', 1n, 0n, 5n);
    expect(sortMovements([late, early])).toEqual([early, late]);
  });
});
