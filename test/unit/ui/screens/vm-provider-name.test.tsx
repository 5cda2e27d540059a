import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keys, press, renderApp, waitForFrame, resizeApp, ON_VMS} from '../../../helpers/render.js';

afterEach(() => cleanup());

describe("the provider's name on VMs", () => {
  it('shows the name from the providers list in the VMs table and the detail, not the id', async () => {
    const app = renderApp({initialState: ON_VMS});
    await waitForFrame(app, 'db-1');
    await resizeApp(app, 200, 30);
    let frame = await waitForFrame(app, (text) => /│ alpha-node +│/.test(text));
    expect(frame).toContain('Provider');
    expect(frame).not.toMatch(/0x1111…1111/);
    // The VMs screen asked for the list once (no Providers screen was shown first).
    expect(app.services.callsTo('listProviders')).toHaveLength(1);
    await press(app, 'i');
    frame = await waitForFrame(app, 'SSH command');
    expect(frame).toMatch(/Provider +alpha-node · 0x1111111111111111111111111111111111111111 \(127\.0\.0\.1:7466\)/);
    await press(app, keys.escape);
  });

  it('falls back to the short id when the provider has no name', async () => {
    const app = renderApp({initialState: ON_VMS, providers: []});
    await waitForFrame(app, 'db-1');
    await resizeApp(app, 200, 30);
    await waitForFrame(app, (text) => /0x1111…1111/.test(text));
  });
});
