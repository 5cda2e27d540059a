/**
 * The dashboard's stdin as Ink sees it: the real terminal's input, handed over one key at a time (issue 13 item 4).
 *
 * A terminal delivers what arrived together as one chunk: fast typing, `tmux send-keys`, a paste. Ink splits a chunk
 * only at escape sequences, so `220⇥⌫⌫` reaches every `useInput` handler as one string — the text field then keeps
 * "220" and the Tab and Backspaces vanish; `my-vm⏎` types the name but the Enter is lost. And handlers that run
 * before React re-rendered see the state from before the previous key. So this stream splits every chunk into keys
 * (one character, or one escape sequence) and gives Ink the next key only after the previous one was handled and
 * rendered (one `setImmediate` turn, after React's own scheduled work), in the order typed.
 *
 * Pastes: the stream turns on bracketed paste (xterm mode 2004, via `BRACKETED_PASTE_ON` written by the screen
 * guard), so a paste arrives between `ESC[200~` and `ESC[201~`; it is delivered as one input, with its line breaks
 * removed, so a newline inside a paste never submits a form (case-14) and the text field inserts it whole.
 *
 * When Ink lets go (unmount before an SSH handoff), keys not yet delivered are put back into the real stdin
 * (`unshift`), so what was typed after Enter reaches the next owner (the remote shell), never a dashboard handler.
 */
import {EventEmitter} from 'node:events';

/** Start of a bracketed paste (xterm). */
const PASTE_START = '\u001B[200~';
/** End of a bracketed paste. */
const PASTE_END = '\u001B[201~';

/**
 * Splits terminal input into keys: an escape sequence (CSI `ESC [ … final`, SS3 `ESC O x`) or one code point. An
 * ESC not starting a sequence is the Escape key on its own. Bracketed pastes are not handled here.
 */
export function splitKeys(text: string): string[] {
  const keys: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '\u001B' && index + 1 < text.length) {
      const next = text[index + 1]!;
      if (next === '[' || next === 'O') {
        let end = index + 2;
        if (next === '[') {
          while (end < text.length && !/[\u0040-\u007E]/.test(text[end]!)) end++;
          // ESC [ [ A (legacy function keys): the second `[` is not the final byte.
          if (text[end] === '[' && end === index + 2) end++;
        }
        keys.push(text.slice(index, Math.min(end + 1, text.length)));
        index = end + 1;
        continue;
      }
      // ESC before anything else is the Escape key, then that key: the dashboard binds no Alt-x, and Esc typed
      // right before `q` (one read) must close the dialog and then quit, not be read as Alt-q.
      keys.push(char);
      index += 1;
      continue;
    }
    const codePoint = text.codePointAt(index)!;
    const width = codePoint > 0xffff ? 2 : 1;
    keys.push(text.slice(index, index + width));
    index += width;
  }
  return keys;
}

/** Removes line breaks from pasted text (case-14: a newline inside a paste never submits). */
export function pastedText(text: string): string {
  return text.replace(/[\r\n]+/g, '');
}

/** The stdin Ink reads from; `detach()` gives the real stdin back with undelivered keys. */
export type KeyStream = NodeJS.ReadStream & {
  /** Stops reading the real stdin and puts undelivered keys back into it. Idempotent. */
  detach(): void;
};

/** Options of `createKeyStream`. */
export type CreateKeyStreamOptions = {
  /**
   * Keys are read and queued at once but delivered only once this settles (the dashboard's views are loaded after
   * its first frame, issue 16). @default deliver at once
   */
  readonly heldUntil?: Promise<unknown> | undefined;
};

/**
 * A key-at-a-time view of `stdin` (a TTY) for Ink's `render({stdin})`. It reads the real stream only while Ink
 * listens (`readable` listener attached), so between two Apps the real stdin is free for the SSH session.
 */
