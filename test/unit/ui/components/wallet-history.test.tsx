import {cleanup, render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {afterEach, describe, expect, it} from 'vitest';
import type {GetLedgerReturnType} from '../../../../source/services/ledger/get-ledger.js';
import type {LedgerMovement} from '../../../../source/services/ledger/ledger-types.js';
import {spendByTime, spendByVm, type StreamVesting} from '../../../../source/services/ledger/spend-over-time.js';
import {barCells, spendBars} from '../../../../source/ui/components/spend-chart.js';
import {WalletHistory, walletHistoryView} from '../../../../source/ui/components/wallet-history.js';
import {runwayText, runwayWarning} from '../../../../source/lib/runway-text.js';
import {displayWidth} from '../../../../source/lib/text-width.js';
import {emptyLedger} from '../../../helpers/fake-services.js';

afterEach(() => cleanup());

const DAY = 86_400n;
const day0 = 1_765_065_600n; // 2025-12-07
const ETH = 10n ** 18n;

function movement(kind: LedgerMovement['kind'], amountWei: bigint, timestamp: bigint, vmName: string, streamId: bigint): LedgerMovement {
  return {kind, amountWei, gasWei: 10n ** 14n, blockNumber: timestamp, timestamp, logIndex: 0, txHash: `0x${timestamp.toString(16)}`, streamId, vmName, counterparty: null, ethUsdFixed18: null};
}

function ledgerOf(): GetLedgerReturnType {
  const streams: StreamVesting[] = [
    {streamId: 1n, vmName: 'web-1', startTime: day0, ratePerSecondWei: ETH / DAY / 10n, vestedWei: ETH / 2n},
    {streamId: 2n, vmName: 'db-1', startTime: day0 + 2n * DAY, ratePerSecondWei: ETH / DAY / 20n, vestedWei: ETH / 10n},
  ];
  const movements = [
    movement('deposit', ETH, day0, 'web-1', 1n),
    movement('deposit', ETH / 2n, day0 + 2n * DAY, 'db-1', 2n),
    movement('top_up', ETH / 5n, day0 + 4n * DAY, 'web-1', 1n),
  ];
  return {
    ...emptyLedger(5n * ETH),
    movements,
    byVm: spendByVm(movements, streams),
    byDay: spendByTime(movements, streams, {unit: 'day', from: day0, to: day0 + 6n * DAY}),
  };
}

const facts = {
  runwaySeconds: 4n * DAY + 6n * 3600n, isAtLeast: false, streamCount: 3, burnRatePerSecondWei: 1n, firstDry: 'web-1',
  horizonSeconds: 7 * 86_400, isBelowHorizon: true, isMonitorOn: true,
};
const runway = {text: runwayText(facts), warning: runwayWarning(facts)};

describe('WalletHistory', () => {
  it('draws spend per day and per VM side by side within 78 columns, the runway and its warning', () => {
    const {lastFrame} = render(<WalletHistory view={walletHistoryView(ledgerOf(), 7, 3)} runway={runway} width={78} hasHistory days={7} />);
    const frame = stripAnsi(lastFrame() ?? '');
    const lines = frame.split('\n');
    expect(Math.max(...lines.map((line) => displayWidth(line)))).toBeLessThanOrEqual(78);
    expect(frame).toContain('Runway    funds all 3 VMs for 4d 06h');
    expect(frame).toMatch(/⚠ The wallet runs out before 7d 00h \(web-1 runs dry first\)/);
    expect(frame).toMatch(/Spent per day +Spent per VM/);
    expect(frame).toMatch(/12-07 █+.* ETH +web-1 +█+/);
    expect(frame).toMatch(/12-13 +0 ETH/);
    expect(frame).toContain('Recent movements');
    expect(frame).toMatch(/12-11 00:00 +top-up +web-1 +0\.2 ETH/);
  });

  it('says no VM is running when there is no runway, and nothing spent for an empty ledger', () => {
    const {lastFrame} = render(<WalletHistory view={walletHistoryView(emptyLedger(0n), 3, 0)} runway={null} width={78} hasHistory={false} days={3} />);
    const frame = stripAnsi(lastFrame() ?? '');
    expect(frame).toContain('Runway    no VM running');
    expect(frame).toContain('nothing spent');
    expect(frame).not.toContain('Recent movements');
  });

  it('scales bars in eighths so a small value still shows', () => {
    expect(barCells(1, 4)).toBe('████');
    expect(barCells(0.01, 4)).toBe('▏');
    expect(barCells(0, 4)).toBe('');
    expect(spendBars([{label: 'a', valueWei: 10n ** 18n}, {label: 'b', valueWei: 10n ** 17n}]).map((bar) => [bar.share, bar.amount])).toEqual([
      [1, '1 ETH'],
      [0.1, '0.1 ETH'],
    ]);
  });
});
