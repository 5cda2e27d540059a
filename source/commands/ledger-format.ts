/**
 * How `golem ledger` prints: the JSON document (snake_case keys, wei as decimal strings), CSV rows for a spreadsheet,
 * and the plain-text tables. Pure functions of the ledger; no I/O.
 */
import {formatFixed18} from '../lib/decimal.js';
import {formatEth, formatUsd} from '../lib/format.js';
import {balanceEffectWei} from '../services/ledger/ledger-math.js';
import type {GetLedgerReturnType} from '../services/ledger/get-ledger.js';
import type {LedgerMovement, LedgerTotals} from '../services/ledger/ledger-types.js';
import type {SpendBucket, VmSpend} from '../services/ledger/spend-over-time.js';
import {plainTable} from './plain-table.js';

/** `2026-12-07 20:01:03` (UTC) from unix seconds. */
export function utcTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/** Signed ETH for a balance effect: `+5 ETH`, `−0.001 ETH`, `0 ETH`. */
function signedEth(wei: bigint): string {
  if (wei === 0n) return '0 ETH';
  return wei > 0n ? `+${formatEth(wei, 8)}` : `−${formatEth(-wei, 8)}`;
}

function totalsJson(totals: LedgerTotals) {
  return {
    incoming_wei: totals.incomingWei,
    deposits_wei: totals.depositsWei,
    top_ups_wei: totals.topUpsWei,
    refunds_wei: totals.refundsWei,
    gas_wei: totals.gasWei,
    other_outgoing_wei: totals.outgoingWei,
    paid_to_providers_wei: totals.paidToProvidersWei,
    spent_wei: totals.spentWei,
  };
}

/** `wei` in USD at `ethUsdFixed18` as a decimal string (6 digits), or null without a price. */
function usdText(wei: bigint, ethUsdFixed18: bigint | null): string | null {
  return ethUsdFixed18 === null ? null : formatFixed18((wei * ethUsdFixed18) / 10n ** 18n, 6);
}

/** One movement as JSON. */
function movementJson(movement: LedgerMovement) {
  return {
    kind: movement.kind,
    time: new Date(Number(movement.timestamp) * 1000).toISOString(),
    block_number: movement.blockNumber,
    tx_hash: movement.txHash,
    stream_id: movement.streamId,
    vm_name: movement.vmName,
    counterparty: movement.counterparty,
    amount_wei: movement.amountWei,
    gas_wei: movement.gasWei,
    balance_effect_wei: balanceEffectWei(movement),
    eth_usd: movement.ethUsdFixed18 === null ? null : formatFixed18(movement.ethUsdFixed18),
    amount_usd: usdText(movement.amountWei, movement.ethUsdFixed18),
    gas_usd: usdText(movement.gasWei, movement.ethUsdFixed18),
  };
}

/** A per-VM row as JSON. */
export function vmSpendJson(row: VmSpend) {
  return {
    vm_name: row.vmName,
    stream_ids: row.streamIds,
    deposits_wei: row.depositsWei,
    top_ups_wei: row.topUpsWei,
    refunds_wei: row.refundsWei,
    gas_wei: row.gasWei,
    paid_to_providers_wei: row.paidToProvidersWei,
    vested_wei: row.vestedWei,
    spent_wei: row.spentWei,
    spent_usd: row.spentUsdFixed18 === null ? null : formatFixed18(row.spentUsdFixed18, 6),
  };
}

/** A time bucket as JSON. */
export function bucketJson(bucket: SpendBucket) {
  return {
    period: bucket.label,
    start: new Date(Number(bucket.startTime) * 1000).toISOString(),
    vested_wei: bucket.vestedWei,
    gas_wei: bucket.gasWei,
    spent_wei: bucket.spentWei,
    deposits_wei: bucket.depositsWei,
    top_ups_wei: bucket.topUpsWei,
    refunds_wei: bucket.refundsWei,
  };
}

