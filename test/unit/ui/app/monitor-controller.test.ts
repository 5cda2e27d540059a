import {describe, expect, it} from 'vitest';
import {createMonitorController} from '../../../../source/ui/app/monitor-controller.js';
import type {MonitorEvent} from '../../../../source/services/types.js';
import {monitorNotice} from '../../../../source/ui/hooks/use-monitor-notices.js';
import {createFakeServices, makeHolder} from '../../../helpers/fake-services.js';

describe('createMonitorController', () => {
  it('runs one monitor as the tui, tracks the lease and passes, and releases it on stop', async () => {
    const at = '2026-11-30T12:00:00.000Z';
    const services = createFakeServices({monitorEvents: [{type: 'pass', checked: 2, toppedUp: 0, at}]});
    const monitor = createMonitorController(services);
    const events: MonitorEvent[] = [];
    monitor.onEvent((event) => events.push(event));
    expect(monitor.getSnapshot().status).toBe('stopped');
    monitor.start();
    monitor.start();
    await Promise.resolve();
    await Promise.resolve();
    expect(services.callsTo('runMonitor')).toEqual([[{role: 'tui'}]]);
    expect(monitor.getSnapshot()).toMatchObject({status: 'running', role: 'self', lastPassAt: at, holder: {pid: process.pid, role: 'tui'}});
    expect(events.map((event) => event.type)).toEqual(['funding', 'pass']);
    expect((await services.getFundingStatus()).state).toBe('self');
    await monitor.stop();
    expect(monitor.getSnapshot()).toMatchObject({status: 'stopped', role: null, holder: null});
    expect((await services.getFundingStatus()).state).toBe('none');
  });

  it('stands by while another process funds', async () => {
    const holder = makeHolder();
    const monitor = createMonitorController(createFakeServices({otherFunder: holder}));
    monitor.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(monitor.getSnapshot()).toMatchObject({status: 'running', role: 'standby', holder});
    await monitor.stop();
  });

  it('reports a monitor that failed instead of throwing, and a broken facade too', async () => {
    const error = new Error('boom');
    const monitor = createMonitorController(createFakeServices({monitorError: error}));
    monitor.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(monitor.getSnapshot()).toMatchObject({status: 'failed', error});
    const broken = createMonitorController({
      runMonitor: () => {
        throw error;
      },
    });
    expect(() => broken.start()).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(broken.getSnapshot()).toMatchObject({status: 'failed', error});
    await broken.stop();
  });
});

describe('monitorNotice', () => {
  it('turns top-ups and warnings into notices, and leaves the rest to the status bar', () => {
    expect(
      monitorNotice({type: 'topped-up', streamId: 3n, vmName: null, amountWei: 10n ** 15n, newStopTime: 0n, txHash: '0x01'}),
    ).toEqual({tone: 'success', text: 'Monitor topped up stream #3 +0.001 ETH.'});
    expect(monitorNotice({type: 'warning', streamId: null, vmName: null, message: 'RPC slow.'})).toEqual({tone: 'warning', text: 'Monitor: RPC slow.'});
    expect(monitorNotice({type: 'pass', checked: 1, toppedUp: 0, at: ''})).toBeNull();
  });
});
