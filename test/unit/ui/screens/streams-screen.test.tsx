import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {frameOf, keys, press, renderApp, waitForFrame, type RenderedApp} from '../../../helpers/render.js';

afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

const ON_STREAMS = {
  route: {name: 'streams'},
  selection: {providers: {key: null, index: 0}, vms: {key: null, index: 0}, streams: {key: null, index: 0}, wallet: {key: null, index: 0}},
  notice: null,
} as const;

/** The runway cell of stream #1. */
function runwayOf(frame: string): string | undefined {
  const row = frame.split('\n').find((line) => line.includes('#1 '));
  return row?.split('│')[4]?.trim();
}

async function onStreams(options: Parameters<typeof renderApp>[0] = {}): Promise<RenderedApp> {
  const app = renderApp({initialState: ON_STREAMS, ...options});
  await waitForFrame(app, '#2');
  return app;
}

describe('Streams screen', () => {
  it('counts the runway down every second from chain time, and refetches every ~10 s', async () => {
    vi.useFakeTimers({toFake: ['setInterval', 'clearInterval', 'Date']});
    // A whole second: the fake chain clock floors to seconds, so a fractional start would shift the count by one.
    vi.setSystemTime(Date.UTC(2026, 10, 30, 12, 0, 0));
    const app = await onStreams({initialRunwaySeconds: 125});
    expect(runwayOf(frameOf(app))).toBe('2m 05s');
    const fetches = app.services.callsTo('listStreams').length;

    vi.advanceTimersByTime(3000);
    await waitForFrame(app, (frame) => runwayOf(frame) === '2m 02s');
    expect(app.services.callsTo('listStreams').length).toBe(fetches);

    vi.advanceTimersByTime(7000);
    await waitForFrame(app, (frame) => runwayOf(frame) === '1m 55s');
    await vi.waitFor(() => expect(app.services.callsTo('listStreams').length).toBe(fetches + 1));
    expect(runwayOf(frameOf(app))).toBe('1m 55s');

    vi.advanceTimersByTime(120_000);
    await waitForFrame(app, (frame) => runwayOf(frame) === '0s');
  });

  it('anchors the countdown to the chain clock, not the local one', async () => {
    vi.useFakeTimers({toFake: ['setInterval', 'clearInterval', 'Date']});
    // A whole second: the fake chain clock floors to seconds, so a fractional start would shift the count by one.
    vi.setSystemTime(Date.UTC(2026, 10, 30, 12, 0, 0));
    // The chain is 10 minutes ahead of this machine: runway is stopTime − chain now.
    const chainOffset = 600n;
    const app = await onStreams({chainNow: () => BigInt(Math.floor(Date.now() / 1000)) + chainOffset, initialRunwaySeconds: 125});
    expect(runwayOf(frameOf(app))).toBe('2m 05s');
    vi.advanceTimersByTime(2000);
    await waitForFrame(app, (frame) => runwayOf(frame) === '2m 03s');
  });

  it('shows deposit, rate per hour and status for each stream', async () => {
    const app = await onStreams();
    const frame = frameOf(app);
    expect(frame).toMatch(/#1 +│ web-1 │ open +│ +1h (49|50)m │ +0\.00001095 ETH │ +0\.00000547 ETH\/h │/);
    expect(frame).toMatch(/#2 +│ db-1 +│ terminated │ +— │/);
  });

  it('t tops up the selected stream by N hours and the runway grows', async () => {
    const app = await onStreams({initialRunwaySeconds: 125});
    await press(app, 't');
    let frame = await waitForFrame(app, 'Top up stream #1 (web-1)');
    expect(frame).toContain('Amount: 0.00000547 ETH');
    await press(app, keys.backspace, '3');
    await waitForFrame(app, 'Amount: 0.00001643 ETH');
    await press(app, keys.enter);
    frame = await waitForFrame(app, '✔ Topped up stream #1 (web-1)');
    expect(app.services.callsTo('topUpStream')).toEqual([[{streamId: 1n, hours: 3}]]);
    await waitForFrame(app, (text) => runwayOf(text)?.startsWith('3h 0') ?? false);
  });

  it('validates the hours of a top-up and refuses a terminated stream', async () => {
    const app = await onStreams();
    await press(app, 't', keys.backspace, '0');
    await waitForFrame(app, 'Hours must be a whole number from 1 to 720.');
    await press(app, keys.enter);
    expect(app.services.callsTo('topUpStream')).toHaveLength(0);
    await press(app, keys.escape, 'j', 't');
    const frame = await waitForFrame(app, 'Stream #2 is terminated; it cannot be topped up.');
    expect(frame).not.toContain('Top up stream #2');
  });
});
