/**
 * Keys that arrive together (fast typing, `tmux send-keys`, a paste) are applied one by one, in order, in every
 * form and dialog (issue 13 item 4, case-14). Each burst is ONE write to the terminal's stdin, as a terminal
 * delivers it; the dashboard runs whole (`runTui`) on fake services.
 */
import stripAnsi from 'strip-ansi';
import {describe, expect, it, vi} from 'vitest';
import {runTui, type TuiIo} from '../../../source/commands/tui.js';
import {createFakeServices, type FakeServices} from '../../helpers/fake-services.js';
import {FakeTtyIn, FakeTtyOut} from '../../helpers/fake-tty.js';

const DOWN = '\u001B[B';
const BACKSPACE = '\u007F';

function start(patch: (services: FakeServices) => FakeServices = (services) => services) {
  const stdin = new FakeTtyIn();
  const stdout = new FakeTtyOut();
  const io: TuiIo = {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeTtyOut() as unknown as NodeJS.WriteStream,
    signal: new AbortController().signal,
    isInteractive: true,
  };
  const services = patch(createFakeServices());
  const exit = runTui(io, {loadServices: () => services});
  /** The screen as text since the last `mark()`. */
  let from = 0;
  const mark = () => (from = stdout.written.length);
  const since = () => stripAnsi(stdout.written.slice(from));
  const waitForText = (text: string | RegExp) =>
    vi.waitFor(() => expect(since()).toMatch(text), {timeout: 5000, interval: 10});
  const burst = (text: string) => {
    mark();
    stdin.write(text);
  };
  return {stdin, stdout, stderr: io.stderr as unknown as FakeTtyOut, services, exit, burst, waitForText, since};
}

const calls = (services: FakeServices, method: Parameters<FakeServices['callsTo']>[0]) => services.callsTo(method);

async function quit(session: ReturnType<typeof start>): Promise<void> {
  session.stdin.write('\u0003');
  await expect(session.exit).resolves.toBe(130);
}

describe('golem tui: a burst of keys is applied in order', () => {
  it('create form: typed name, Tab, Backspace and digits in every field, then Enter, in one write', async () => {
    const session = start();
    await session.waitForText('alpha-node');
    session.burst('c');
    await session.waitForText('Create a VM on');
    session.burst(`burst-vm\t${BACKSPACE}2\t${BACKSPACE}4\t${BACKSPACE}${BACKSPACE}20\t${BACKSPACE}3\r`);
    await session.waitForText('burst-vm: 2 cores, 4 GB memory, 20 GB disk');
    expect(session.since()).toMatch(/Hours +3 h of deposit/);
    await quit(session);
  });

  it('destroy dialog: the typed name and Enter in one write destroy the VM (Enter is not lost)', async () => {
    const session = start();
    await session.waitForText('alpha-node');
    session.burst('2');
    await session.waitForText('web-1');
    session.burst('d');
    await session.waitForText('Type web-1 to confirm');
    session.burst('web-1\r');
    await vi.waitFor(() => expect(calls(session.services, 'destroyVm')).toHaveLength(1), {timeout: 5000, interval: 10});
    expect(calls(session.services, 'destroyVm')[0]![0]).toBe('web-1');
    await quit(session);
  });

  it('case-14: a bracketed paste with newlines lands on one line and does not submit', async () => {
    const session = start();
    await session.waitForText('alpha-node');
    session.burst('2');
    await session.waitForText('web-1');
    session.burst('d');
    await session.waitForText('Type web-1 to confirm');
    session.burst('\u001B[200~web\n-\r\n1\n\u001B[201~');
    await session.waitForText('Enter destroys it');
    expect(calls(session.services, 'destroyVm')).toHaveLength(0);
    session.burst('\r');
    await vi.waitFor(() => expect(calls(session.services, 'destroyVm')).toHaveLength(1), {timeout: 5000, interval: 10});
    await quit(session);
  });

  it('top-up form: two arrows to the custom field, a duration and Enter in one write', async () => {
    const session = start();
    await session.waitForText('alpha-node');
    session.burst('3');
    await session.waitForText('[3 Streams]');
    await session.waitForText(/#1\b/);
    session.burst('t');
    await session.waitForText('Top up stream #');
    session.burst(`${DOWN}${DOWN}1h30m\r`);
    await vi.waitFor(() => expect(calls(session.services, 'topUpStream')).toHaveLength(1), {timeout: 5000, interval: 10});
    expect(calls(session.services, 'topUpStream')[0]![0]).toMatchObject({seconds: 5400});
    await quit(session);
  });

  it('start form: Backspace, hours and Enter in one write', async () => {
    const session = start();
    await session.waitForText('alpha-node');
    session.burst('2');
    await session.waitForText('db-1');
    session.burst('jS');
    await session.waitForText('Start db-1');
    session.burst(`${BACKSPACE}${BACKSPACE}5\r`);
    await vi.waitFor(() => expect(calls(session.services, 'startVm')).toHaveLength(1), {timeout: 5000, interval: 10});
    expect(calls(session.services, 'startVm')[0]).toEqual(['db-1', {hours: 5}]);
    await quit(session);
  });

  it('list and palette: j j then the palette with a command and Enter, all in one write', async () => {
    const session = start();
    await session.waitForText('alpha-node');
    session.burst(':wallet\r');
    await session.waitForText('[4 Wallet]');
    session.burst('2jk');
    await session.waitForText('[2 VMs]');
    await quit(session);
  });
});

describe('golem tui: Ctrl-C (issue 13 item 6)', () => {
  it('Ctrl-C on a screen quits with 130 (q quits with 0)', async () => {
    const session = start();
    await session.waitForText('alpha-node');
    session.burst('\u0003');
    await expect(session.exit).resolves.toBe(130);
  });

  it('Ctrl-C on an error screen quits with 130', async () => {
    const session = start((services) => ({...services, listProviders: async () => Promise.reject(new Error('discovery is down'))}));
    await session.waitForText('discovery is down');
    session.burst('\u0003');
    await expect(session.exit).resolves.toBe(130);
  });

  it('while a create cannot stop: the first Ctrl-C cancels safely, the second quits at once with 130 and says what exists', async () => {
    const session = start((services) => ({
      ...services,
      createVm: (_parameters, onProgress = () => {}) => {
        onProgress({step: 'stream', message: 'Opening a payment stream (1 h deposit)'});
        return new Promise(() => {});
      },
    }));
    await session.waitForText('alpha-node');
    session.burst('c');
    await session.waitForText('Create a VM on');
    session.burst('stuck-vm\r');
    await session.waitForText('Enter pay and create');
    session.burst('\r');
    await session.waitForText('Opening a payment stream');
    session.burst('\u0003');
    await session.waitForText('Cancelling safely');
    session.burst('\u0003');
    await expect(session.exit).resolves.toBe(130);
    expect(session.stderr.written).toContain('Quit while creating stuck-vm on alpha-node. Done so far:');
    expect(session.stderr.written).toContain('Opening a payment stream (1 h deposit)');
    expect(session.stderr.written).toContain('golem vm list');
  });
});

describe('golem tui: y copies the ssh command (issue 13 item 7)', () => {
  it('writes the selected VM\'s ssh command as OSC 52 and says so', async () => {
    const session = start();
    await session.waitForText('alpha-node');
    session.burst('2');
    await session.waitForText('web-1');
    session.burst('y');
    await session.waitForText('Copied: golem vm ssh web-1');
    expect(session.stdout.written).toContain(`\u001B]52;c;${Buffer.from('golem vm ssh web-1').toString('base64')}\u0007`);
    await quit(session);
  });
});
