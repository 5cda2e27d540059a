/**
 * The terminal modes the dashboard changes, and how to put them back (design.md: leave the terminal exactly as
 * found, on every exit path; case-10, case-11). Only `commands/tui.tsx` uses this; the App never touches modes.
 */

/** xterm private mode 1049: switch to the alternate screen (saving the cursor) and clear it. */
export const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[2J\u001B[H';
/** Back to the main screen, cursor restored. */
export const LEAVE_ALT_SCREEN = '\u001B[?1049l';
/** DECTCEM off: hide the cursor. */
export const HIDE_CURSOR = '\u001B[?25l';
/** DECTCEM on: show the cursor. */
export const SHOW_CURSOR = '\u001B[?25h';

/** xterm mode 2004 on: pastes arrive between `ESC[200~` and `ESC[201~` (read by terminal/key-stream.ts, case-14). */
export const BRACKETED_PASTE_ON = '\u001B[?2004h';
/** Bracketed paste off (the shell after us turns it on again itself if it wants it). */
export const BRACKETED_PASTE_OFF = '\u001B[?2004l';
/** Clears the visible screen and the scrollback, cursor home: what a shell session printed is gone. */
export const CLEAR_SCREEN = '\u001B[2J\u001B[3J\u001B[H';

/** The streams of the controlling terminal. */
export type TerminalStreams = {readonly stdin: NodeJS.ReadStream; readonly stdout: NodeJS.WriteStream};

/** Enters and leaves the full-screen mode; both are idempotent, so `leave()` is safe in every `finally`. */
export type ScreenGuard = {
  /** Alternate screen on, cleared, cursor hidden, bracketed paste on. */
  enter(): void;
  /** Bracketed paste off, cursor shown, main screen back, stdin out of raw mode and paused. */
  leave(): void;
  readonly isFullScreen: boolean;
};

/** A guard over `streams`; nothing is written until `enter()`. */
export function createScreenGuard({stdin, stdout}: TerminalStreams): ScreenGuard {
  let isFullScreen = false;
  return {
    enter() {
      if (isFullScreen) return;
      stdout.write(ENTER_ALT_SCREEN + HIDE_CURSOR + BRACKETED_PASTE_ON);
      isFullScreen = true;
    },
    leave() {
      if (isFullScreen) stdout.write(BRACKETED_PASTE_OFF + SHOW_CURSOR + LEAVE_ALT_SCREEN);
      isFullScreen = false;
      releaseStdin(stdin);
    },
    get isFullScreen() {
      return isFullScreen;
    },
  };
}

/**
 * Cooked mode back on (echo, line editing, Ctrl-C as a signal), stdin paused and unref'd, so it neither eats the
 * next program's input nor keeps the process alive waiting for a key (case-11).
 */
export function releaseStdin(stdin: NodeJS.ReadStream): void {
  if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
  stdin.pause();
  stdin.unref?.();
}

/** Lets the shell own stdin: Ink unref'd it on unmount, and a shell waiting for keys must keep the process alive. */
export function lendStdin(stdin: NodeJS.ReadStream): void {
  stdin.ref?.();
}

/**
 * Waits one turn of the event loop. Node applies `pause()` and listener removal on stdin in `nextTick` callbacks
 * (`resume_`, `updateReadableListening`); a new consumer attached before they ran never receives data (measured
 * under a pty on Node 20: a `readable` listener added right after `pause()` stayed silent). So every change of
 * stdin's owner — Ink → shell → typeahead discard → Ink — is separated by one of these.
 */
export async function settleStdin(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Reads and throws away whatever was typed but not yet read (keys meant for the remote shell that arrived after
 * it closed) for `graceMs`, so none of them reaches the dashboard as a command (case-10: a stray `d`, `y` must
 * never destroy a VM). Raw mode is needed to get a half-typed line out of the terminal's line buffer. Ends with
 * stdin paused, in cooked mode, and settled for the next owner.
 */
export async function discardTypeahead(stdin: NodeJS.ReadStream, graceMs: number): Promise<void> {
  if (!stdin.isTTY) return;
  await settleStdin();
  const discard = () => {};
  stdin.setRawMode(true);
  stdin.on('data', discard);
  stdin.resume();
  try {
    await new Promise((resolve) => setTimeout(resolve, graceMs));
  } finally {
    stdin.off('data', discard);
    stdin.pause();
    stdin.setRawMode(false);
  }
  await settleStdin();
}
