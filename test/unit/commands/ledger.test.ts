import {describe, expect, it} from 'vitest';
import {aggregateCsv, ledgerCsv, ledgerJson, reconciliationLines} from '../../../source/commands/ledger-format.js';
import {parseLedgerTime} from '../../../source/commands/ledger.js';
import type {LedgerMovement} from '../../../source/services/ledger/ledger-types.js';
import {emptyLedger} from '../../helpers/fake-services.js';

const movement: LedgerMovement = {
  kind: 'deposit', blockNumber: 12n, timestamp: 1_765_065_600n, logIndex: 0, txHash: `0x${'ab'.repeat(32)}`, streamId: 3n,
  vmName: 'web,"1"', counterparty: `0x${'cd'.repeat(20)}`, amountWei: 10n ** 18n + 1n, gasWei: 21_000n, ethUsdFixed18: null,
};

describe('golem ledger output', () => {
  it('parses --since and --until as dates, date-times or a time ago; refuses anything else naming the flag', () => {
    const now = new Date('2026-12-07T20:00:00Z');
    expect(parseLedgerTime('since', '24h', now).toISOString()).toBe('2026-12-06T20:00:00.000Z');
    expect(parseLedgerTime('since', '2w', now).toISOString()).toBe('2026-11-23T20:00:00.000Z');
    expect(parseLedgerTime('until', '2026-12-01T08:00Z').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(() => parseLedgerTime('since', 'yesterday')).toThrow(
      "--since must be a date (2026-12-01), a date-time (2026-12-01T08:00Z) or a time ago (24h, 7d), got 'yesterday'.",
    );
  });

  it('writes JSON with snake_case keys and wei as decimal strings', () => {
    const json = JSON.parse(JSON.stringify(ledgerJson({...emptyLedger(5n), movements: [movement]}, null), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
    expect(json['movements']).toEqual([
      {
        kind: 'deposit', time: '2025-12-07T00:00:00.000Z', block_number: '12', tx_hash: movement.txHash, stream_id: '3', vm_name: 'web,"1"',
        counterparty: movement.counterparty, amount_wei: '1000000000000000001', gas_wei: '21000', balance_effect_wei: '-1000000000000021001', eth_usd: null,
        amount_usd: null, gas_usd: null,
      },
    ]);
    expect(json['reconciliation']).toMatchObject({start_balance_wei: '5', end_balance_wei: '5', difference_wei: '0', is_balanced: true});
  });

  it('writes CSV (RFC 4180 quoting) with amounts exact in wei and as decimal ETH', () => {
    expect(ledgerCsv([movement, {...movement, ethUsdFixed18: 3000n * 10n ** 18n}])).toEqual([
      'time,block,kind,vm,stream_id,amount_wei,gas_wei,balance_effect_wei,amount_eth,gas_eth,amount_usd,tx_hash,counterparty',
      `2025-12-07T00:00:00.000Z,12,deposit,"web,""1""",3,1000000000000000001,21000,-1000000000000021001,1.000000000000000001,0.000000000000021,,${movement.txHash},${movement.counterparty}`,
      `2025-12-07T00:00:00.000Z,12,deposit,"web,""1""",3,1000000000000000001,21000,-1000000000000021001,1.000000000000000001,0.000000000000021,3000,${movement.txHash},${movement.counterparty}`,
    ]);
    expect(aggregateCsv([{vm_name: 'a', stream_ids: [1n, 2n], spent_wei: 5n}])).toEqual(['vm_name,stream_ids,spent_wei', 'a,1 2,5']);
  });

  it('says the period is balanced, or shows the difference with its reasons', () => {
    expect(reconciliationLines(emptyLedger(5n)).at(-1)).toBe('Balanced to the wei.');
    const off = emptyLedger(5n);
    const lines = reconciliationLines({
      ...off,
      reconciliation: {...off.reconciliation, end: {...off.reconciliation.end, balanceWei: 8n}, differenceWei: 3n, isBalanced: false, unexplained: ['a reason']},
    });
    expect(lines.slice(-2)).toEqual(['Difference: +0.000000000000000003 ETH (3 wei) other incoming/outgoing:', '  - a reason']);
  });
});
