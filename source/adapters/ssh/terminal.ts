/**
 * The local side of an interactive SSH session: which TERM the remote pty gets, and taking the local terminal
 * over and giving it back exactly as it was on every exit path (design.md "Rules that come from the terminal",
 * case-10, case-11, case-19).
 */
import type {ShellTerminal} from '../../services/ports.js';

/** TERM sent when the local one is unset, `dumb`, or not one every stock server image knows. */
export const FALLBACK_TERM = 'xterm-256color';

/**
 * Terminal types shipped by ncurses-base, the terminfo package every Debian/Ubuntu image (the VMs providers run,
 * reference §4.4 image `24.04`) has. Names outside it (xterm-kitty, alacritty, wezterm, foot, xterm-ghostty, …)
 * live in ncurses-term or in the emulator itself and are often missing remotely, which breaks `clear`, `htop`
 * and line editing there.
 */
const PORTABLE_TERMS: ReadonlySet<string> = new Set([
  'ansi',
  'linux',
  'rxvt-unicode',
  'rxvt-unicode-256color',
  'screen',
  'screen-256color',
  'tmux',
  'tmux-256color',
  'vt100',
  'vt102',
  'vt220',
  'xterm',
  'xterm-256color',
  'xterm-color',
]);

/**
 * TERM for the remote pty (case-19). Rule: keep the local TERM when it is one of the portable names above,
 * otherwise send `xterm-256color`, which every modern emulator implements. What the local terminfo knows is
 * deliberately not consulted: the remote image's terminfo decides whether a name works, not ours.
 *
 * @example
 * chooseRemoteTerm('xterm-kitty') // 'xterm-256color'
 * chooseRemoteTerm(undefined)     // 'xterm-256color'
 * chooseRemoteTerm('tmux-256color') // 'tmux-256color'
 */
export function chooseRemoteTerm(term: string | undefined): string {
  const name = term?.trim() ?? '';
  return PORTABLE_TERMS.has(name) ? name : FALLBACK_TERM;
}

/** Columns and rows of the local terminal; 80×24 when stdout is not a TTY. */
export type TerminalSize = {readonly cols: number; readonly rows: number};

/**
 * Modes a remote full-screen program may leave set when it dies mid-session (provider kills the VM during
 * `htop`): attributes reset, cursor shown, mouse reporting, bracketed paste and application cursor/keypad modes
 * off. All are harmless when already off, so they are written on every exit.
 */
const RESET_MODES = '\u001B[0m\u001B[?25h\u001B[?1000l\u001B[?1002l\u001B[?1003l\u001B[?1006l\u001B[?2004l\u001B[?1l\u001B>';
/** Leaving the alternate screen restores a saved cursor, so it is written only when the session ended abnormally. */
const LEAVE_ALT_SCREEN = '\u001B[?1049l';

/** The local terminal while a shell owns it. Created by `takeOverTerminal`, ended by `restore`. */
export type TerminalTakeover = {
  /** Current size of the local terminal. */
  size(): TerminalSize;
  /**
   * Starts forwarding input to `sink`; bytes typed while connecting (held since the takeover) are delivered
   * first. `onEnd` runs when stdin ends (a non-TTY stdin reaching EOF).
   */
  attach(sink: (data: Buffer) => void, onEnd: () => void): void;
  /** Calls `listener` with the new size whenever the local terminal is resized. */
  onResize(listener: (size: TerminalSize) => void): void;
  /**
   * Gives the terminal back: removes every listener this takeover added (data, end, resize), puts raw mode back
   * to what it was, pauses stdin, resets modes and shows the cursor. Runs every step even if one throws; returns
   * the errors thrown (none normally). Idempotent.
   */
  restore(options: {isAbnormal: boolean}): unknown[];
};

/**
 * Takes over `terminal` for an interactive session: raw mode on (so input is echoed once, by the remote pty,
 * never locally), and stdin read from now on. Input typed before `attach` is held and discarded if the session
 * never starts, so keys pressed while connecting can never reach the caller's UI afterwards (case-10).
 *
 * The caller must have stopped its own stdin handling (Ink) first; this function does not touch other
 * listeners.
 */
export function takeOverTerminal({stdin, stdout}: ShellTerminal): TerminalTakeover {
  const wasRaw = stdin.isTTY ? stdin.isRaw : undefined;
  let pending: Buffer[] = [];
  let sink: ((data: Buffer) => void) | undefined;
  let endSink: (() => void) | undefined;
  let hasEnded = false;
  let resizeListener: (() => void) | undefined;
  let isRestored = false;

  const size = (): TerminalSize => ({
    cols: stdout.isTTY && stdout.columns > 0 ? stdout.columns : 80,
    rows: stdout.isTTY && stdout.rows > 0 ? stdout.rows : 24,
  });
  const handleData = (chunk: Buffer | string) => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (sink) sink(data);
    else pending.push(data);
  };
  const handleEnd = () => {
    hasEnded = true;
    endSink?.();
  };

  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.on('data', handleData);
  stdin.on('end', handleEnd);
  stdin.resume();

  return {
    size,
    attach(nextSink, onEnd) {
      sink = nextSink;
      const held = pending;
      pending = [];
      for (const data of held) nextSink(data);
      if (hasEnded) onEnd();
      else endSink = onEnd;
    },
    onResize(listener) {
      if (resizeListener) stdout.off('resize', resizeListener);
      resizeListener = () => listener(size());
      stdout.on('resize', resizeListener);
    },
    restore({isAbnormal}) {
      if (isRestored) return [];
      isRestored = true;
      const failures: unknown[] = [];
      const attempt = (step: () => void) => {
        try {
          step();
        } catch (error) {
          failures.push(error);
        }
      };
      sink = undefined;
      endSink = undefined;
      pending = [];
      attempt(() => stdin.off('data', handleData));
      attempt(() => stdin.off('end', handleEnd));
      attempt(() => {
        if (resizeListener) stdout.off('resize', resizeListener);
      });
      attempt(() => {
        if (stdin.isTTY && wasRaw !== undefined) stdin.setRawMode(wasRaw);
      });
      attempt(() => stdin.pause());
      attempt(() => {
        if (stdout.isTTY && stdout.writable) stdout.write(`${isAbnormal ? `${LEAVE_ALT_SCREEN}\r\n` : ''}${RESET_MODES}`);
      });
      return failures;
    },
  };
}
