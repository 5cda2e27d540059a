/**
 * Issue 11 item 5: `vm stop` on a VM its provider no longer has. anvil + StreamPayment, a real SQLite file and the
 * stand-in provider API of the monitor helper (which answers 404 for a VM it does not have, reference §4.7).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stopVm} from '../../../source/services/vms/stop-vm.js';
import {createMonitorHome, monitorContext, openFundedVm, RATE_WEI, startMonitorChain, type MonitorChain} from '../../helpers/monitor-chain.js';

let chain: MonitorChain;

beforeAll(async () => {
  chain = await startMonitorChain();
}, 60_000);

afterAll(async () => {
  await chain?.stop();
});

describe('vm stop', () => {
  it('ends the stream and reports the refund even when the provider says the VM is gone (404)', async () => {
    const home = createMonitorHome(chain);
    const ctx = monitorContext(home);
    try {
      const streamId = await openFundedVm(ctx, chain, 'vanished', {seconds: 7200});
      chain.providerApi.vms.delete('vanished-id');

      const result = await stopVm(ctx, 'vanished');
      expect(result.streamId).toBe(streamId);
      expect(result.refundWei).toBeGreaterThan(7000n * RATE_WEI);
      expect(result.vm).toMatchObject({status: 'deleted', confirmedAt: expect.any(String)});
      expect((await ctx.payments().client.getStream(streamId)).recipient).toBe('0x0000000000000000000000000000000000000000');
      expect(ctx.db.repositories.streams.get(streamId)?.status).toBe('terminated');
      expect(ctx.db.repositories.operations.listUnfinished()).toEqual([]);
    } finally {
      ctx.db.close();
      home.remove();
    }
  }, 60_000);
});
