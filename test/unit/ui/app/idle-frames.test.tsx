/**
 * Idle cost (issue 16 item 4): a dashboard left alone draws a frame only when something it shows changed. Ink in
 * ink-testing-library draws every React commit (debug mode), so `frames` counts renders, changed or not.
 */
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {renderApp, settle, waitForFrame, ON_VMS} from '../../../helpers/render.js';
import {createFakeServices} from '../../../helpers/fake-services.js';

afterEach(() => cleanup());

describe('an idle dashboard', () => {
  it('VMs screen: no frame while no runway changes its text (a 1h 50m runway: none for half a minute), no forwards poll', async () => {
    // 6630 s left: "1h 50m" until 31 s from now.
    const services = createFakeServices({initialRunwaySeconds: 6630});
    const app = renderApp({services, initialState: ON_VMS});
    await waitForFrame(app, '1h 50m');
    await settle(500);
    const frames = app.frames.length;
    const forwardReads = services.callsTo('listForwards').length;
    await settle(2500);
    expect(app.frames.length).toBe(frames);
    // Read once when the App mounted; with no forward running, never again.
    expect(services.callsTo('listForwards').length).toBe(forwardReads);
    expect(forwardReads).toBe(1);
  });

  it('VMs screen: a runway under an hour still counts down every second', async () => {
    const services = createFakeServices({initialRunwaySeconds: 125});
    const app = renderApp({services, initialState: ON_VMS});
    await waitForFrame(app, '2m 0');
    await waitForFrame(app, (frame) => /1m 5\ds/.test(frame), {timeoutMs: 8000});
  });

  it('Streams screen: no frame while no cell changes; the refund estimate is worked out at the moment the key is pressed', async () => {
    const services = createFakeServices({initialRunwaySeconds: 6630});
    const app = renderApp({services, initialState: {...ON_VMS, route: {name: 'streams'}}});
    await waitForFrame(app, '1h 50m');
    await settle(500);
    const frames = app.frames.length;
    await settle(2000);
    expect(app.frames.length).toBe(frames);
  });
});
