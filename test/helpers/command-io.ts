/**
 * A `CommandIo` for running a command in-process in tests: stdout/stderr captured as text, settings loaded from the
 * given environment (never the developer's), stdin a PassThrough (not a TTY unless `isTty`).
 */
import {PassThrough} from 'node:stream';
import type {CommandIo} from '../../source/commands/command.js';
import {loadConfig} from '../../source/config/settings.js';

export type TestIo = {
  readonly io: CommandIo;
  readonly stdin: PassThrough & {isTTY?: boolean};
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
};

/** Builds the io; `env` is the whole environment the settings see. */
export function makeTestIo({
  env,
  isTty = false,
  signal = new AbortController().signal,
}: {
  env: NodeJS.ProcessEnv;
  isTty?: boolean;
  signal?: AbortSignal;
}): TestIo {
  const capture = () => {
    const stream = new PassThrough() as PassThrough & {isTTY?: boolean; columns?: number};
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    if (isTty) {
      stream.isTTY = true;
      stream.columns = 120;
    }
    return {stream, text: () => Buffer.concat(chunks).toString('utf8')};
  };
  const out = capture();
  const err = capture();
  const stdin = new PassThrough() as PassThrough & {isTTY?: boolean};
  if (isTty) stdin.isTTY = true;
  const io: CommandIo = {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: out.stream as unknown as NodeJS.WriteStream,
    stderr: err.stream as unknown as NodeJS.WriteStream,
    config: () => loadConfig(env),
    signal,
    isInteractive: isTty,
    cliPath: new URL('../../source/cli.tsx', import.meta.url).pathname,
  };
  return {io, stdin, stdout: out.text, stderr: err.text};
}
