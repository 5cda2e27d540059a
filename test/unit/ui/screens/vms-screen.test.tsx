import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {frameOf, keys, press, renderApp, settle, waitForFrame, type RenderedApp} from '../../../helpers/render.js';

afterEach(() => cleanup());

/** The App on VMs with web-1 (running, stream #1) selected. */
async function onVms(options: Parameters<typeof renderApp>[0] = {}): Promise<RenderedApp> {
  const app = renderApp({initialState: {route: {name: 'vms'}, selection: {providers: {key: null, index: 0}, vms: {key: 'web-1', index: 0}, streams: {key: null, index: 0}, wallet: {key: null, index: 0}}, notice: null}, ...options});
  await waitForFrame(app, 'db-1');
  return app;
}

describe('VMs screen', () => {
  it('d asks to type the name; typing it and Enter destroys the VM, shows progress and the refund, and the VM leaves the list', async () => {
    let release = () => {};
    const app = await onVms({gates: {destroyVm: new Promise<void>((resolve) => (release = resolve))}});
    await press(app, 'd');
    let frame = await waitForFrame(app, 'Destroy web-1?');
    expect(frame).toContain('Type web-1 to confirm');
    await press(app, 'web-1');
    frame = await waitForFrame(app, 'Enter destroys it');
    expect(app.services.callsTo('destroyVm')).toHaveLength(0);
    await press(app, keys.enter);
    frame = await waitForFrame(app, '… Ending the payment stream');
    expect(frame).toContain('✔ Deleting web-1 on the provider');
    release();
    frame = await waitForFrame(app, 'Refund:');
    expect(app.services.callsTo('destroyVm')).toEqual([['web-1']]);
    expect(frame).toMatch(/✔ Destroyed web-1\. Refund: 0\.0000\d+ ETH returned to the wallet/);
    await press(app, keys.enter);
    frame = await waitForFrame(app, (text) => !text.includes('Destroying') && text.includes('db-1'));
    expect(frame).not.toMatch(/│.web-1 /);
    expect(frame).toMatch(/✔ Destroyed web-1\. Refund: /);
    // Enter that closed the dialog did not also open a shell on the next VM.
    expect(app.handoffs).toHaveLength(0);
  });

  it('d then a wrong name (or y, or nothing) and Enter sends nothing and says why; Esc then cancels', async () => {
    const app = await onVms();
    await press(app, 'd');
    await waitForFrame(app, 'Destroy web-1?');
    await press(app, keys.enter);
    let frame = await waitForFrame(app, 'That is not web-1; nothing was destroyed.');
    await press(app, 'y');
    await press(app, keys.enter);
    await press(app, 'web-');
    await press(app, keys.enter);
    frame = await waitForFrame(app, 'That is not web-1; nothing was destroyed.');
    expect(frame).toContain('Destroy web-1?');
    await settle(30);
    expect(app.services.callsTo('destroyVm')).toHaveLength(0);
    await press(app, keys.escape);
    frame = await waitForFrame(app, (text) => !text.includes('Destroy web-1?'));
    expect(frame).toMatch(/│›web-1 +│ ● running/);
    await settle(30);
    expect(app.services.callsTo('destroyVm')).toHaveLength(0);
    expect(app.handoffs).toHaveLength(0);
  });

  it('a pasted name with a trailing newline fills the field but does not confirm by itself (case-14)', async () => {
    const app = await onVms();
    await press(app, 'd');
    await waitForFrame(app, 'Destroy web-1?');
    await press(app, 'web-1\r');
    await waitForFrame(app, 'Enter destroys it');
    await settle(30);
    expect(app.services.callsTo('destroyVm')).toHaveLength(0);
    await press(app, keys.escape);
  });

  it('s then y stops the VM and reports the refund; the status changes on the list', async () => {
    const app = await onVms();
    await press(app, 's');
    await waitForFrame(app, 'Stop web-1?');
    await press(app, 'y');
    await waitForFrame(app, 'Refund:');
    expect(app.services.callsTo('stopVm')).toEqual([['web-1']]);
    await press(app, keys.escape);
    const frame = await waitForFrame(app, (text) => /│›web-1 +│ ● stopped/.test(text));
    expect(frame).toMatch(/✔ web-1 is stopped\. Refund: /);
  });

  it('S on a stopped VM asks for hours with a quote, then starts it on a new stream', async () => {
    const app = await onVms();
    await press(app, 'j', 'S');
    let frame = await waitForFrame(app, 'Deposit');
    expect(frame).toContain('Start db-1');
    expect(frame).toContain('Starting opens a new payment stream');
    await press(app, keys.backspace, '2', keys.enter);
    frame = await waitForFrame(app, (text) => /│›db-1 +│ ● running/.test(text));
    expect(app.services.callsTo('startVm')).toEqual([['db-1', {hours: 2}]]);
    expect(frame).toMatch(/✔ db-1 is running \(stream #3, deposit 0\.\d+ ETH\)\./);
  });

  it('shows an action that failed, with its message, and keeps the VM', async () => {
    const app = await onVms();
    await press(app, 'S');
    await waitForFrame(app, 'Start web-1');
    await press(app, keys.enter);
    const frame = await waitForFrame(app, "VM 'web-1' is already running.");
    expect(frame).toContain('✖ Not started');
    expect(frameOf(app)).toContain('Start web-1');
  });
});
