/**
 * How a failed command ends (issue 14), the same for every command: one `Error:` line on stderr, a `Hint:` line
 * (a usage error's hint always names `golem … --help`), and the exit code of `exitCodeFor` — 2 usage, 1 expected
 * failure, 130 Ctrl-C, 70 bug (with the stack, since it is one).
 */
import {AppError, CancelledError, exitCodeFor} from '../errors.js';
import type {Command, CommandIo} from './command.js';

/** Prints `error` the way people read it and returns its exit code. Never throws (case-24). */
export function reportError(error: unknown, stderr: Pick<NodeJS.WriteStream, 'write'>, isDebug: boolean, helpCommand = 'golem --help'): number {
  try {
    const code = exitCodeFor(error);
    if (error instanceof CancelledError) {
      stderr.write(`${error.shortMessage}\n`);
      return code;
    }
    if (error instanceof AppError) {
      stderr.write(`Error: ${error.shortMessage}\n`);
      if (error.details && isDebug) stderr.write(`  ${error.details}\n`);
      let hint = error.hint;
      if (code === 2 && !hint?.includes('--help')) hint = hint ? `${hint} (usage: ${helpCommand})` : helpCommand;
      if (hint) stderr.write(`  Hint: ${hint}\n`);
      return code;
    }
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    stderr.write(`Unexpected error (this is a bug in golem; please report it):\n${text}\n`);
    return 70;
  } catch {
    return 70;
  }
}

/** Runs `command` as `cli.tsx` does after parsing: its exit code, or the reported error's (for in-process callers). */
export async function runCommand(command: Command, io: CommandIo, input: Parameters<Command['run']>[1]): Promise<number> {
  try {
    return await command.run(io, input);
  } catch (error) {
    return reportError(error, io.stderr, false, `golem ${command.path.join(' ')} --help`);
  }
}
