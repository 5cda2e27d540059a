import {describe, expect, it} from 'vitest';
import {monitorEventLine} from '../../../source/commands/monitor-event-line.js';

const holder = {pid: 4242, hostname: 'box', role: 'tui' as const, since: '2026-11-30T12:00:00.000Z', heartbeatAt: '2026-11-30T12:00:30.000Z'};

describe('monitorEventLine', () => {
  it('names the process that funds when standing by', () => {
    expect(monitorEventLine({type: 'standby', holder})).toBe('Streams are funded by pid 4242 (tui) since 2026-11-30T12:00:00.000Z; standing by.');
  });

  it('shows a top-up in ETH and wei with the new end time and hash', () => {
    expect(
      monitorEventLine({type: 'topped-up', streamId: 7n, vmName: 'web', amountWei: 3_600_000_000_000n, newStopTime: 1_800_000_000n, txHash: '0xabc'}),
    ).toBe('Topped up stream 7 (VM web) by 0.0000036 ETH (3600000000000 wei); it now runs until 2027-01-15T08:00:00.000Z. tx 0xabc');
  });

  it('strips control characters from warnings', () => {
    expect(monitorEventLine({type: 'warning', streamId: null, vmName: null, message: 'bad\u001b[2Jthing'})).not.toContain('\u001b');
  });
});
