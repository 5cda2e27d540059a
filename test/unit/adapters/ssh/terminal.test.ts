import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {chooseRemoteTerm, FALLBACK_TERM, takeOverTerminal} from '../../../../source/adapters/ssh/terminal.js';
import type {ShellTerminal} from '../../../../source/services/ports.js';

/** A stdin/stdout pair that behaves like a TTY for the parts the takeover uses (raw mode, size, resize). */
function fakeTerminal({isRaw = false, failRawMode = false} = {}) {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw,
    rawModeCalls: [] as boolean[],
    setRawMode(mode: boolean) {
      if (failRawMode && !mode) throw new Error('EIO: terminal gone');
      this.rawModeCalls.push(mode);
      this.isRaw = mode;
      return this;
    },
  });
  let written = '';
  const stdout = Object.assign(new PassThrough(), {isTTY: true, columns: 120, rows: 40});
  stdout.on('data', (chunk: Buffer) => {
    written += chunk.toString();
  });
  const terminal = {stdin, stdout} as unknown as ShellTerminal;
  return {stdin, stdout, terminal, written: () => written};
}

describe('chooseRemoteTerm', () => {
  it.each([
    ['xterm-kitty', FALLBACK_TERM],
    ['alacritty', FALLBACK_TERM],
    ['dumb', FALLBACK_TERM],
    ['', FALLBACK_TERM],
    [undefined, FALLBACK_TERM],
    ['xterm', 'xterm'],
    ['xterm-256color', 'xterm-256color'],
    ['tmux-256color', 'tmux-256color'],
    ['screen', 'screen'],
  ])('case-19: TERM=%s gives the remote pty %s', (term, expected) => {
    expect(chooseRemoteTerm(term)).toBe(expected);
  });
});

describe('takeOverTerminal', () => {
  it('case-10: holds keys typed while connecting and delivers them to the session once it starts', () => {
    const {stdin, terminal} = fakeTerminal();
    const takeover = takeOverTerminal(terminal);
    stdin.write('ls');
    const received: string[] = [];
    takeover.attach((data) => received.push(data.toString()), () => {});
    stdin.write('\r');
    expect(received).toEqual(['ls', '\r']);
    takeover.restore({isAbnormal: false});
  });

  it('case-10: keys typed while a failed connection was being made are dropped, never left for the UI', () => {
    const {stdin, terminal} = fakeTerminal();
    const takeover = takeOverTerminal(terminal);
    stdin.write('d');
    takeover.restore({isAbnormal: true});
    const seenLater: string[] = [];
    stdin.on('data', (chunk: Buffer) => seenLater.push(chunk.toString()));
    expect(seenLater).toEqual([]);
  });

  it('case-11: restore removes every listener it added, puts raw mode back, pauses stdin and shows the cursor', () => {
    const {stdin, stdout, terminal, written} = fakeTerminal({isRaw: false});
    const baseline = {data: stdin.listenerCount('data'), end: stdin.listenerCount('end'), resize: stdout.listenerCount('resize')};
    const takeover = takeOverTerminal(terminal);
    const sizes: Array<{cols: number; rows: number}> = [];
    takeover.onResize((size) => sizes.push(size));
    expect(stdin.isRaw).toBe(true);
    expect(takeover.size()).toEqual({cols: 120, rows: 40});
    stdout.columns = 100;
    stdout.emit('resize');
    expect(sizes).toEqual([{cols: 100, rows: 40}]);

    expect(takeover.restore({isAbnormal: false})).toEqual([]);
    expect(stdin.isRaw).toBe(false);
    expect(stdin.isPaused()).toBe(true);
    expect({data: stdin.listenerCount('data'), end: stdin.listenerCount('end'), resize: stdout.listenerCount('resize')}).toEqual(baseline);
    expect(written()).toContain('\u001B[?25h');
    expect(written()).not.toContain('\u001B[?1049l');
    expect(takeover.restore({isAbnormal: false})).toEqual([]);
  });

  it('puts back raw mode that was on before (the TUI had it on)', () => {
    const {stdin, terminal} = fakeTerminal({isRaw: true});
    takeOverTerminal(terminal).restore({isAbnormal: false});
    expect(stdin.isRaw).toBe(true);
  });

  it('case-11: after an abnormal end it also leaves the alternate screen a killed htop left on', () => {
    const {terminal, written} = fakeTerminal();
    takeOverTerminal(terminal).restore({isAbnormal: true});
    expect(written()).toContain('\u001B[?1049l');
  });

  it('runs every restore step even when one throws, and reports the failure', () => {
    const {stdin, stdout, terminal} = fakeTerminal({failRawMode: true});
    const takeover = takeOverTerminal(terminal);
    takeover.onResize(() => {});
    const failures = takeover.restore({isAbnormal: false});
    expect(failures).toHaveLength(1);
    expect(stdin.listenerCount('data')).toBe(0);
    expect(stdout.listenerCount('resize')).toBe(0);
    expect(stdin.isPaused()).toBe(true);
  });
});
