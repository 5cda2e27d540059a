import {render} from 'ink';
import {cleanup} from 'ink-testing-library';
import {PassThrough, Writable} from 'node:stream';
import stripAnsi from 'strip-ansi';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {ProviderError} from '../../../../source/errors.js';
import {App} from '../../../../source/ui/app/app.js';
import {createFakeServices, makeAdvert} from '../../../helpers/fake-services.js';
import {frameOf, keys, press, renderApp, settle, waitForFrame} from '../../../helpers/render.js';

afterEach(() => cleanup());

/** The body row of the table whose first cell holds the selection marker. */
function selectedRow(frame: string): string | undefined {
  return frame.split('\n').find((line) => line.startsWith('│›'));
}

describe('App screens', () => {
  it('shows providers with prices; junk prices show as "—" (case-03)', async () => {
    const app = renderApp();
    const frame = await waitForFrame(app, 'alpha-node');
    expect(frame).toContain('[1 Providers]');
    expect(frame).toMatch(/alpha-node\s+│ DE\s+│ x86_64 │\s+8 │\s+16 │\s+200 │\s+\$0\.0068 │\s+\$0\.0027 │\s+\$0\.00013 │/);
    expect(frame).toMatch(/0x3333…3333 .*│\s+— │\s+— │\s+— │/);
    expect(frame).not.toContain('NaN');
  });

  it('shows VMs, streams and the wallet on their screens', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    await press(app, '2');
    let frame = await waitForFrame(app, 'db-1');
    expect(frame).toContain('[2 VMs]');
    // Name, status, SSH whole, runway and cost so far first (issue 13); resources, provider and stream as width allows.
    expect(frame).toMatch(/web-1 +│ ● running +│ 127\.0\.0\.1:2201 +│ +\d+h \d\dm │ +[0-9.<]+ ETH │ 1c 1G 10G +│ alpha-node │/);
    expect(frame).toMatch(/db-1 +│ ● stopped/);

    await press(app, '3');
    // Active streams first; the ended one is hidden until `e` (issue 13).
    frame = await waitForFrame(app, '1 ended hidden · e shows them');
    expect(frame).not.toMatch(/│[ ›]#2 /);
    await press(app, 'e');
    frame = await waitForFrame(app, '#2');
    expect(frame).toContain('[3 Streams]');
    expect(frame).toMatch(/#1 +│ web-1 │ active +│ +1h (49|50)m │ █{9}░ │ +0\.\d+ ETH │ +0\.\d+ ETH\/h │/);
    expect(frame).toMatch(/#2 +│ db-1 +│ terminated │ +— │ +│/);

    await press(app, '4');
    frame = await waitForFrame(app, 'Address');
    expect(frame).toContain('0xAbCdEf0123456789abcdef0123456789ABCDEF01');
    expect(frame).toContain('1.5 ETH');
    expect(frame).toMatch(/Network +devnet/);
    expect(frame).toMatch(/Chain id +31337/);
    expect(frame).toContain('/home/user/.golem/requestor/wallet.key');
  });

  it('switches screens with Tab and Shift-Tab', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    await press(app, keys.tab);
    await waitForFrame(app, '[2 VMs]');
    await press(app, keys.tab, keys.tab);
    await waitForFrame(app, '[4 Wallet]');
    await press(app, keys.tab);
    await waitForFrame(app, '[1 Providers]');
    await press(app, keys.shiftTab);
    await waitForFrame(app, '[4 Wallet]');
  });

  it('moves the selection with j/k and the arrow keys, within the list', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    expect(selectedRow(frameOf(app))).toContain('alpha-node');
    await press(app, 'j');
    expect(selectedRow(frameOf(app))).toContain('beta-node');
    await press(app, keys.down);
    expect(selectedRow(frameOf(app))).toContain('0x3333');
    await press(app, keys.down, 'j');
    expect(selectedRow(frameOf(app))).toContain('0x3333');
    await press(app, 'k');
    expect(selectedRow(frameOf(app))).toContain('beta-node');
    await press(app, keys.up, keys.up);
    expect(selectedRow(frameOf(app))).toContain('alpha-node');
  });

  it('shows the keys of the keymap that work here on ?, and Esc closes the help', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    await press(app, '?');
    const top = await waitForFrame(app, 'Keys');
    // The help scrolls (issue 13): the rest is one PgDn away.
    await press(app, '\u001B[6~');
    const frame = top + (await waitForFrame(app, (text) => text !== top));
    for (const text of ['Providers, VMs, Streams, Wallet', 'Shift-Tab', '↓ / j', 'PgDn', 'Ctrl-C', 'Create a VM', 'Sort by the next column', 'Command palette']) {
      expect(frame).toContain(text);
    }
    // Keys of other screens are not listed here.
    expect(frame).not.toContain('Open an SSH shell');
    // Screen keys do not act under the help.
    await press(app, '2');
    expect(frameOf(app)).toContain('Keys');
    await press(app, keys.escape);
    await waitForFrame(app, (text) => !text.includes('Shift-Tab') && text.includes('alpha-node'));
    await press(app, '2');
    await waitForFrame(app, '[2 VMs]');
  });

  it('refreshes on r', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    const before = app.services.callsTo('listProviders').length;
    await press(app, 'r');
    await settle(30);
    expect(app.services.callsTo('listProviders').length).toBe(before + 1);
  });

  it('shows a discovery failure with its hint instead of crashing', async () => {
    const app = renderApp({providersError: new ProviderError({providerId: 'discovery', reason: 'timed out', hint: 'Try again later.'})});
    const frame = await waitForFrame(app, 'timed out');
    expect(frame).toContain('✖ Provider discovery: timed out');
    expect(frame).toContain('Try again later.');
  });

  it('case-13: keeps the providers table aligned with wide and combined names', async () => {
    const names = ['東京-node 🚀', '🇩🇪 Berlin', '👨‍💻dev', 'e\u0301clair', 'n'.repeat(300)];
    const providers = names.map((providerName, index) =>
      makeAdvert({providerId: `0x${String(index + 1).repeat(40)}` as `0x${string}`, providerName}),
    );
    const app = renderApp({providers});
    const frame = await waitForFrame(app, 'Berlin');
    const {default: stringWidth} = await import('string-width');
    const tableLines = frame.split('\n').filter((line) => /^[│┌├└]/.test(line));
    expect(tableLines).toHaveLength(names.length + 4);
    expect(new Set(tableLines.map((line) => stringWidth(line))).size).toBe(1);
    expect(frame).toContain('…');
  });

  it('quits on q', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    await press(app, 'q');
    await settle(30);
    // After exit nothing reacts to keys any more.
    const frames = app.frames.length;
    await press(app, '2');
    expect(app.frames.length).toBe(frames);
  });
});

