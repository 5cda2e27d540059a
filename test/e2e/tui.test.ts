/**
 * The dashboard in a real terminal: tmux runs the built `golem tui` against a real devnet; keys go in with
 * send-keys and the screen comes back with capture-pane. Covers the status bar (network, funding by the dashboard's
 * own monitor), create from the Providers screen, the SSH handoff and return (case-10, case-11, case-19), the Streams
 * screen (state, runway bar, top-up dialog with its cost) and the Wallet screen, destroy at 80×24 with the typed name as confirmation, and
 * the terminal left as found on quit.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

// GOLEM_E2E_CLI runs another build of the CLI (e.g. one built to a private folder while others rebuild dist/).
const cli = resolve(process.env['GOLEM_E2E_CLI'] ?? 'dist/source/cli.js');
const baseDir = mkdtempSync(join(tmpdir(), 'golem-tui-e2e-'));
const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'};
const socket = `golem-e2e-${process.pid}`;
const session = 'tui';

const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args]);
const screen = async () => (await tmux('capture-pane', '-t', session, '-p')).stdout;
const send = (...keys: string[]) => tmux('send-keys', '-t', session, ...keys);

/** Waits until the screen shows `text` (or matches it, or passes it); fails with the last screen. */
async function waitFor(text: string | RegExp | ((screen: string) => boolean), timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await screen();
    if (typeof text === 'string' ? last.includes(text) : typeof text === 'function' ? text(last) : text.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${String(text)}; the screen was:\n${last}`);
}

beforeAll(async () => {
  const found = await execa('tmux', ['-V'], {reject: false});
  if (found.exitCode !== 0) throw new Error('tmux is missing: `apt-get install tmux` (.ci/run installs it).');
  const up = await execa(process.execPath, [cli, 'devnet', 'up', '--detach'], {env, reject: false});
  expect(up.exitCode, up.stderr).toBe(0);
  const before = join(baseDir, 'stty-before.txt');
  const after = join(baseDir, 'stty-after.txt');
  const script = `stty -a > ${before}; ${process.execPath} ${cli} tui; echo "TUI-EXIT=$?"; stty -a > ${after}; sleep 600`;
  await tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '32', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), script);
}, 120_000);

afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  await execa(process.execPath, [cli, 'devnet', 'down'], {env, reject: false});
  rmSync(baseDir, {recursive: true, force: true});
}, 60_000);

describe('golem tui in a real terminal', () => {
  it('filters the provider list and opens the palette at 100×30, then fits 80×24 after a resize', async () => {
    const resizeTo = (columns: number, rows: number) => tmux('resize-window', '-t', session, '-x', String(columns), '-y', String(rows));
    await waitFor('devnet-alpha');
    await resizeTo(100, 30);
    await waitFor('devnet-alpha');
    await send('/');
    await waitFor('Enter keep · Esc clear');
    await send('-l', 'nomatch-xyz');
    await waitFor('No provider matches "nomatch-xyz"');
    await send('Escape');
    await waitFor('devnet-alpha');
    await send(':');
    await waitFor('type a command or choose one');
    await send('-l', 'wal');
    await send('Tab');
    await waitFor(':wallet');
    await send('Escape');
    const closed = await waitFor((text: string) => !text.includes('type a command or choose one') && text.includes('devnet-alpha'));
    expect(closed).toContain('[1 Providers]');

    await resizeTo(80, 24);
    // At 80 columns the longer names are cut with "…".
    const small = await waitFor(/│›devnet-/);
    const lines = small.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    // Every table line has the same width (laid out again for 80 columns, not cut).
    const table = lines.filter((line) => /^[┌│├└]/.test(line)).map((line) => line.trimEnd().length);
    expect(new Set(table).size, small).toBe(1);
    expect(Math.max(...table)).toBeLessThanOrEqual(80);
    // Back to the size the rest of this file expects (case-19 reads the width in the remote shell).
    await resizeTo(120, 32);
    await waitFor('devnet-alpha');
  }, 60_000);

  it('creates a VM from Providers, opens its shell and comes back, tops up its stream, shows the wallet, destroys it, and quits cleanly', async () => {
    await waitFor('devnet-alpha');
    // The status bar: payments network and chain id, and this dashboard's monitor funding the streams.
    await waitFor(/devnet · chain \d+ │ 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4} [0-9.]+ ETH │ funding: this dashboard │ updated \d\d:\d\d:\d\d/);
    await send('c');
    await waitFor('Create a VM on');
    await send('-l', 'tui-vm');
    await send('Enter');
    // The wizard's confirm step: spec, hours, cost per hour and deposit in ETH and USD; Enter pays.
    const confirm = await waitFor('Enter pay and create');
    expect(confirm).toMatch(/Deposit +[0-9.<]+ .*ETH +\(\$[0-9.]+\)/);
    await send('Enter');
    await waitFor(/Created tui-vm \(stream #\d+/, 60_000);
    await waitFor(/tui-vm\s+│ ● running/, 60_000);

    // case-10: keys typed while the shell connects go to the shell, never to the dashboard.
    await send('Enter');
    await send('-l', 'd');
    await waitFor('Connecting to tui-vm');
    await waitFor(/[$#]( d?)?\s*$/m); // the remote prompt (capture-pane drops trailing spaces)
    await send('C-u');
    await send('-l', 'tput cols; echo "hi-$((6*7))"');
    await send('Enter');
    const inShell = await waitFor('hi-42');
    expect(inShell).toMatch(/^120$/m); // case-19: the remote pty has the local width
    await send('-l', 'exit');
    await send('Enter');
    const back = await waitFor('Back from the shell on tui-vm');
    expect(back).toContain('[2 VMs]');
    expect(back).not.toContain('Destroy tui-vm?');

    // Streams: the VM's stream with its state and runway bar; t shows the presets with the cost, ↓ Enter pays +2 h.
    await send('3');
    const streams = await waitFor(/tui-vm\s+│ (active|needs-top-up)\s+│\s+\d+[hms] ?\d*[hms]? │ [█░]{10} │/);
    expect(streams).toContain('[3 Streams]');
    await send('t');
    const topUp = await waitFor('Top up stream #');
    expect(topUp).toMatch(/Cost: [0-9.<]+ .*ETH for \+1h of runway/);
    await send('Down');
    await waitFor(/Cost: [0-9.<]+ .*ETH for \+2h of runway/);
    await send('Enter');
    await waitFor(/Topped up stream #\d+ \(tui-vm\) with [0-9.<]+ .*ETH \(\+2h\)\./, 60_000);
    await waitFor(/t top up · x end/);

    // Wallet: balance, spendable, locked; no faucet on the devnet, and the screen says why.
    await send('4');
    const wallet = await waitFor('Spendable');
    expect(wallet).toMatch(/Locked +[0-9.<]+ .*ETH in \d+ open stream/);
    expect(wallet).toContain('f faucet: unavailable. No faucet on devnet');
    expect(wallet).toMatch(/funding: this dashboard/);
    await send('2');
    await waitFor(/tui-vm\s+│ ● running/);

    await send('?');
    await waitFor(/help/i);
    await send('Escape');

    // Destroy at 80×24 (issue 5 tests), with the typed confirmation: `y` or a wrong name sends nothing.
    await tmux('resize-window', '-t', session, '-x', '80', '-y', '24');
    const small = await waitFor(/tui-vm\s+│ ● running/);
    expect(small.split('\n').length).toBeLessThanOrEqual(24);
    await send('d');
    await waitFor('Type tui-vm to confirm');
    await send('-l', 'y');
    await send('Enter');
    await waitFor('That is not tui-vm; nothing was destroyed.');
    await send('BSpace');
    await send('-l', 'tui-vm');
    await waitFor('Enter destroys it');
    const confirmScreen = await screen();
    expect(confirmScreen.split('\n').length).toBeLessThanOrEqual(24);
    await send('Enter');
    const destroyed = await waitFor(/Destroyed tui-vm\. Refund: [0-9.]+ ETH/);
    expect(destroyed).toContain('returned to the wallet');
    await send('Escape');

    await send('q');
    const afterQuit = await waitFor('TUI-EXIT=0');
    // Nothing stale (issue 13 item 5): the screen was cleared after the SSH session, so its output is gone.
    expect(afterQuit).not.toContain('hi-42');
    // case-11: every mode as found; only the size differs (the window is 80×24 now, by the resize above).
    const modes = (file: string) => readFileSync(join(baseDir, file), 'utf8').replace(/rows \d+; columns \d+;/, 'rows …; columns …;');
    const before = modes('stty-before.txt');
    expect(before).toContain('rows …; columns …;');
    await expect.poll(() => modes('stty-after.txt'), {timeout: 5000}).toBe(before);
  }, 180_000);
});