/** The whole ledger as one JSON document (`golem ledger --json`). */
export function ledgerJson(ledger: GetLedgerReturnType, buckets: readonly SpendBucket[] | null) {
  const {reconciliation: r} = ledger;
  return {
    wallet: ledger.walletAddress,
    chain_id: ledger.chainId,
    contract_address: ledger.contractAddress,
    from_block: ledger.fromBlock,
    to_block: ledger.toBlock,
    is_filtered: ledger.isFiltered,
    movements: ledger.movements.map(movementJson),
    totals: totalsJson(ledger.totals),
    by_vm: ledger.byVm.map(vmSpendJson),
    by_time: buckets?.map(bucketJson) ?? null,
    streams: ledger.streams.map((stream) => ({
      stream_id: stream.streamId,
      vm_name: stream.vmName,
      recipient: stream.recipient,
      is_open: stream.isOpen,
      rate_per_second_wei: stream.ratePerSecondWei,
      deposit_wei: stream.depositWei,
      vested_wei: stream.vestedWei,
      paid_to_provider_wei: stream.withdrawnWei,
      owed_wei: stream.owedWei,
      refund_wei: stream.refundWei,
    })),
    reconciliation: {
      start_block: r.start.blockNumber,
      start_time: new Date(Number(r.start.timestamp) * 1000).toISOString(),
      start_balance_wei: r.start.balanceWei,
      end_block: r.end.blockNumber,
      end_time: new Date(Number(r.end.timestamp) * 1000).toISOString(),
      end_balance_wei: r.end.balanceWei,
      expected_end_balance_wei: r.expectedEndWei,
      difference_wei: r.differenceWei,
      is_balanced: r.isBalanced,
      is_transfer_scan_complete: ledger.isTransferScanComplete,
      unexplained: r.unexplained,
    },
  };
}

const CSV_HEADER = ['time', 'block', 'kind', 'vm', 'stream_id', 'amount_wei', 'gas_wei', 'balance_effect_wei', 'amount_eth', 'gas_eth', 'amount_usd', 'tx_hash', 'counterparty'];

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The movements as CSV lines, header first (`golem ledger --csv`); amounts exact in wei and as decimal ETH. */
export function ledgerCsv(movements: readonly LedgerMovement[]): string[] {
  const rows = movements.map((movement) => [
    new Date(Number(movement.timestamp) * 1000).toISOString(),
    String(movement.blockNumber),
    movement.kind,
    movement.vmName ?? '',
    movement.streamId === null ? '' : String(movement.streamId),
    String(movement.amountWei),
    String(movement.gasWei),
    String(balanceEffectWei(movement)),
    formatFixed18(movement.amountWei),
    formatFixed18(movement.gasWei),
    usdText(movement.amountWei, movement.ethUsdFixed18) ?? '',
    movement.txHash,
    movement.counterparty ?? '',
  ]);
  return [CSV_HEADER, ...rows].map((row) => row.map(csvField).join(','));
}

/** Buckets (`--by hour|day`) or VM rows (`--by vm`) as CSV lines, header first. */
export function aggregateCsv(rows: readonly (Record<string, unknown>)[]): string[] {
  if (rows.length === 0) return [];
  const header = Object.keys(rows[0]!);
  const cell = (value: unknown) => csvField(Array.isArray(value) ? value.join(' ') : value === null ? '' : String(value));
  return [header.join(','), ...rows.map((row) => header.map((key) => cell(row[key])).join(','))];
}

/** The movements table of the text output. */
export function movementLines(movements: readonly LedgerMovement[]): string[] {
  if (movements.length === 0) return ['No movements in this period.'];
  return plainTable(
    [
      {header: 'TIME (UTC)'},
      {header: 'KIND'},
      {header: 'VM', maxWidth: 20},
      {header: 'STREAM', align: 'right'},
      {header: 'AMOUNT', align: 'right'},
      {header: 'GAS', align: 'right'},
      {header: 'BALANCE', align: 'right'},
      {header: 'TX'},
    ],
    movements.map((movement) => [
      utcTime(movement.timestamp),
      movement.kind.replace('_', '-'),
      movement.vmName ?? '—',
      movement.streamId === null ? '—' : `#${movement.streamId}`,
      formatEth(movement.amountWei, 8),
      movement.gasWei === 0n ? '—' : formatEth(movement.gasWei, 8),
      signedEth(balanceEffectWei(movement)),
      `${movement.txHash.slice(0, 10)}…`,
    ]),
  );
}

