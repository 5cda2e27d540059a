/**
 * The dashboard at every size, in a real terminal (issue 13 items 1 and 2, case-33): tmux runs the built `golem tui`
 * against a real devnet; the screen is read with its escapes (`capture-pane -e`). One session walks 120×40 → 60×10
 * → 40×10 → 200×60 → 80×24 → 30×8 → 80×24 (shrink and grow); at each size the frame fits, is in colour (selection
 * in inverse video, tabs and states coloured), shows the header and the selected row, and has no broken border. A
 * second session started directly at 60×10 must show the same frame as the first one resized to 60×10.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {execa} from 'execa';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const cli = resolve(process.env['GOLEM_E2E_CLI'] ?? 'dist/source/cli.js');
const baseDir = mkdtempSync(join(tmpdir(), 'golem-tui-sizes-'));
const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'};
const socket = `golem-sizes-${process.pid}`;

// The tmux server (and so every pane) gets this process's environment without the test setup's colour switches
// (test/setup.ts sets NO_COLOR and FORCE_COLOR=0 for Ink unit tests): the panes here are real terminals.
const paneEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !['NO_COLOR', 'FORCE_COLOR', 'CI'].includes(key)),
) as Record<string, string>;
const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], {env: paneEnv, extendEnv: false});
/** The pane with its escapes (colours, inverse) kept. */
const capture = async (session: string) => (await tmux('capture-pane', '-t', session, '-p', '-e')).stdout;
const resizeTo = (session: string, columns: number, rows: number) =>
  tmux('resize-window', '-t', session, '-x', String(columns), '-y', String(rows));

/** Waits until the plain screen passes `check`; returns the capture with escapes. Fails with the last screen. */
async function waitFor(session: string, check: (plain: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await capture(session);
    if (check(stripAnsi(last))) return last;
    await new Promise((done) => setTimeout(done, 150));
  }
  throw new Error(`timed out; the screen was:\n${stripAnsi(last)}`);
}

/** Lines of the plain screen without the trailing blank ones. */
function plainLines(withEscapes: string): string[] {
  const lines = stripAnsi(withEscapes).split('\n');
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  return lines;
}