describe('without a TTY (case-09)', () => {
  it('case-09: renders read-only and never asks for raw mode when stdin is not a terminal', async () => {
    const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
    let output = '';
    const stdout = Object.assign(
      new Writable({
        write(chunk, _encoding, callback) {
          output += String(chunk);
          callback();
        },
      }),
      {columns: 100, rows: 30},
    ) as unknown as NodeJS.WriteStream;
    const instance = render(<App services={createFakeServices()} onHandoff={() => {}} />, {
      stdin,
      stdout,
      stderr: stdout,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    });
    await vi.waitFor(() => expect(stripAnsi(output)).toContain('alpha-node'));
    expect(output).not.toContain('Raw mode is not supported');
    instance.unmount();
    instance.cleanup();
  });
});

describe('SSH handoff (case-10)', () => {
  it('Enter on a VM hands off with the VM name and the UI state, then the App exits and ignores keys', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    await press(app, '2');
    await waitForFrame(app, 'web-1');
    await press(app, keys.enter);
    expect(app.handoffs).toHaveLength(1);
    const [handoff] = app.handoffs;
    expect(handoff).toMatchObject({kind: 'ssh', vmName: 'web-1', state: {route: {name: 'vms'}}});
    expect(JSON.parse(JSON.stringify(handoff))).toEqual(handoff);
    // Keys typed while the shell connects never reach a handler: no destroy dialog, no destroy.
    await press(app, 'd', 'y', keys.enter, 'q');
    expect(app.services.callsTo('destroyVm')).toHaveLength(0);
    expect(app.handoffs).toHaveLength(1);
    expect(frameOf(app)).not.toContain('Destroy VM');
  });

  it('comes back on the same screen and row, with the outcome of the shell', async () => {
    const first = renderApp();
    await waitForFrame(first, 'alpha-node');
    await press(first, '2');
    await waitForFrame(first, 'db-1');
    await press(first, 'j');
    expect(selectedRow(frameOf(first))).toContain('db-1');
    await press(first, 'k', keys.enter);
    const state = first.handoffs[0]!.state;
    cleanup();

    const second = renderApp({initialState: {...state, notice: {tone: 'info', text: 'Back from the shell on web-1.'}}});
    const frame = await waitForFrame(second, 'db-1');
    expect(frame).toContain('[2 VMs]');
    expect(selectedRow(frame)).toContain('web-1');
    expect(frame).toContain('ℹ Back from the shell on web-1.');
  });

  it('refuses SSH to a VM that is not running and says how to start it', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    await press(app, '2');
    await waitForFrame(app, 'db-1');
    await press(app, 'j', keys.enter);
    const frame = await waitForFrame(app, 'only a running VM');
    expect(frame).toContain('Press S to start it.');
    expect(app.handoffs).toHaveLength(0);
  });
});
