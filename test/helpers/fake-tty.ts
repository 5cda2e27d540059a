/**
 * A terminal for tests that run the dashboard or a prompt whole: a stdin that says it is a TTY and records raw
 * mode, and a stdout that records everything written, with the size the test gives it (columns × rows).
 */
import {PassThrough, Writable} from 'node:stream';

/** A TTY stdin: write keys into it; `isRaw` says whether raw mode is on. */
export class FakeTtyIn extends PassThrough {
  readonly isTTY = true;
  isRaw = false;
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** A TTY stdout of `columns` × `rows` (default 100 × 40) that keeps everything written in `written`. */
export class FakeTtyOut extends Writable {
  readonly isTTY = true;
  written = '';
  constructor(
    public columns = 100,
    public rows = 40,
  ) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.written += chunk.toString();
    callback();
  }
}
