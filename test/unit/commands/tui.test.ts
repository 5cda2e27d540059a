import stripAnsi from 'strip-ansi';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {NOT_INTERACTIVE_MESSAGE, runTui, type TuiIo} from '../../../source/commands/tui.js';
import {SshConnectError} from '../../../source/errors.js';
import {
  ENTER_ALT_SCREEN,
  HIDE_CURSOR,
  LEAVE_ALT_SCREEN,
  SHOW_CURSOR,
  BRACKETED_PASTE_OFF,
  CLEAR_SCREEN,
} from '../../../source/ui/terminal/terminal-modes.js';
import {createFakeServices, type FakeServices, type FakeServicesOptions} from '../../helpers/fake-services.js';
import {FakeTtyIn, FakeTtyOut} from '../../helpers/fake-tty.js';

type Terminal = {io: TuiIo; stdin: FakeTtyIn; stdout: FakeTtyOut; stderr: FakeTtyOut; abort: AbortController};

function terminal({isInteractive = true} = {}): Terminal {
  const stdin = new FakeTtyIn();
  const stdout = new FakeTtyOut();
  const stderr = new FakeTtyOut();
  const abort = new AbortController();
  const io = {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    signal: abort.signal,
    isInteractive,
  };
  return {io, stdin, stdout, stderr, abort};
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** Asserts the terminal is as it was found: main screen, cursor visible, cooked mode, nobody reading. */
function expectRestored({stdin, stdout}: Terminal): void {
  const {written} = stdout;
  expect(count(written, ENTER_ALT_SCREEN)).toBe(count(written, LEAVE_ALT_SCREEN));
  expect(written.lastIndexOf(LEAVE_ALT_SCREEN)).toBeGreaterThan(written.lastIndexOf(ENTER_ALT_SCREEN));
  expect(written.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(written.lastIndexOf(HIDE_CURSOR));
  expect(stdin.isRaw).toBe(false);
  expect(stdin.listenerCount('readable')).toBe(0);
  expect(stdin.listenerCount('data')).toBe(0);
}

async function until(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(condition()).toBe(true), {timeout: 5000, interval: 10});
  // Let the App finish the render and effects that follow the awaited call.
  await new Promise((resolve) => setTimeout(resolve, 60));
}

async function type(stdin: FakeTtyIn, text: string): Promise<void> {
  stdin.write(text);
  await new Promise((resolve) => setTimeout(resolve, 60));
}

function start(options: FakeServicesOptions = {}, term = terminal(), typeaheadGraceMs = 150) {
  const services = createFakeServices(options);
  const exit = runTui(term.io, {loadServices: () => services, typeaheadGraceMs});
  return {services, exit, term};
}

const calls = (services: FakeServices, method: Parameters<FakeServices['callsTo']>[0]) => services.callsTo(method).length;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('golem tui', () => {
  it('case-09: without a TTY prints one line and returns 1, touching nothing else', async () => {
    const term = terminal({isInteractive: false});
    const loadServices = vi.fn(createFakeServices);
    const code = await runTui(term.io, {loadServices});
    expect(code).toBe(1);
    expect(term.stderr.written).toBe(`${NOT_INTERACTIVE_MESSAGE}\n`);
    expect(term.stderr.written.split('\n')).toHaveLength(2);
    expect(term.stderr.written).toContain('golem tui needs an interactive terminal (TTY); use `golem vm list`');
    expect(term.stdout.written).toBe('');
    expect(term.stdin.isRaw).toBe(false);
    expect(loadServices).not.toHaveBeenCalled();
  });

  it('enters the alternate screen, and on q leaves the terminal as it found it', async () => {
    const {services, exit, term} = start();
    await until(() => calls(services, 'listProviders') > 0);
    expect(term.stdout.written.startsWith(ENTER_ALT_SCREEN + HIDE_CURSOR)).toBe(true);
    expect(term.stdin.isRaw).toBe(true);
    await type(term.stdin, 'q');
    await expect(exit).resolves.toBe(0);
    expectRestored(term);
    expect(calls(services, 'close')).toBe(1);
  });

  it('case-10, case-11: hands the terminal to SSH and takes it back with a full redraw; typeahead never reaches the App', async () => {
    const seen: {isRaw?: boolean; readable?: number; output?: string} = {};
    const term = terminal();
    const {services, exit} = start(
      {
        onOpenShell: (_name, shell) => {
          const stdin = shell.stdin as unknown as FakeTtyIn;
          seen.isRaw = stdin.isRaw;
          seen.readable = stdin.listenerCount('readable');
          seen.output = term.stdout.written;
          // A key typed just as the remote shell ended (meant for it): `d` must not reach the App.
          setTimeout(() => stdin.write('d'), 40);
        },
      },
      term,
    );
    await until(() => calls(services, 'listProviders') > 0);
    await type(term.stdin, '2');
    await until(() => calls(services, 'refreshVms') > 0);
    await type(term.stdin, '\r');
    await until(() => calls(services, 'openShell') === 1);

    // Before the shell: Ink is gone (no stdin listener), raw mode off, cursor shown, main screen back.
    expect(services.callsTo('openShell')[0]).toEqual(['web-1']);
    expect(seen.isRaw).toBe(false);
    expect(seen.readable).toBe(0);
    const beforeShell = seen.output ?? '';
    expect(beforeShell.endsWith(`${BRACKETED_PASTE_OFF}${SHOW_CURSOR}${LEAVE_ALT_SCREEN}${CLEAR_SCREEN}Connecting to web-1… (exit the shell to return to golem)\n`)).toBe(true);

    // After the shell: a fresh App on the VMs screen, in full screen again, with the shell's outcome.
    await until(() => count(term.stdout.written, ENTER_ALT_SCREEN) === 2 && calls(services, 'listVms') >= 2);
    const afterShell = stripAnsi(term.stdout.written.slice(term.stdout.written.lastIndexOf(ENTER_ALT_SCREEN)));
    expect(afterShell).toContain('[2 VMs]');
    expect(afterShell).toContain('Back from the shell on web-1.');
    expect(term.stdin.isRaw).toBe(true);

    // The `d` typed ahead was discarded: `y` now confirms nothing.
    await type(term.stdin, 'y');
    expect(stripAnsi(term.stdout.written.slice(term.stdout.written.lastIndexOf(ENTER_ALT_SCREEN)))).not.toContain('Destroy web-1?');
    await type(term.stdin, 'q');
    await expect(exit).resolves.toBe(0);
    expect(calls(services, 'destroyVm')).toBe(0);
    expectRestored(term);
  });

  it('case-11: a failed shell is reported as a line and in the App, which comes back', async () => {
    const {services, exit, term} = start({
      shell: {error: new SshConnectError({host: '127.0.0.1', port: 2201, reason: 'refused', isBeforeSession: true})},
    });
    await until(() => calls(services, 'listProviders') > 0);
    await type(term.stdin, '2');
    await until(() => calls(services, 'refreshVms') > 0);
    await type(term.stdin, '\r');
    await until(() => count(term.stdout.written, ENTER_ALT_SCREEN) === 2 && calls(services, 'listVms') >= 2);
    expect(term.stderr.written).toContain('Could not open a shell on web-1: SSH to 127.0.0.1:2201 refused the connection (nothing listens on that port).');
    expect(term.stderr.written.trim().split('\n')).toHaveLength(1);
    expect(stripAnsi(term.stdout.written)).toContain('✖ Could not open a shell on web-1');
    await type(term.stdin, 'q');
    await expect(exit).resolves.toBe(0);
    expectRestored(term);
  });

  it('restores the terminal and returns 130 when a signal arrives in the App', async () => {
    const {services, exit, term} = start();
    await until(() => calls(services, 'listProviders') > 0);
    term.abort.abort();
    await expect(exit).resolves.toBe(130);
    expectRestored(term);
    expect(calls(services, 'close')).toBe(1);
  });

  it('restores the terminal and returns 130 when a signal arrives during the shell', async () => {
    const term = terminal();
    const started = start({onOpenShell: () => term.abort.abort()}, term);
    await until(() => calls(started.services, 'listProviders') > 0);
    await type(term.stdin, '2');
    await until(() => calls(started.services, 'refreshVms') > 0);
    await type(term.stdin, '\r');
    await expect(started.exit).resolves.toBe(130);
    expectRestored(term);
  });

  it('restores the terminal when the App crashes, and lets the error through', async () => {
    const services = createFakeServices();
    const broken = {...services, getWallet: async () => ({...(await services.getWallet()), address: undefined as never})};
    const term = terminal();
    const exit = runTui(term.io, {loadServices: () => broken}).then(
      () => null,
      (error: unknown) => error,
    );
    await until(() => calls(services, 'listProviders') > 0);
    await type(term.stdin, '4');
    expect(await exit).toBeInstanceOf(TypeError);
    expectRestored(term);
  });

  it('draws the whole first frame (tabs, status bar, table headers, a loading row, keys) before the services are built', async () => {
    const term = terminal();
    const services = createFakeServices();
    let frameAtLoad = '';
    const exit = runTui(term.io, {
      loadServices: () => {
        frameAtLoad = stripAnsi(term.stdout.written);
        return services;
      },
    });
    await until(() => calls(services, 'listProviders') > 0);
    for (const part of ['1 Providers', '2 VMs', 'funding:', '┌', '│ Provider', 'Looking for providers…', '└', 'q quit']) {
      expect(frameAtLoad).toContain(part);
    }
    await type(term.stdin, 'q');
    await expect(exit).resolves.toBe(0);
  });

  it('does not touch the terminal when what comes before the screen fails (the wallet password prompt)', async () => {
    const term = terminal();
    const loadServices = vi.fn(createFakeServices);
    await expect(
      runTui(term.io, {
        beforeScreen: () => {
          throw new Error('interrupted');
        },
        loadServices,
      }),
    ).rejects.toThrow('interrupted');
    expect(term.stdout.written).toBe('');
    expect(loadServices).not.toHaveBeenCalled();
  });

  it('restores the terminal and lets the error through when the services cannot be built after the first frame', async () => {
    const term = terminal();
    await expect(
      runTui(term.io, {
        loadServices: () => {
          throw new Error('no database');
        },
      }),
    ).rejects.toThrow('no database');
    expect(stripAnsi(term.stdout.written)).toContain('Looking for providers…');
    expectRestored(term);
  });
});
