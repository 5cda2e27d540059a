/**
 * The dashboard in a real terminal: tmux runs the built `golem tui` against a real devnet; keys go in with
 * send-keys and the screen comes back with capture-pane. Covers create from the Providers screen, the SSH handoff
 * and return (case-10, case-11, case-19), destroy with its confirmation, and the terminal left as found on quit.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const cli = resolve('dist/source/cli.js');
const baseDir = mkdtempSync(join(tmpdir(), 'golem-tui-e2e-'));
const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'};
const socket = `golem-e2e-${process.pid}`;
const session = 'tui';

const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args]);
const screen = async () => (await tmux('capture-pane', '-t', session, '-p')).stdout;
const send = (...keys: string[]) => tmux('send-keys', '-t', session, ...keys);

/** Waits until the screen shows `text` (or matches it); fails with the last screen. */
async function waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await screen();
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
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
  it('creates a VM from Providers, opens its shell and comes back, destroys it, and quits cleanly', async () => {
    await waitFor('devnet-alpha');
    await send('c');
    await waitFor('Create a VM on');
    await send('-l', 'tui-vm');
    await send('Enter');
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

    await send('?');
    await waitFor(/help/i);
    await send('Escape');
    await send('d');
    await waitFor('Destroy tui-vm?');
    await send('y');
    const destroyed = await waitFor(/Destroyed tui-vm\. Refund: [0-9.]+ ETH/);
    expect(destroyed).toContain('returned to the wallet');
    await send('Escape');

    await send('q');
    await waitFor('TUI-EXIT=0');
    await waitFor(/\n.*\S/); // the shell prompt came back
    const before = readFileSync(join(baseDir, 'stty-before.txt'), 'utf8');
    await expect.poll(() => readFileSync(join(baseDir, 'stty-after.txt'), 'utf8'), {timeout: 5000}).toBe(before); // case-11
  }, 180_000);
});
