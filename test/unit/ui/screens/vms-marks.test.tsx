import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {confirmsCount, listNames} from '../../../../source/ui/screens/vms-batch-dialog.js';
import {frameOf, keys, press, renderApp, settle, waitForFrame, type RenderedApp} from '../../../helpers/render.js';

afterEach(() => cleanup());

async function onVms(): Promise<RenderedApp> {
  const app = renderApp({
    initialState: {
      route: {name: 'vms'},
      selection: {providers: {key: null, index: 0}, vms: {key: 'web-1', index: 0}, streams: {key: null, index: 0}, wallet: {key: null, index: 0}},
      notice: null,
    },
  });
  await waitForFrame(app, 'db-1');
  return app;
}

describe('marking VMs', () => {
  it('Space marks the selected VM with ✓ and moves down; d then asks once, by count, for every marked VM and destroys them all', async () => {
    const app = await onVms();
    await press(app, ' ');
    let frame = await waitForFrame(app, '1 marked');
    expect(frame).toMatch(/✓ web-1/);
    expect(frame).toMatch(/›db-1/);
    await press(app, ' ');
    frame = await waitForFrame(app, '2 marked');
    expect(frame).toMatch(/✓ db-1/);
    await press(app, 'd');
    frame = await waitForFrame(app, 'Destroy 2 VMs');
    expect(frame).toContain('web-1 and db-1');
    expect(frame).toMatch(/comes back to the wallet|unspent deposits come back/);
    expect(frame).toContain('Type 2 to confirm');
    await press(app, 'web-1', keys.enter);
    await waitForFrame(app, 'That is not 2; nothing was destroyed.');
    expect(app.services.callsTo('destroyVm')).toHaveLength(0);
    for (let index = 0; index < 5; index++) await press(app, keys.backspace);
    await press(app, '2');
    await waitForFrame(app, 'Enter destroys 2 VMs');
    await press(app, keys.enter);
    frame = await waitForFrame(app, 'Destroyed 2 of 2 VMs');
    expect(frame).toMatch(/Refund: 0\.\d+ ETH returned to the wallet/);
    expect(app.services.callsTo('destroyVm')).toEqual([['web-1'], ['db-1']]);
    await press(app, keys.enter);
    frame = await waitForFrame(app, (text) => !text.includes('Destroying'));
    expect(frame).not.toContain('marked');
    expect(app.handoffs).toHaveLength(0);
  });

  it('s with marks asks one yes/no question with the expected refund; n declines; Space unmarks and Esc clears the marks', async () => {
    const app = await onVms();
    await press(app, ' ', ' ');
    await waitForFrame(app, '2 marked');
    await press(app, 's');
    const frame = await waitForFrame(app, 'Stop 2 VMs');
    expect(frame).toContain('[y/N]');
    await press(app, 'n');
    await waitForFrame(app, (text) => !text.includes('Stop 2 VMs'));
    await settle(20);
    expect(app.services.callsTo('stopVm')).toHaveLength(0);
    await press(app, keys.up, ' ');
    await waitForFrame(app, '1 marked');
    await press(app, keys.escape);
    await waitForFrame(app, (text) => !text.includes('marked'));
    expect(frameOf(app)).not.toContain('✓');
  });

  it('marks survive a screen switch; s and y stop every marked VM, say what came back, and clear the marks', async () => {
    const app = await onVms();
    await press(app, ' ', ' ');
    await waitForFrame(app, '2 marked');
    await press(app, '1');
    await waitForFrame(app, '[1 Providers]');
    await press(app, '2');
    await waitForFrame(app, '2 marked');
    await press(app, 's');
    await waitForFrame(app, 'Stop 2 VMs');
    await press(app, 'y');
    const frame = await waitForFrame(app, 'of 2 VMs. Refund:');
    // Both were asked, one after the other (db-1 was stopped already; a refusal would not stop the others).
    expect(app.services.callsTo('stopVm')).toEqual([['web-1'], ['db-1']]);
    expect(frame).toMatch(/Stopped [12] of 2 VMs\. Refund: 0\.\d+ ETH returned to the wallet\./);
    await press(app, keys.enter);
    await waitForFrame(app, (text) => !text.includes('Stopping 2 VMs'));
    expect(frameOf(app)).not.toContain('marked');
    expect(frameOf(app)).not.toContain('✓ web-1');
  });

  it('reads the typed count loosely and lists long name lists short', () => {
    expect(confirmsCount(' 3 ', 3)).toBe(true);
    expect(confirmsCount('Destroy  3 VMs', 3)).toBe(true);
    expect(confirmsCount('y', 3)).toBe(false);
    expect(confirmsCount('4', 3)).toBe(false);
    expect(listNames(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c, d and 2 more');
  });
});
