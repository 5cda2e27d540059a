import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {formatEthAmount} from '../../../../source/ui/format-cells.js';
import {createFakeServices} from '../../../helpers/fake-services.js';
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

/** The cells of stream #1's row: id, VM, state, runway, bar, deposit, rate. */
function cellsOf(frame: string, id = '#1 '): string[] {
  const row = frame.split('\n').find((line) => line.includes(`│ ${id}`) || line.includes(`│›${id}`));
  return row?.split('│').slice(1, -1).map((cell) => cell.trim()) ?? [];
}
const runwayOf = (frame: string) => cellsOf(frame)[3];
const stateOf = (frame: string) => cellsOf(frame)[2];

async function onStreams(options: Parameters<typeof renderApp>[0] = {}): Promise<RenderedApp> {
  const app = renderApp({initialState: ON_STREAMS, ...options});
  // The ended stream #2 is hidden behind `e` (issue 13); these tests read both rows.
  await waitForFrame(app, (frame) => frame.includes(' ended hidden · e shows them'));
  await press(app, 'e');
  await waitForFrame(app, '#2');
  return app;
}

/** A whole second: the fake chain clock floors to seconds, so a fractional start would shift the count by one. */
function pinClock(toFake: Array<'setInterval' | 'clearInterval' | 'Date'> = ['setInterval', 'clearInterval', 'Date']) {
  vi.useFakeTimers({toFake});
  vi.setSystemTime(Date.UTC(2026, 10, 30, 12, 0, 0));
}

