/**
 * `golem tui` runs the auto top-up monitor for the whole session (issue 3 item 6): it starts with the dashboard when
 * the config enables it, keeps funding while the terminal is lent to an SSH shell (case-10, case-11: the App is gone
 * then, the monitor is not), and stops — releasing the lease — before the services close on quit.
 */
import {describe, expect, it, vi} from 'vitest';
import {runTui, type TuiIo} from '../../../source/commands/tui.js';
import {createFakeServices, type FakeServicesOptions} from '../../helpers/fake-services.js';
import {FakeTtyIn, FakeTtyOut} from '../../helpers/fake-tty.js';

function start(isMonitorEnabled: boolean, options: FakeServicesOptions = {}) {
  const stdin = new FakeTtyIn();
  const stdout = new FakeTtyOut(120, 40);
  const io: TuiIo = {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeTtyOut(120, 40) as unknown as NodeJS.WriteStream,
    signal: new AbortController().signal,
    isInteractive: true,
  };
  const order: string[] = [];
  const services = createFakeServices(options);
  const close = services.close;
  services.close = () => {
    order.push(`close with funding ${services.state.funding.state}`);
    close();
  };
  const exit = runTui(io, {loadServices: () => services, typeaheadGraceMs: 20, isMonitorEnabled: () => isMonitorEnabled});
  return {services, stdin, stdout, exit, order};
}

async function until(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(condition()).toBe(true), {timeout: 5000, interval: 10});
  await new Promise((resolve) => setTimeout(resolve, 60));
}

async function type(stdin: FakeTtyIn, text: string): Promise<void> {
  stdin.write(text);
  await new Promise((resolve) => setTimeout(resolve, 60));
}

describe('golem tui and the monitor', () => {
  it('starts the monitor when enabled, keeps it through an SSH shell, and stops it before closing on quit', async () => {
    let fundingDuringShell: string | undefined;
    const {services, stdin, stdout, exit, order} = start(true, {
      onOpenShell: () => {
        fundingDuringShell = services.state.funding.state;
      },
    });
    await until(() => stdout.written.includes('funding: this dashboard'));
    expect(services.callsTo('runMonitor')).toEqual([[{role: 'tui'}]]);

    await type(stdin, '2');
    await until(() => services.callsTo('refreshVms').length > 0);
    await type(stdin, '\r');
    await until(() => services.callsTo('openShell').length === 1);
    expect(fundingDuringShell).toBe('self');
    await until(() => stdout.written.includes('Back from the shell on web-1'));
    // One monitor for the session: the fresh App after the shell did not start another.
    expect(services.callsTo('runMonitor')).toHaveLength(1);
    expect(services.state.funding.state).toBe('self');

    await type(stdin, 'q');
    await expect(exit).resolves.toBe(0);
    expect(order).toEqual(['close with funding none']);
  });

  it('does not fund when the config disables the monitor, and says F would', async () => {
    const {services, stdin, stdout, exit} = start(false);
    await until(() => stdout.written.includes('funding: nobody — press F to fund'));
    expect(services.callsTo('runMonitor')).toHaveLength(0);
    await type(stdin, 'q');
    await expect(exit).resolves.toBe(0);
  });
});
