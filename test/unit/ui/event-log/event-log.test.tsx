import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../../../source/ui/app/app.js';
import {createEventLog, formatEventTime, MAX_EVENTS} from '../../../../source/ui/event-log/event-log.js';
import {createFakeServices} from '../../../helpers/fake-services.js';
import {frameOf, keys, press, renderApp, settle, waitForFrame, ON_VMS} from '../../../helpers/render.js';

afterEach(() => cleanup());

describe('event log store', () => {
  it('keeps events oldest first with their time, drops an immediate repeat, and caps the count', () => {
    let now = Date.UTC(2026, 11, 7, 21, 0, 0);
    const log = createEventLog(() => now);
    log.record({tone: 'info', text: 'Started: stop web-1'});
    now += 1000;
    log.record({tone: 'success', text: 'web-1 is stopped.'});
    log.record({tone: 'success', text: 'web-1 is stopped.'});
    expect(log.entries().map((event) => event.text)).toEqual(['Started: stop web-1', 'web-1 is stopped.']);
    expect(formatEventTime(log.entries()[1]!.at)).toMatch(/^\d\d:\d\d:\d\d$/);
    for (let index = 0; index < MAX_EVENTS + 10; index++) log.record({tone: 'info', text: `event ${index}`});
    expect(log.entries()).toHaveLength(MAX_EVENTS);
    expect(log.entries().at(-1)!.text).toBe(`event ${MAX_EVENTS + 9}`);
  });
});

describe('event log view (L)', () => {
  it('shows an operation run from the dashboard — started and finished, with times; Esc and L close', async () => {
    const app = renderApp({initialState: ON_VMS});
    await waitForFrame(app, 'db-1');
    await press(app, 'L');
    let frame = await waitForFrame(app, 'Event log');
    expect(frame).toContain('Nothing yet');
    await press(app, keys.escape);
    await waitForFrame(app, (text) => !text.includes('Event log'));
    await press(app, 's');
    await waitForFrame(app, 'Stop web-1?');
    await press(app, 'y');
    await waitForFrame(app, 'Refund:');
    await press(app, keys.enter);
    await waitForFrame(app, (text) => !text.includes('Stopping'));
    await press(app, 'L');
    frame = await waitForFrame(app, 'Event log · this session');
    expect(frame).toMatch(/\d\d:\d\d:\d\d · Started: stop web-1/);
    expect(frame).toMatch(/\d\d:\d\d:\d\d ✔ web-1 is stopped\. Refund: /);
    // The notice shown when the dialog closed is the same event: logged once.
    expect(frame.match(/\d\d:\d\d:\d\d ✔ web-1 is stopped\. Refund/g)).toHaveLength(1);
    await press(app, 'L');
    await waitForFrame(app, (text) => !text.includes('Event log'));
    expect(app.services.callsTo('stopVm')).toEqual([['web-1']]);
  });

  it('a long log starts at the newest event, scrolls with g/G, follows new events, and fits a 60×14 terminal', async () => {
    const log = createEventLog();
    for (let index = 1; index <= 40; index++) log.record({tone: index % 7 === 0 ? 'error' : 'info', text: `event number ${index}`});
    const app = render(<App services={createFakeServices()} initialState={ON_VMS} onHandoff={() => {}} eventLog={log} />);
    await waitForFrame(app, 'db-1');
    await settle(50);
    Object.defineProperty(app.stdout, 'columns', {value: 60, configurable: true});
    Object.defineProperty(app.stdout, 'rows', {value: 14, configurable: true});
    (app.stdout as unknown as NodeJS.EventEmitter).emit('resize');
    await settle(50);
    await press(app, 'L');
    let frame = await waitForFrame(app, 'event number 40');
    expect(frame).toMatch(/of 40 · ↑ \d+ more/);
    expect(frame).toMatch(/✖ event number 35/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(13);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    await press(app, 'g');
    frame = await waitForFrame(app, (text) => /event number 1\b/.test(text));
    expect(frame).toMatch(/1–\d+ of 40 · ↓ \d+ more/);
    expect(frame).not.toContain('event number 40');
    await press(app, 'G');
    await waitForFrame(app, 'event number 40');
    log.record({tone: 'warning', text: 'Monitor: balance low'});
    await waitForFrame(app, '! Monitor: balance low');
    expect(frameOf(app)).toContain('of 41');
  });
});
