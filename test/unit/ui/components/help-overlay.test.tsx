import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keymap} from '../../../../source/ui/keymap.js';
import {frameOf, keys, press, renderApp, waitForFrame, resizeApp} from '../../../helpers/render.js';

afterEach(() => cleanup());

/** The help's text with its wrapping undone: the lines inside the border, joined with single spaces. */
function unwrapped(frame: string): string {
  return frame
    .split('\n')
    .map((line) => line.replace(/^│|│$/g, '').trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}

describe('help overlay', () => {
  it('at 80×24 shows whole descriptions in one column and scrolls to the rest', async () => {
    const app = renderApp({
      initialState: {
        route: {name: 'vms'},
        selection: {providers: {key: null, index: 0}, vms: {key: 'web-1', index: 0}, streams: {key: null, index: 0}, wallet: {key: null, index: 0}},
        notice: null,
      },
    });
    await waitForFrame(app, 'db-1');
    await resizeApp(app, 80, 24);
    await press(app, '?');
    let frame = await waitForFrame(app, 'Keys · Esc');
    expect(unwrapped(frame)).toContain(keymap['app.event-log'].description);
    expect(unwrapped(frame)).toContain(keymap['app.palette'].description);
    expect(frame).toMatch(/of \d+ · ↓ \d+ more/);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    await press(app, 'G');
    frame = await waitForFrame(app, (text) => unwrapped(text).includes(keymap['modal.close'].description));
    await press(app, '\u001B[5~');
    const middle = unwrapped(frameOf(app));
    expect(middle).toContain(keymap['vm.copy-ssh'].description);
    expect(middle).toContain(keymap['vm.mark'].description);
    await press(app, keys.escape);
    await waitForFrame(app, (text) => !text.includes('Keys · Esc'));
  });
});