describe('Streams screen', () => {
  it('counts the runway down every second from chain time, refetches every ~10 s, and turns out-of-funds at 0', async () => {
    pinClock();
    const app = await onStreams({initialRunwaySeconds: 125});
    expect(runwayOf(frameOf(app))).toBe('2m 05s');
    expect(stateOf(frameOf(app))).toBe('needs-top-up');
    const fetches = app.services.callsTo('listStreams').length;

    vi.advanceTimersByTime(3000);
    await waitForFrame(app, (frame) => runwayOf(frame) === '2m 02s');
    expect(app.services.callsTo('listStreams').length).toBe(fetches);

    vi.advanceTimersByTime(7000);
    await waitForFrame(app, (frame) => runwayOf(frame) === '1m 55s');
    await vi.waitFor(() => expect(app.services.callsTo('listStreams').length).toBe(fetches + 1));
    expect(runwayOf(frameOf(app))).toBe('1m 55s');

    vi.advanceTimersByTime(120_000);
    const frame = await waitForFrame(app, (text) => runwayOf(text) === '0s');
    expect(stateOf(frame)).toBe('out-of-funds');
    expect(cellsOf(frame)[4]).toBe('░'.repeat(10));
  });

  it('anchors the countdown to the chain clock, not the local one', async () => {
    pinClock();
    // The chain is 10 minutes ahead of this machine: runway is stopTime − chain now.
    const chainOffset = 600n;
    const app = await onStreams({chainNow: () => BigInt(Math.floor(Date.now() / 1000)) + chainOffset, initialRunwaySeconds: 125});
    expect(runwayOf(frameOf(app))).toBe('2m 05s');
    vi.advanceTimersByTime(2000);
    await waitForFrame(app, (frame) => runwayOf(frame) === '2m 03s');
  });

  it('shows state, runway bar, deposit and rate per hour for each stream', async () => {
    const app = await onStreams();
    const frame = frameOf(app);
    expect(frame).toMatch(/State +│ +Runway │ Left/);
    // 6600 s left of 7200 s funded: 9 of 10 cells.
    expect(frame).toMatch(/#1 +│ web-1 │ active +│ +1h (49|50)m │ █{9}░ │ +0\.00001095 ETH │ +0\.00000547 ETH\/h │/);
    expect(frame).toMatch(/#2 +│ db-1 +│ terminated +│ +— │ +│/);
  });

  it('t offers +30 m, +1 h, +2 h with their cost; ↓ and Enter pays the cost shown and the runway grows', async () => {
    const app = await onStreams({initialRunwaySeconds: 125});
    const rate = app.services.state.chain.get(1n)!.ratePerSecond;
    await press(app, 't');
    let frame = await waitForFrame(app, 'Top up stream #1 (web-1)');
    expect(frame).toContain(`+30 m   ${formatEthAmount(rate * 1800n)}`);
    expect(frame).toContain(`› +1 h    ${formatEthAmount(rate * 3600n)}`);
    expect(frame).toContain(`+2 h    ${formatEthAmount(rate * 7200n)}`);
    expect(frame).toContain(`Cost: ${formatEthAmount(rate * 3600n)} for +1h of runway`);
    await press(app, keys.down);
    await waitForFrame(app, `Cost: ${formatEthAmount(rate * 7200n)} for +2h of runway`);
    expect(app.services.callsTo('topUpStream')).toHaveLength(0);
    await press(app, keys.enter);
    frame = await waitForFrame(app, `✔ Topped up stream #1 (web-1) with ${formatEthAmount(rate * 7200n)} (+2h).`);
    expect(app.services.callsTo('topUpStream')).toEqual([[{streamId: 1n, seconds: 7200}]]);
    await waitForFrame(app, (text) => runwayOf(text)?.startsWith('2h 0') ?? false);
  });

  it('a custom duration is parsed strictly, with the problem inline and nothing sent', async () => {
    const app = await onStreams();
    const rate = app.services.state.chain.get(1n)!.ratePerSecond;
    await press(app, 't');
    await waitForFrame(app, 'Top up stream #1');
    await press(app, keys.down, keys.down, '1h75m');
    await waitForFrame(app, 'Minutes after hours must be below 60 (1h75m).');
    expect(frameOf(app)).toContain('Cost: —');
    await press(app, keys.enter);
    expect(app.services.callsTo('topUpStream')).toHaveLength(0);
    for (let index = 0; index < 5; index++) await press(app, keys.backspace);
    await press(app, '1.5h');
    await waitForFrame(app, '"1.5h" is not a duration. Use hours and minutes like 2h, 45m or 1h30m.');
    for (let index = 0; index < 4; index++) await press(app, keys.backspace);
    await press(app, '1h30m');
    await waitForFrame(app, `Cost: ${formatEthAmount(rate * 5400n)} for +1h30m of runway`);
    await press(app, keys.enter);
    await waitForFrame(app, '✔ Topped up stream #1 (web-1)');
    expect(app.services.callsTo('topUpStream')).toEqual([[{streamId: 1n, seconds: 5400}]]);
  });

  it('case-14: a duration pasted with a newline lands whole in the field and does not submit', async () => {
    const app = await onStreams();
    await press(app, 't');
    await waitForFrame(app, 'Top up stream #1');
    await press(app, keys.down, keys.down, '45m\n');
    const frame = await waitForFrame(app, 'Cost: ');
    expect(frame).toMatch(/Custom +45m/);
    expect(frame).toContain('for +45m of runway');
    expect(app.services.callsTo('topUpStream')).toHaveLength(0);
  });

  it('x shows the expected refund (deposit − vested) first, then ends the stream and shows the real refund', async () => {
    pinClock(['Date']);
    // A stream whose VM is gone (e.g. left by an interrupted create): nothing else ends it.
    const services = createFakeServices();
    services.state.vms = services.state.vms.filter((vm) => vm.name !== 'web-1');
    const app = await onStreams({services});
    const stream = app.services.state.chain.get(1n)!;
    const now = BigInt(Math.floor(Date.now() / 1000));
    const expected = stream.deposit - (now - stream.startTime) * stream.ratePerSecond;
    await press(app, 'x');
    const question = await waitForFrame(app, 'End stream #1 (web-1)?');
    // The question wraps inside the dialog's border; compare its words.
    const words = question.replace(/[\s│]+/g, ' ');
    expect(words).toContain(`Expected refund: ${formatEthAmount(expected)} (deposit − vested); the provider keeps what vested.`);
    expect(app.services.callsTo('terminateStream')).toHaveLength(0);
    await press(app, 'y');
    const done = await waitForFrame(app, '✔ Ended stream #1 (web-1). Refund:');
    expect(done).toContain(`Refund: ${formatEthAmount(expected)} returned to the wallet`);
    expect(app.services.callsTo('terminateStream')).toEqual([[1n]]);
    await press(app, keys.enter);
    await waitForFrame(app, (frame) => stateOf(frame) === 'terminated' && frame.includes('✔ Ended stream #1'));
  });

  it('x refuses a stream that funds a running VM and says how to end it', async () => {
    const app = await onStreams();
    await press(app, 'x');
    const frame = await waitForFrame(app, '✖ Stream #1 funds the running VM web-1; it is not ended alone.');
    expect(frame).toContain('Stop (s) or destroy (d) web-1 on the VMs screen: both end its stream and refund the rest.');
    expect(frame).not.toContain('End stream #1');
    expect(app.services.callsTo('terminateStream')).toHaveLength(0);
  });

  it('x declines by default, and t / x refuse a terminated stream', async () => {
    const services = createFakeServices();
    services.state.vms = services.state.vms.filter((vm) => vm.name !== 'web-1');
    const app = await onStreams({services});
    await press(app, 'x');
    await waitForFrame(app, 'End stream #1 (web-1)?');
    await press(app, keys.enter);
    await waitForFrame(app, (frame) => !frame.includes('End stream #1'));
    expect(app.services.callsTo('terminateStream')).toHaveLength(0);
    await press(app, 'j', 't');
    let frame = await waitForFrame(app, 'Stream #2 is terminated; it cannot be topped up.');
    expect(frame).not.toContain('Top up stream #2');
    await press(app, 'x');
    frame = await waitForFrame(app, 'Stream #2 is terminated; it cannot be ended.');
    expect(frame).not.toContain('End stream #2');
  });
});

describe('Streams screen: filter and paging like the VMs list', () => {
  it('/ filters the streams by the text shown, Esc clears; g/G and PgDn move within the list', async () => {
    const app = await onStreams();
    await press(app, '/');
    await waitForFrame(app, 'Enter keep · Esc clear');
    await press(app, '#2');
    let frame = await waitForFrame(app, (text) => text.includes('filter') || /1 of \d+/.test(text));
    frame = await waitForFrame(app, (text) => !cellsOf(text, '#1 ').length && cellsOf(text, '#2 ').length > 0);
    expect(frame).toMatch(/1 of \d+/);
    await press(app, keys.enter);
    frame = await waitForFrame(app, 'filter: #2');
    // The screen's keys work again on the filtered list: t opens the top-up of #2 (or says why it cannot).
    await press(app, keys.escape);
    frame = await waitForFrame(app, (text) => cellsOf(text, '#1 ').length > 0 && !text.includes('filter: #2'));
    await press(app, 'G');
    frame = await waitForFrame(app, (text) => !text.includes('│›#1 '));
    await press(app, 'g');
    await waitForFrame(app, (text) => text.includes('│›#1 '));
    await press(app, '\u001B[6~');
    await waitForFrame(app, (text) => !text.includes('│›#1 '));
  });

  it('shows a stream that funds no VM as such, and a row of a vanished chain as "chain gone" (issue 11)', async () => {
    // A row of a vanished chain is over (nothing can be sent for it): it waits behind the ended toggle with #2.
    const app = renderApp({initialState: ON_STREAMS, hasLedgerStreams: true});
    const open = await waitForFrame(app, '2 ended hidden · e shows them');
    expect(cellsOf(open, '#3 ')[1]).toMatch(/^no VM \(lost-vm/);
    expect(open).not.toContain('#4 ');
    await press(app, 'e');
    const frame = await waitForFrame(app, '#4 ');
    expect(cellsOf(frame, '#4 ')[2]).toBe('chain gone');
  });
});
