/**
 * The `golem ledger --json` document (issue 15): every movement of the wallet's money golem caused, read from the
 * chain, with totals, spend per VM and per period, and the balance check. Amounts are wei as decimal strings; a
 * balance effect or a difference may be negative.
 */
import {z} from 'zod';
import {address, intText, isoTime, txHash, uintText, usdText} from './shared.js';

const ledgerAmounts = z.looseObject({deposits_wei: uintText, top_ups_wei: uintText, refunds_wei: uintText, gas_wei: uintText, spent_wei: uintText});

/** The whole ledger of one period. */
export const ledgerDocument = z.object({
  wallet: address,
  chain_id: z.number().int(),
  contract_address: address,
  from_block: uintText,
  to_block: uintText,
  is_filtered: z.boolean(),
  movements: z.array(
    z.looseObject({
      kind: z.string(),
      time: isoTime,
      tx_hash: txHash,
      stream_id: uintText.nullable(),
      vm_name: z.string().nullable(),
      amount_wei: uintText,
      gas_wei: uintText,
      balance_effect_wei: intText,
      amount_usd: usdText.nullable(),
    }),
  ),
  totals: ledgerAmounts.extend({incoming_wei: uintText, other_outgoing_wei: uintText, paid_to_providers_wei: uintText}),
  by_vm: z.array(ledgerAmounts.extend({vm_name: z.string().nullable(), spent_usd: usdText.nullable()})),
  by_time: z.array(ledgerAmounts.extend({period: z.string(), start: isoTime})).nullable(),
  streams: z.array(z.looseObject({stream_id: uintText, vm_name: z.string().nullable(), is_open: z.boolean(), deposit_wei: uintText, refund_wei: uintText.nullable()})),
  reconciliation: z.looseObject({
    start_balance_wei: uintText,
    end_balance_wei: uintText,
    expected_end_balance_wei: intText,
    difference_wei: intText,
    is_balanced: z.boolean(),
    is_transfer_scan_complete: z.boolean(),
  }),
});
