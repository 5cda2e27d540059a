import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {PALETTE_COMMANDS, paletteSuggestions} from '../../../../source/ui/app/palette-commands.js';
import {visibleWindow} from '../../../../source/ui/components/command-palette.js';
import {frameOf, keys, press, renderApp, settle, waitForFrame, resizeApp, ON_VMS} from '../../../helpers/render.js';

afterEach(() => cleanup());

describe('command palette list', () => {
  it('lists every command with what it does when there is room (no "+9")', async () => {
    const app = renderApp({initialState: ON_VMS});
    await waitForFrame(app, 'db-1');
    await press(app, ':');
    const frame = await waitForFrame(app, 'Quit golem');
    for (const command of PALETTE_COMMANDS) {
      expect(frame).toContain(command.usage);
      expect(frame).toContain(command.description);
    }
    expect(frame).not.toMatch(/\+\d+/);
  });

  it('in a short terminal shows a window of the list with a scroll line, and ↓ scrolls to the last command', async () => {
    const app = renderApp({initialState: ON_VMS});
    await waitForFrame(app, 'db-1');
    await resizeApp(app, 60, 14);
    await press(app, ':');
    let frame = await waitForFrame(app, 'of 13');
    expect(frame).toMatch(/1–\d+ of 13 · ↓ \d+ more/);
    expect(frame).not.toContain('Quit golem');
    expect(frame.split('\n').length).toBeLessThanOrEqual(13);
    await press(app, ...Array.from({length: 13}, () => keys.down));
    frame = await waitForFrame(app, '› quit');
    expect(frame).toContain('Quit golem');
    expect(frame).not.toContain('more');
    expect(frame.split('\n').length).toBeLessThanOrEqual(13);
    await press(app, keys.enter);
    await settle(30);
    // :quit ran: the App has exited, so 1 no longer switches screens.
    await press(app, '1');
    expect(frameOf(app)).not.toContain('[1 Providers]');
  });

  it('typing filters the list; ↓ then Enter on a command that needs a name fills it in, the VM names list, Enter runs', async () => {
    const app = renderApp({initialState: ON_VMS});
    await waitForFrame(app, 'db-1');
    await press(app, ':', 's');
    let frame = await waitForFrame(app, 'spec CORES RAM DISK');
    expect(frame).toContain('Streams screen');
    expect(frame).not.toContain('Wallet screen');
    await press(app, keys.down, keys.enter);
    frame = await waitForFrame(app, 'Open an SSH shell on web-1');
    expect(frame).toContain(':ssh');
    expect(frame).toContain('Open an SSH shell on db-1');
    await press(app, keys.down, keys.enter);
    await settle(30);
    expect(app.handoffs.map((handoff) => handoff.vmName)).toEqual(['web-1']);
  });
});

describe('paletteSuggestions and visibleWindow', () => {
  it('suggests every command for an empty line and VM names after a command that takes one', () => {
    expect(paletteSuggestions('', [])).toHaveLength(PALETTE_COMMANDS.length);
    expect(paletteSuggestions(':destroy w', ['web-1', 'db-1']).map((suggestion) => suggestion.fill)).toEqual(['destroy web-1']);
    expect(paletteSuggestions("spec 2 4", []).map((suggestion) => suggestion.label)).toEqual(["spec CORES RAM DISK"]);
  });

  it('keeps the cursor inside the window', () => {
    expect(visibleWindow(13, 5, -1)).toEqual([0, 5]);
    expect(visibleWindow(13, 5, 7)).toEqual([3, 8]);
    expect(visibleWindow(13, 5, 12)).toEqual([8, 13]);
    expect(visibleWindow(3, 5, 2)).toEqual([0, 3]);
  });
});