/** The per-VM table (`--by vm`, and under the movements); USD at the price golem paid each stream at. */
export function vmLines(rows: readonly VmSpend[]): string[] {
  if (rows.length === 0) return ['No stream in this period.'];
  return plainTable(
    [
      {header: 'VM', maxWidth: 24},
      {header: 'STREAMS'},
      {header: 'DEPOSITS', align: 'right'},
      {header: 'TOP-UPS', align: 'right'},
      {header: 'REFUNDS', align: 'right'},
      {header: 'GAS', align: 'right'},
      {header: 'COST SO FAR', align: 'right'},
      {header: 'USD', align: 'right'},
    ],
    rows.map((row) => [
      row.vmName,
      row.streamIds.map((id) => `#${id}`).join(' '),
      formatEth(row.depositsWei, 8),
      formatEth(row.topUpsWei, 8),
      formatEth(row.refundsWei, 8),
      formatEth(row.gasWei, 8),
      formatEth(row.spentWei, 8),
      row.spentUsdFixed18 === null ? '—' : formatUsd(row.spentUsdFixed18),
    ]),
  );
}

/** The hour/day table with a bar per bucket, scaled to the largest (`--by hour|day`). */
export function bucketLines(buckets: readonly SpendBucket[], barWidth = 24): string[] {
  const max = buckets.reduce((top, bucket) => (bucket.spentWei > top ? bucket.spentWei : top), 0n);
  return plainTable(
    [{header: 'PERIOD'}, {header: 'SPENT', align: 'right'}, {header: 'VESTED', align: 'right'}, {header: 'GAS', align: 'right'}, {header: ''}],
    buckets.map((bucket) => [
      bucket.label,
      formatEth(bucket.spentWei, 8),
      formatEth(bucket.vestedWei, 8),
      formatEth(bucket.gasWei, 8),
      max === 0n ? '' : '█'.repeat(Number((bucket.spentWei * BigInt(barWidth) + max - 1n) / max)),
    ]),
  );
}

/** The reconciliation block: start, each kind of movement, expected end, actual end, difference. */
export function reconciliationLines(ledger: GetLedgerReturnType): string[] {
  const {reconciliation: r} = ledger;
  // The wallet-wide totals (filters narrow the movements shown, never the balance check).
  const t = ledger.isFiltered ? null : ledger.totals;
  const line = (label: string, wei: bigint | null, sign: string) => `  ${sign} ${label.padEnd(28)} ${wei === null ? '' : formatEth(wei, 18)}`;
  const lines = [
    `Balance at start (block ${r.start.blockNumber}, ${utcTime(r.start.timestamp)})`.padEnd(33) + ` ${formatEth(r.start.balanceWei, 18)}`,
  ];
  if (t) {
    lines.push(
      line('incoming transfers', t.incomingWei, '+'),
      line('deposits', t.depositsWei, '−'),
      line('top-ups', t.topUpsWei, '−'),
      line('gas', t.gasWei, '−'),
      line('refunds', t.refundsWei, '+'),
      line('other outgoing', t.outgoingWei, '−'),
    );
  }
  lines.push(
    line('expected at end', r.expectedEndWei, '='),
    `Balance at end (block ${r.end.blockNumber}, ${utcTime(r.end.timestamp)})`.padEnd(33) + ` ${formatEth(r.end.balanceWei, 18)}`,
    r.isBalanced
      ? 'Balanced to the wei.'
      : `Difference: ${r.differenceWei > 0n ? '+' : '−'}${formatEth(r.differenceWei > 0n ? r.differenceWei : -r.differenceWei, 18)} (${r.differenceWei} wei) other incoming/outgoing:`,
    ...r.unexplained.map((reason) => `  - ${reason}`),
  );
  if (ledger.isFiltered) lines.push('(The balance check covers the whole wallet; the filters narrow the movements shown.)');
  return lines;
}
