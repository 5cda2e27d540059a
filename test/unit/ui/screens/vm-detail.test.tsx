import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {formatSshCommand} from '../../../../source/adapters/ssh/ssh-command.js';
import {App} from '../../../../source/ui/app/app.js';
import type {Handoff} from '../../../../source/ui/app/handoff.js';
import type {UiSnapshot} from '../../../../source/ui/app/router.js';
import {createFakeServices} from '../../../helpers/fake-services.js';
import {frameOf, keys, press, renderApp, settle, waitForFrame} from '../../../helpers/render.js';

afterEach(() => cleanup());

const ON_VMS: UiSnapshot = {
  route: {name: 'vms'},
  selection: {providers: {key: null, index: 0}, vms: {key: 'web-1', index: 0}, streams: {key: null, index: 0}, wallet: {key: null, index: 0}},
  notice: null,
};

describe('VM detail view', () => {
  it('i opens the detail of the selected VM with its runway and the ssh command; Esc goes back to the list', async () => {
    const handoffs: Handoff[] = [];
    const app = render(
      <App
        services={createFakeServices()}
        initialState={ON_VMS}
        onHandoff={(handoff) => handoffs.push(handoff)}
        sshCommandFor={(vm) =>
          formatSshCommand({
            host: vm.sshHost ?? vm.providerIp,
            port: vm.sshPort ?? 22,
            username: 'ubuntu',
            privateKeyPath: '/home/me/.golem/ssh/golem_id_ed25519',
            knownHostsPath: '/home/me/.golem/ssh/known_hosts',
            hostKeyAlias: `golem.${vm.name}.00000001`,
          })
        }
      />,
    );
    await waitForFrame(app, 'db-1');
    await press(app, 'i');
    const frame = await waitForFrame(app, (text) => text.includes('SSH command') && / left/.test(text));
    expect(frame).toContain('● running');
    expect(frame).toMatch(/Resources +1 cores · 1 GB RAM · 10 GB disk/);
    expect(frame).toMatch(/SSH +127\.0\.0\.1 port 2201/);
    expect(frame).toMatch(/Stream +#1 +\d+h \d+m left/);
    // The command may wrap at the terminal's width; joined, it is one line to copy.
    // (Wrapping may eat the space at a line break, so spaces are compared away.)
    expect(frame.replace(/\s+/g, '')).toContain(
      'ssh -i /home/me/.golem/ssh/golem_id_ed25519 -o IdentitiesOnly=yes -o UserKnownHostsFile=/home/me/.golem/ssh/known_hosts -o StrictHostKeyChecking=yes -o HostKeyAlias=golem.web-1.00000001 -p 2201 ubuntu@127.0.0.1'.replace(/\s+/g, ''),
    );
    expect(frame).toContain('Enter ssh · s stop · S start · d destroy · Esc back');
    expect(frame).not.toContain('db-1');
    await press(app, keys.escape);
    await waitForFrame(app, (text) => text.includes('db-1') && !text.includes('SSH command'));
    expect(handoffs).toHaveLength(0);
  });

  it('→ opens the detail too; without the key paths it points at golem vm ssh; actions work from the detail', async () => {
    const app = renderApp({initialState: ON_VMS});
    await waitForFrame(app, 'db-1');
    await press(app, keys.right);
    let frame = await waitForFrame(app, 'SSH command');
    expect(frame).toContain('golem vm ssh web-1');
    await press(app, 'd');
    frame = await waitForFrame(app, 'Destroy web-1?');
    await press(app, keys.escape);
    await waitForFrame(app, 'SSH command');
    // A VM without an SSH port yet says so.
    await press(app, keys.escape, keys.down, 'i');
    frame = await waitForFrame(app, (text) => text.includes('SSH command') && text.includes('db-1'));
    expect(frame).toContain('● stopped');
    expect(frame).toContain('Stream     #2  terminated');
    expect(frame).toContain('not reachable yet');
  });
});

describe('command palette', () => {
  it(': opens the palette; Tab completes the command and the VM name; Enter on :ssh hands off', async () => {
    const app = renderApp({initialState: ON_VMS});
    await waitForFrame(app, 'db-1');
    await press(app, ':');
    let frame = await waitForFrame(app, 'Tab complete');
    expect(frame).toContain('ssh NAME');
    await press(app, 's', 's', keys.tab);
    await waitForFrame(app, ':ssh ');
    await press(app, 'w', keys.tab);
    frame = await waitForFrame(app, ':ssh web-1');
    await press(app, keys.enter);
    await settle(30);
    expect(app.handoffs.map((handoff) => handoff.vmName)).toEqual(['web-1']);
  });

  it('refuses :ssh to a stopped or unknown VM in the palette line, and Esc closes it without quitting on q', async () => {
    const app = renderApp({initialState: ON_VMS});
    await waitForFrame(app, 'db-1');
    await press(app, ':', ...'ssh db-1'.split(''), keys.enter);
    await waitForFrame(app, 'db-1 is stopped; only a running VM accepts SSH.');
    await press(app, keys.escape);
    await waitForFrame(app, (text) => !text.includes('only a running VM'));
    await press(app, ':', 'q', 'x', keys.enter);
    await waitForFrame(app, 'Unknown command :qx');
    await press(app, keys.escape);
    await settle(20);
    expect(frameOf(app)).toContain('db-1');
    expect(app.handoffs).toHaveLength(0);
  });

  it(':destroy NAME asks through the destroy dialog, :info NAME opens the detail, :wallet switches screens', async () => {
    const app = renderApp({initialState: ON_VMS});
    await waitForFrame(app, 'db-1');
    await press(app, ':', ...'destroy db-1'.split(''), keys.enter);
    await waitForFrame(app, 'Destroy db-1?');
    await press(app, keys.escape);
    await waitForFrame(app, (text) => !text.includes('Destroy db-1?'));
    expect(app.services.callsTo('destroyVm')).toHaveLength(0);
    await press(app, ':', ...'info db-1'.split(''), keys.enter);
    let frame = await waitForFrame(app, 'SSH command');
    expect(frame).toContain('● stopped');
    await press(app, ':', ...'wallet'.split(''), keys.enter);
    frame = await waitForFrame(app, '[4 Wallet]');
  });

  it(':quit quits', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    await press(app, ':', ...'quit'.split(''), keys.enter);
    await settle(30);
    // The App has exited: further keys do nothing.
    await press(app, '2');
    expect(frameOf(app)).not.toContain('[2 VMs]');
  });
});
