import {describe, expect, it} from 'vitest';
import type {Operation} from '../../../../source/services/ports.js';
import {spentWei} from '../../../../source/services/monitor/spend-cap.js';

const operation = (patch: Partial<Operation>): Operation => ({
  id: 1,
  kind: 'top-up',
  vmName: 'vm',
  streamId: 1n,
  txHash: null,
  status: 'done',
  detail: '100 wei',
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
  ...patch,
});

describe('spentWei', () => {
  it('sums top-ups that were sent, done or are in flight; not failed ones or other kinds', () => {
    expect(
      spentWei([
        operation({status: 'done', detail: '100 wei'}),
        operation({status: 'sent', detail: '20 wei'}),
        operation({status: 'started', detail: '3 wei'}),
        operation({status: 'failed', detail: 'ContractRevertedError: halted'}),
        operation({kind: 'create-stream', detail: '5000 wei'}),
        operation({detail: null}),
      ]),
    ).toBe(123n);
  });

  it('keeps wei exact beyond 2^53', () => {
    expect(spentWei([operation({detail: '9007199254740993 wei'}), operation({detail: '1 wei'})])).toBe(9_007_199_254_740_994n);
  });
});