// SGR colour: 30–37/90–97 foreground (or 38;5/38;2 extended). Inverse video: 7.
const COLOUR = /\u001B\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25])[;m]/;
const INVERSE = /\u001B\[(?:[0-9;]*;)?7[;m]/;

/** The checks every frame passes at `columns`×`rows`. */
function expectSound(withEscapes: string, columns: number, rows: number): void {
  const lines = plainLines(withEscapes);
  const screen = lines.join('\n');
  expect(lines.length, screen).toBeLessThanOrEqual(rows);
  for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
  // The header and the selected row are on screen, and the selection is drawn in inverse video.
  expect(lines[0], screen).toMatch(/^golem /);
  expect(screen).toMatch(/›devnet-/);
  expect(withEscapes).toMatch(INVERSE);
  expect(withEscapes).toMatch(COLOUR);
  // Borders: a boxed table has its four corners and every table line the same width; no rule runs into text.
  const table = lines.filter((line) => /^[┌│├└]/.test(line));
  if (table.length > 0) {
    expect(table[0]!.startsWith('┌') && table.at(-1)!.startsWith('└'), screen).toBe(true);
    expect(new Set(table.map((line) => stringWidth(line.trimEnd()))).size, screen).toBe(1);
    for (const line of table) expect(line.trimEnd(), screen).toMatch(/[┐│┤┘]$/);
  }
  expect(screen).not.toMatch(/[a-z0-9)]─|─[a-z(]/i);
}

beforeAll(async () => {
  const found = await execa('tmux', ['-V'], {reject: false});
  if (found.exitCode !== 0) throw new Error('tmux is missing: `apt-get install tmux` (.ci/run installs it).');
  const up = await execa(process.execPath, [cli, 'devnet', 'up', '--detach'], {env, reject: false});
  expect(up.exitCode, up.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  await execa(process.execPath, [cli, 'devnet', 'down'], {env, reject: false});
  rmSync(baseDir, {recursive: true, force: true});
}, 60_000);

const start = (session: string, columns: number, rows: number) =>
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    String(columns),
    '-y',
    String(rows),
    '-e',
    'TERM=xterm-256color',
    '-e',
    'CI=true',
    ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
    `${process.execPath} ${cli} tui; echo "TUI-EXIT=$?"; sleep 600`,
  );

describe('golem tui at every size (case-33)', () => {
  it('fits, keeps colour, the header and the selected row through shrinks and grows; a resized frame equals a fresh one', async () => {
    await start('walk', 120, 40);
    // CI=true is set in the session: colour and live frames come from the terminal, not from that variable.
    let frame = await waitFor('walk', (plain) => plain.includes('›devnet-') && plain.includes('updated '));
    await new Promise((done) => setTimeout(done, 400));
    frame = await capture('walk');
    expectSound(frame, 120, 40);
    await tmux('send-keys', '-t', 'walk', 'j');
    await waitFor('walk', (plain) => !plain.split('\n').some((line) => line.startsWith('│›devnet-alpha')) && /│›devnet-/.test(plain));

    for (const [columns, rows] of [
      [60, 10],
      [40, 10],
      [200, 60],
      [80, 24],
    ] as const) {
      await resizeTo('walk', columns, rows);
      frame = await waitFor('walk', (plain) => plain.split('\n').length <= rows && /›devnet-/.test(plain) && !plain.includes('needs'));
      // Let a second render after the resize land, then check the settled frame.
      await new Promise((done) => setTimeout(done, 400));
      frame = await capture('walk');
      expectSound(frame, columns, rows);
      if (rows <= 10) {
        // Short terminal: one header line, no box rules; the hints line is still the last line.
        expect(plainLines(frame).some((line) => line.startsWith('┌'))).toBe(false);
        expect(plainLines(frame).at(-1)).toMatch(/q quit/);
      } else {
        expect(plainLines(frame).some((line) => line.startsWith('┌'))).toBe(true);
      }
    }

    // Below 40×10: one line says how big the terminal must be; growing back draws the dashboard whole.
    await resizeTo('walk', 30, 8);
    frame = await waitFor('walk', (plain) => plain.includes('needs 40×10'));
    expect(plainLines(frame)).toEqual(['golem needs 40×10 (now 30×8)']);
    await resizeTo('walk', 60, 10);
    const resized = await waitFor('walk', (plain) => /›devnet-/.test(plain));

    // The same size started fresh, with the same selection (second row): the frames match, but for the clock and ages.
    await start('fresh', 60, 10);
    await waitFor('fresh', (plain) => plain.includes('›devnet-'));
    await tmux('send-keys', '-t', 'fresh', 'j');
    await new Promise((done) => setTimeout(done, 600));
    const withoutClock = (text: string) => plainLines(text).map((line) => line.replace(/\d\d:\d\d(:\d\d)?/g, 'hh:mm').replace(/ +\d+[smhd]\b/g, ' age'));
    expect(withoutClock(await capture('fresh'))).toEqual(withoutClock(await capture('walk')));
    expect(withoutClock(resized).length).toBeGreaterThan(3);

    // Ctrl-C quits with 130.
    await tmux('send-keys', '-t', 'walk', 'C-c');
    await waitFor('walk', (plain) => plain.includes('TUI-EXIT=130'));
  }, 180_000);

  it('the palette, the event log and the help fit 40×10 and scroll (issue 13 item 7)', async () => {
    await start('small', 40, 10);
    await waitFor('small', (plain) => plain.includes('›devnet-'));
    const sound = (frame: string) => {
      const lines = plainLines(frame);
      expect(lines.length, lines.join('\n')).toBeLessThanOrEqual(10);
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(40);
      expect(lines[0]).toMatch(/^golem /);
    };
    await tmux('send-keys', '-t', 'small', ':');
    sound(await waitFor('small', (plain) => /of 13/.test(plain) && plain.includes('create')));
    await tmux('send-keys', '-t', 'small', 'Escape');
    await waitFor('small', (plain) => !plain.includes('of 13'));
    await tmux('send-keys', '-t', 'small', 'L');
    sound(await waitFor('small', (plain) => plain.includes('Event log')));
    await tmux('send-keys', '-t', 'small', 'Escape');
    await waitFor('small', (plain) => !plain.includes('Event log'));
    await tmux('send-keys', '-t', 'small', '?');
    sound(await waitFor('small', (plain) => plain.includes('Keys') && /↓ \d+ more/.test(plain)));
    await tmux('send-keys', '-t', 'small', 'G');
    sound(await waitFor('small', (plain) => plain.includes('Close the dialog')));
  }, 60_000);

  it('NO_COLOR: the same frame without colour, the selection still marked with ›', async () => {
    await tmux(
      'new-session',
      '-d',
      '-s',
      'plain',
      '-x',
      '80',
      '-y',
      '24',
      '-e',
      'TERM=xterm-256color',
      '-e',
      'NO_COLOR=1',
      ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
      `${process.execPath} ${cli} tui; sleep 600`,
    );
    const frame = await waitFor('plain', (plain) => plain.includes('›devnet-'));
    expect(frame).not.toMatch(COLOUR);
    expect(stripAnsi(frame)).toMatch(/│›devnet-/);
  }, 60_000);
});
