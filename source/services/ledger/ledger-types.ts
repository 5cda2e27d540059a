/**
 * The ledger's vocabulary: movements of the wallet's money read from the chain (StreamPayment events, transaction
 * receipts, plain transfers) and what they add up to. All amounts are bigint wei; times are unix seconds of the block
 * that holds the movement (chain time, never the local clock).
 */
import type {Address, Hex} from 'viem';

/**
 * What a movement is, in the field's terms (reference §7.3 events):
 * - `incoming`: ETH sent to the wallet by a plain transaction (faucet, funding, another wallet);
 * - `deposit`: a stream's initial deposit (`StreamCreated`, sent by the wallet);
 * - `top_up`: more deposit added to a stream (`ToppedUp`);
 * - `refund`: the unvested deposit paid back to the wallet when a stream ends (`Terminated.senderRefund`);
 * - `gas`: a transaction the wallet sent that moved no other money of its own (a reverted payment, an approve);
 * - `outgoing`: ETH the wallet sent elsewhere than the contract (another tool, a transfer);
 * - `withdrawn` / `payout`: what a provider took out of the stream (`Withdraw`) or was paid on termination
 *   (`Terminated.recipientPayout`) — money already out of the wallet, shown for who got it; no balance effect.
 */
export type LedgerMovementKind = 'incoming' | 'deposit' | 'top_up' | 'refund' | 'gas' | 'outgoing' | 'withdrawn' | 'payout';

/** One movement read from the chain. `gasWei` is charged once per transaction (on its first movement). */
export type LedgerMovement = {
  readonly kind: LedgerMovementKind;
  readonly blockNumber: bigint;
  /** Block timestamp, unix seconds. */
  readonly timestamp: bigint;
  /** Order inside the block (log index, or transaction index for plain transfers). */
  readonly logIndex: number;
  readonly txHash: Hex;
  readonly streamId: bigint | null;
  /** The VM the stream funds (from golem's records), or null. */
  readonly vmName: string | null;
  /** The counterparty: the provider (stream recipient), or the other address of a plain transfer. */
  readonly counterparty: Address | null;
  /** Size of the movement, wei, ≥ 0. */
  readonly amountWei: bigint;
  /** Gas (and L1 data fee on an OP-stack L2) the wallet paid for this movement's transaction, wei; 0 when not the wallet's transaction or already counted. */
  readonly gasWei: bigint;
  /** ETH/USD (fixed18) golem priced the stream at when it paid, or null when unknown. */
  readonly ethUsdFixed18: bigint | null;
};

/** The balance of the wallet at one block. */
export type BalanceAt = {readonly blockNumber: bigint; readonly timestamp: bigint; readonly balanceWei: bigint};

/** The effect on the wallet's balance of each movement kind, without gas: −1 out, +1 in, 0 informational. */
export const BALANCE_SIGN: Readonly<Record<LedgerMovementKind, -1n | 0n | 1n>> = {
  incoming: 1n,
  deposit: -1n,
  top_up: -1n,
  refund: 1n,
  gas: 0n,
  outgoing: -1n,
  withdrawn: 0n,
  payout: 0n,
};

/** Sums per movement kind over a set of movements, wei. `spentWei` = deposits + top-ups + gas − refunds. */
export type LedgerTotals = {
  readonly incomingWei: bigint;
  readonly depositsWei: bigint;
  readonly topUpsWei: bigint;
  readonly refundsWei: bigint;
  readonly gasWei: bigint;
  readonly outgoingWei: bigint;
  /** Paid to providers (withdrawn + payout on termination). */
  readonly paidToProvidersWei: bigint;
  /** Net out of the wallet for rentals: deposits + top-ups + gas − refunds. */
  readonly spentWei: bigint;
};

/**
 * Whether the period adds up: `startBalance + incoming − deposits − top-ups − gas + refunds − outgoing` must equal
 * `endBalance` to the wei. `differenceWei = end − expected` (positive: money arrived that no listed movement
 * explains; negative: money left). `unexplained` names what explains a difference (transactions of the wallet
 * that golem did not decode, or why none could be found).
 */
export type LedgerReconciliation = {
  readonly start: BalanceAt;
  readonly end: BalanceAt;
  readonly expectedEndWei: bigint;
  readonly differenceWei: bigint;
  readonly isBalanced: boolean;
  readonly unexplained: readonly string[];
};