export function createKeyStream(stdin: NodeJS.ReadStream, {heldUntil}: CreateKeyStreamOptions = {}): KeyStream {
  const emitter = new EventEmitter();
  let isHeld = heldUntil !== undefined;
  const queue: string[] = [];
  let ready: string | null = null;
  let paste: string | null = null;
  let scheduled: NodeJS.Immediate | null = null;
  let isPending = false;
  let isReading = false;

  const take = (chunk: string) => {
    let rest = chunk;
    while (rest.length > 0) {
      if (paste !== null) {
        const end = rest.indexOf(PASTE_END);
        if (end === -1) {
          paste += rest;
          return;
        }
        const text = pastedText(paste + rest.slice(0, end));
        if (text.length > 0) queue.push(text);
        paste = null;
        rest = rest.slice(end + PASTE_END.length);
        continue;
      }
      const start = rest.indexOf(PASTE_START);
      if (start === -1) {
        queue.push(...splitKeys(rest));
        return;
      }
      queue.push(...splitKeys(rest.slice(0, start)));
      paste = '';
      rest = rest.slice(start + PASTE_START.length);
    }
  };

  const deliver = () => {
    scheduled = null;
    isPending = false;
    if (!isReading || ready !== null || isHeld) return;
    const key = queue.shift();
    if (key === undefined) return;
    ready = key;
    if (process.env["KS_DEBUG"]) process.stderr.write(`deliver ${JSON.stringify(key)} listeners=${emitter.listenerCount("readable")} queue=${queue.length}\n`);
    emitter.emit("readable");
    // Ink reads in its `readable` handler; the next key waits until React rendered what this one changed.
    ready = null;
    if (queue.length > 0) schedule();
  };
  /**
   * React (reconciler 0.33) schedules the render of an update made in a key handler from a microtask, with the
   * Scheduler's `setImmediate`; so the next key is scheduled from a later microtask, two check phases on: after that
   * render and its layout effects (measured: one plain `setImmediate` let the key after `:` reach the list, not the
   * palette that key opened).
   */
  const schedule = () => {
    if (isPending) return;
    isPending = true;
    queueMicrotask(() => {
      scheduled = setImmediate(() => {
        scheduled = setImmediate(deliver);
      });
    });
  };

  const onReadable = () => {
    let chunk: string | Buffer | null;
    while ((chunk = stdin.read() as string | Buffer | null) !== null) take(chunk.toString());
    schedule();
  };
  const start = () => {
    if (isReading) return;
    isReading = true;
    stdin.setEncoding('utf8');
    stdin.on('readable', onReadable);
  };
  const detach = () => {
    if (process.env["KS_DEBUG"]) process.stderr.write(`detach reading=${isReading} queue=${queue.length}\n`);
    if (!isReading) return;
    isReading = false;
    stdin.off('readable', onReadable);
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    isPending = false;
    const undelivered = queue.splice(0).join('');
    if (undelivered.length > 0) stdin.unshift(undelivered);
  };

  // Keys typed before the views they are meant for are loaded wait, in order, and are then delivered one by one.
  const release = () => {
    isHeld = false;
    if (queue.length > 0) schedule();
  };
  heldUntil?.then(release, release);

  const stream = {
    get isTTY() {
      return stdin.isTTY;
    },
    get isRaw() {
      return stdin.isRaw;
    },
    setEncoding() {
      return stream;
    },
    setRawMode(mode: boolean) {
      stdin.setRawMode(mode);
      return stream;
    },
    ref() {
      stdin.ref();
      return stream;
    },
    unref() {
      stdin.unref();
      return stream;
    },
    read() {
      const key = ready;
      ready = null;
      return key;
    },
    addListener(event: string, listener: (...args: unknown[]) => void) {
      emitter.addListener(event, listener);
      if (event === 'readable') start();
      return stream;
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      return stream.addListener(event, listener);
    },
    removeListener(event: string, listener: (...args: unknown[]) => void) {
      emitter.removeListener(event, listener);
      if (event === 'readable' && emitter.listenerCount('readable') === 0) detach();
      return stream;
    },
    off(event: string, listener: (...args: unknown[]) => void) {
      return stream.removeListener(event, listener);
    },
    pause() {
      stdin.pause();
      return stream;
    },
    resume() {
      stdin.resume();
      return stream;
    },
    unshift(chunk: string) {
      queue.unshift(...splitKeys(chunk));
    },
    detach,
  };
  return stream as unknown as KeyStream;
}
