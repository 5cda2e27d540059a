/**
 * `SshClient.shell` under a real pty: node-pty runs `fixtures/local-terminal.ts` as the user's terminal, the
 * test types into it, resizes it, and leaves the session in several ways (case-11, case-19).
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {spawn, type IPty} from 'node-pty';
import stripAnsi from 'strip-ansi';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createSshKeyStore} from '../../../../source/adapters/ssh/key-store.js';
import {packageRoot} from '../../../../source/lib/package-root.js';
import {startTestSshServer, type TestSshServer} from '../../../helpers/ssh-server.js';

const script = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'local-terminal.ts');

let root: string;
let server: TestSshServer;
let local: IPty | undefined;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'golem-shell-'));
  const key = await createSshKeyStore({sshKeyDir: join(root, 'keys'), sshKeyPath: null}).resolveKeyPair();
  server = await startTestSshServer({authorizedKey: key.publicKey});
});
afterEach(async () => {
  local?.kill();
  local = undefined;
  await server.close();
  rmSync(root, {recursive: true, force: true});
});

/** Starts the local terminal (a node process on a 100×30 pty) and returns helpers to drive and read it. */
function startLocalTerminal(term: string | null) {
  let output = '';
  let exitCode: number | undefined;
  const config = {host: server.host, port: server.port, sshKeyDir: join(root, 'keys'), knownHostsPath: join(root, 'known_hosts'), term};
  const terminal = spawn(process.execPath, ['--import', 'tsx', script], {
    name: 'xterm-256color',
    cols: 100,
    rows: 30,
    cwd: packageRoot(),
    env: {...process.env, GOLEM_TEST_SHELL: JSON.stringify(config)} as Record<string, string>,
  });
  local = terminal;
  terminal.onData((data) => {
    output += data;
  });
  terminal.onExit(({exitCode: code}) => {
    exitCode = code;
  });

  const waitFor = async <T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; terminal output so far:\n${JSON.stringify(output)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  let promptsSeen = 0;
  /** Waits for the next remote prompt after those already seen. */
  const nextPrompt = async () => {
    promptsSeen++;
    await waitFor(() => (output.split('remote$ ').length - 1 >= promptsSeen ? true : undefined), `remote prompt #${promptsSeen}`);
  };
  let commandsRun = 0;
  /**
   * Types `command` followed by an end marker, waits for the marker's output line, and returns what was printed
   * in between (no escapes, no CR). Prompts are not counted: a resize makes the remote readline redraw one.
   */
  const run = async (command: string) => {
    const marker = `END-${++commandsRun}`;
    const start = output.length;
    terminal.write(`${command}; echo ${marker}\r`);
    const clean = () => stripAnsi(output.slice(start)).replace(/\r/g, '');
    return waitFor(() => (new RegExp(`\\n${marker}\\n`).test(clean()) ? clean() : undefined), `output of ${command}`);
  };
  /** Waits until the local script reports and exits by itself; returns its report. */
  const finish = async () => {
    await waitFor(() => (output.includes('DONE') ? true : undefined), 'the local script to report');
    const code = await waitFor(() => exitCode, 'the local process to exit on its own (stdin released)', 5_000);
    const field = (name: string) => new RegExp(`${name}=([^\\r\\n]*)`).exec(output)?.[1];
    return {
      exitCode: code,
      sttyBefore: field('STTY_BEFORE'),
      sttyAfter: field('STTY_AFTER'),
      result: JSON.parse(field('RESULT') ?? 'null') as unknown,
      left: JSON.parse(field('LEFT') ?? 'null') as unknown,
    };
  };
  return {terminal, output: () => output, waitFor, nextPrompt, run, finish};
}

const RELEASED = {data: 0, resize: 0, isRaw: false};

describe('SshClient.shell under a real pty', () => {
  it('case-19/case-11: TERM=xterm-kitty falls back, input echoes once, size follows resizes, `exit` restores the tty', async () => {
    const session = startLocalTerminal('xterm-kitty');
    await session.nextPrompt();
    expect(server.ptyRequests).toEqual([{term: 'xterm-256color', cols: 100, rows: 30}]);

    const echoed = await session.run('echo echo-once-$((40+2))');
    expect(echoed.split('echo echo-once-$((40+2))').length - 1).toBe(1);
    expect(echoed).toContain('echo-once-42');

    expect(await session.run('tput cols; tput lines')).toMatch(/\n100\n30\n/);
    session.terminal.resize(132, 40);
    await session.waitFor(() => (server.windowChanges.some((size) => size.cols === 132 && size.rows === 40) ? true : undefined), 'window-change');
    expect(await session.run('tput cols; tput lines')).toMatch(/\n132\n40\n/);

    session.terminal.write('exit\r');
    const report = await session.finish();
    expect(report.result).toEqual({exitCode: 0});
    expect(report.sttyAfter).toBe(report.sttyBefore);
    expect(report.left).toEqual(RELEASED);
    expect(report.exitCode).toBe(0);
  });

  it('case-19/case-11: with TERM unset the pty gets xterm-256color; Ctrl-D ends the shell and restores the tty', async () => {
    const session = startLocalTerminal(null);
    await session.nextPrompt();
    expect(server.ptyRequests[0]?.term).toBe('xterm-256color');
    session.terminal.write('\u0004');
    const report = await session.finish();
    expect(report.result).toEqual({exitCode: 0});
    expect(report.sttyAfter).toBe(report.sttyBefore);
    expect(report.left).toEqual(RELEASED);
  });

  it('case-11: the server closing the session (sudo reboot) restores the tty and the process exits by itself', async () => {
    const session = startLocalTerminal('tmux-256color');
    await session.nextPrompt();
    expect(server.ptyRequests[0]?.term).toBe('tmux-256color');
    server.closeChannels();
    const report = await session.finish();
    expect(report.result).toEqual({exitCode: 255});
    expect(report.sttyAfter).toBe(report.sttyBefore);
    expect(report.left).toEqual(RELEASED);
  });

  it('case-11: the connection dropping (provider killed the VM) restores the tty and the process exits by itself', async () => {
    const session = startLocalTerminal('xterm');
    await session.nextPrompt();
    server.dropConnections();
    const report = await session.finish();
    expect([{error: 'SshConnectError'}, {exitCode: 255}]).toContainEqual(report.result);
    expect(report.sttyAfter).toBe(report.sttyBefore);
    expect(report.left).toEqual(RELEASED);
  });
});
