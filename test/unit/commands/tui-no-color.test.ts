/**
 * Colour in `golem tui` (issue 13 item 1): decided from the terminal (TERM, COLORTERM, a TTY), not from `CI`; none
 * with `--no-color` or `NO_COLOR` (https://no-color.org, issue 5 item 5). The first case runs with `CI=true` set, as
 * on a CI runner driving a real terminal: frames are drawn while the dashboard runs (Ink's is-in-ci would draw only
 * the last one at exit), they carry colour, and `CI` is left exactly as it was. The theme is read once when the UI
 * modules load, so each case loads them afresh (vi.resetModules); Ink itself loads once per file, so the CI case
 * comes first.
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {RunTuiOptions, TuiIo} from '../../../source/commands/tui.js';
import {createFakeServices} from '../../helpers/fake-services.js';
import {FakeTtyIn, FakeTtyOut} from '../../helpers/fake-tty.js';

// SGR parameters that set a colour: 30–39 / 40–49 foreground/background (38/48 extended), 90–97 / 100–107 bright.
const COLOUR_SGR = /\u001B\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

const saved = {NO_COLOR: process.env['NO_COLOR'], FORCE_COLOR: process.env['FORCE_COLOR'], TERM: process.env['TERM'], CI: process.env['CI']};
beforeEach(() => {
  vi.resetModules();
  delete process.env['NO_COLOR'];
  delete process.env['FORCE_COLOR'];
  process.env['TERM'] = 'xterm-256color';
});
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** Runs the dashboard on the VMs screen, opens web-1's detail view, quits; returns everything written. */
async function session(options: Partial<RunTuiOptions> = {}): Promise<string> {
  const {runTui} = await import('../../../source/commands/tui.js');
  const stdin = new FakeTtyIn();
  const stdout = new FakeTtyOut(100, 30);
  const io: TuiIo = {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeTtyOut(100, 30) as unknown as NodeJS.WriteStream,
    signal: new AbortController().signal,
    isInteractive: true,
  };
  const services = createFakeServices();
  const exit = runTui(io, {loadServices: () => services, ...options});
  const type = async (text: string) => {
    stdin.write(text);
    await new Promise((resolve) => setTimeout(resolve, 80));
  };
  await vi.waitFor(() => expect(services.callsTo('listProviders').length).toBeGreaterThan(0), {timeout: 5000});
  await type('2');
  await vi.waitFor(() => expect(stdout.written).toContain('web-1'), {timeout: 5000});
  await type('i');
  await vi.waitFor(() => expect(stdout.written).toContain('SSH command (copy):'), {timeout: 5000});
  await type('q');
  await expect(exit).resolves.toBe(0);
  return stdout.written;
}

describe('golem tui colours', () => {
  it('with CI=true on a 256-colour terminal: frames are drawn live, in colour, and CI stays set for everything else', async () => {
    process.env['CI'] = 'true';
    expect(await session()).toMatch(COLOUR_SGR);
    expect(process.env['CI']).toBe('true');
  });

  it('TERM=dumb: no colour', async () => {
    process.env['TERM'] = 'dumb';
    const written = await session();
    expect(written).toContain('web-1');
    expect(written).not.toMatch(COLOUR_SGR);
  });

  it('--no-color (noColor): no ANSI colour code is emitted', async () => {
    const written = await session({noColor: true});
    expect(written).toContain('web-1');
    expect(written).not.toMatch(COLOUR_SGR);
  });

  it('NO_COLOR set in the environment: no ANSI colour code is emitted', async () => {
    process.env['NO_COLOR'] = '1';
    const written = await session();
    expect(written).toContain('web-1');
    expect(written).not.toMatch(COLOUR_SGR);
  });
});

describe('golem tui ssh command', () => {
  it('the VM detail view shows the ssh line built by loadSshCommandFor (golem key and known_hosts)', async () => {
    const written = await session({
      noColor: true,
      loadSshCommandFor: () => (vm) => `ssh -i /keys/golem_id_ed25519 -o UserKnownHostsFile=/kh -p ${vm.sshPort} ubuntu@${vm.sshHost ?? vm.providerIp}`,
    });
    expect(written).toMatch(/ssh -i \/keys\/golem_id_ed25519 -o UserKnownHostsFile=\/kh -p \d+ ubuntu@/);
  });
});

describe('loadSshCommandFor', () => {
  it("builds golem's ssh line: its key, its known_hosts, the VM's host and port; null without a port", async () => {
    const {loadSshCommandFor} = await import('../../../source/commands/tui.js');
    const build = await loadSshCommandFor({sshKeyPath: null, sshKeyDir: '/home/me/.golem/requestor/ssh', knownHostsPath: '/home/me/.golem/requestor/ssh/known_hosts'});
    const services = createFakeServices();
    const [vm] = await services.listVms();
    const line = build({...vm!, sshHost: '10.0.0.7', sshPort: 2222});
    expect(line).toContain('/home/me/.golem/requestor/ssh/golem_id_ed25519');
    expect(line).toContain('UserKnownHostsFile=/home/me/.golem/requestor/ssh/known_hosts');
    expect(line).toContain('StrictHostKeyChecking=yes');
    expect(line).toMatch(/-o HostKeyAlias=golem\.[a-z0-9-]+\.[0-9a-f]{8} /);
    expect(line).toMatch(/-p 2222\b/);
    expect(line).toContain('@10.0.0.7');
    expect(build({...vm!, sshPort: null})).toBeNull();
    const custom = await loadSshCommandFor({sshKeyPath: '/keys/mine', sshKeyDir: '/unused', knownHostsPath: '/kh'});
    expect(custom({...vm!, sshPort: 22})).toContain('/keys/mine');
  });
});
