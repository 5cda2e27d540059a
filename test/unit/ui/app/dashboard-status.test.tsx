import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {ConfigError, RpcUnavailableError} from '../../../../source/errors.js';
import {createMonitorController} from '../../../../source/ui/app/monitor-controller.js';
import {clockTime} from '../../../../source/ui/hooks/use-status-bar.js';
import {formatEthAmount} from '../../../../source/ui/format-cells.js';
import {createFakeServices, makeHolder, type FakeServicesOptions} from '../../../helpers/fake-services.js';
import {frameOf, press, renderApp, waitForFrame} from '../../../helpers/render.js';

afterEach(() => cleanup());

/** The status bar: the line under the tabs. */
function statusLine(frame: string): string {
  return frame.split('\n')[1] ?? '';
}

function withMonitor(options: FakeServicesOptions = {}) {
  const services = createFakeServices(options);
  const monitor = createMonitorController(services);
  const app = renderApp({services, monitor});
  return {app, services, monitor};
}

describe('status bar', () => {
  it('shows the payments network and chain id, the short address and balance, and the last refresh time', async () => {
    const app = renderApp();
    const frame = await waitForFrame(app, (text) => /updated \d\d:\d\d:\d\d/.test(statusLine(text)));
    expect(statusLine(frame)).toMatch(/^devnet · chain 31337 │ 0xAbCd…EF01 1\.5 ETH │ funding: nobody │ updated \d\d:\d\d:\d\d$/);
  });

  it('says "this dashboard" once its monitor holds the lease, and shows the monitor’s top-ups as notices', async () => {
    const rate = createFakeServices().state.chain.get(1n)!.ratePerSecond;
    const amountWei = rate * 3600n;
    const {app, services, monitor} = withMonitor({
      monitorEvents: [
        {type: 'pass', checked: 1, toppedUp: 1, at: new Date().toISOString()},
        {type: 'topped-up', streamId: 1n, vmName: 'web-1', amountWei, newStopTime: 0n, txHash: '0x02'},
      ],
    });
    await waitForFrame(app, 'funding: nobody — press F to fund');
    monitor.start();
    const frame = await waitForFrame(app, 'funding: this dashboard');
    await waitForFrame(app, `✔ Monitor topped up stream #1 (web-1) +${formatEthAmount(amountWei)}.`);
    expect(frame).not.toContain('✖');
    expect(services.callsTo('runMonitor')).toEqual([[{role: 'tui'}]]);
    await monitor.stop();
    await waitForFrame(app, 'funding: nobody — press F to fund');
  });

  it('F starts funding from the dashboard when nobody funds', async () => {
    const {app, services, monitor} = withMonitor();
    await waitForFrame(app, 'funding: nobody — press F to fund');
    await press(app, 'F');
    await waitForFrame(app, 'funding: this dashboard');
    expect(frameOf(app)).toContain('ℹ Starting the monitor: this dashboard funds the streams while it runs.');
    await press(app, 'F');
    await waitForFrame(app, 'ℹ This dashboard already funds the streams.');
    expect(services.callsTo('runMonitor')).toHaveLength(1);
    await monitor.stop();
  });

  it('names another process that holds the lease, with its pid, role and start time', async () => {
    const holder = makeHolder({pid: 4242, role: 'monitor', since: '2026-11-30T11:00:00.000Z'});
    const {app, monitor} = withMonitor({otherFunder: holder});
    const since = clockTime(Date.parse(holder.since));
    await waitForFrame(app, `funding: pid 4242 (monitor) since ${since}`);
    monitor.start();
    await press(app, 'F');
    await waitForFrame(app, 'another golem process funds the streams');
    expect(statusLine(frameOf(app))).toContain(`funding: pid 4242 (monitor) since ${since}`);
    await monitor.stop();
  });

  it('shows the monitor’s last warning with its stream on the status bar and as a notice', async () => {
    const {app, monitor} = withMonitor({
      monitorEvents: [{type: 'warning', streamId: 1n, vmName: 'web-1', message: 'The daily spend cap is reached; stream not topped up.'}],
    });
    await waitForFrame(app, 'funding: nobody');
    monitor.start();
    const frame = await waitForFrame(app, '⚠ Monitor: The daily spend cap is reached; stream not topped up.');
    expect(frame).toContain('About stream #1 (web-1).');
    expect(frame.split('\n')[2]).toBe('✖ The daily spend cap is reached; stream not topped up.');
    await monitor.stop();
  });

  it('shows why the monitor stopped, with the hint', async () => {
    const error = new ConfigError({shortMessage: 'The devnet is not running.', hint: 'Start it with `golem devnet up --detach`.'});
    const {app, monitor} = withMonitor({monitorError: error});
    await waitForFrame(app, 'funding: nobody');
    monitor.start();
    // From 24 rows up the hint has its own line under the problem (issue 13: nothing cut at 80×24).
    const frame = await waitForFrame(app, '✖ Monitor stopped: The devnet is not running.\n  Start it with `golem devnet up --detach`.');
    expect(statusLine(frame)).toContain('funding: nobody — press F to fund');
  });

  it('shows a failed wallet read as the last error with its hint, and keeps drawing', async () => {
    const error = new RpcUnavailableError({url: 'http://127.0.0.1:8545'});
    const app = renderApp({walletError: error});
    const frame = await waitForFrame(app, `✖ ${error.shortMessage}`);
    expect(statusLine(frame)).toMatch(/^network … │ wallet … │ funding: nobody/);
    if (error.hint) expect(frame.replace(/\s+/g, ' ')).toContain(error.hint);
    // The screen under it still draws (the providers table).
    expect(frame).toMatch(/│ Provider +│/);
  });

  it('case-09: draws the status bar when stdin is not a terminal (no raw mode, no crash)', async () => {
    // ink-testing-library's stdin is not a TTY: the App renders read-only.
    const app = renderApp();
    const frame = await waitForFrame(app, 'devnet · chain 31337');
    expect(frame).toContain('funding: nobody');
  });
});
