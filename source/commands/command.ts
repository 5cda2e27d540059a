import type {AnyFlags, Result} from 'meow';
import type {AppConfig} from '../config/settings.js';

/**
 * What a command gets from `cli.tsx`: streams, settings, an abort signal wired to SIGINT/SIGTERM, and whether
 * stdin is an interactive terminal. Commands print only through these streams and return an exit code;
 * `cli.tsx` is the only place that exits the process.
 */
export type CommandIo = {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Settings, loaded lazily: throws `ConfigError` when the environment is malformed. */
  readonly config: () => AppConfig;
  /** Aborted on SIGINT/SIGTERM. Long-running commands (devnet up, tui) end cleanly when it fires. */
  readonly signal: AbortSignal;
  /** True when stdin and stdout are TTYs and raw mode is available (case-09). */
  readonly isInteractive: boolean;
  /** Absolute path of the running CLI entry (for spawning a detached copy of ourselves). */
  readonly cliPath: string;
  /**
   * True when the command was given `--json` (issue 14): it prints one document on stdout and never prompts — a
   * confirmation it would need is a usage error (`confirm` reads this).
   */
  readonly isJson?: boolean;
};

/**
 * A positional argument of a command (issue 14): the word shown in usage (`NAME`), whether it may be left out,
 * whether it takes every remaining word (only the last one), and the closed set of values it accepts.
 * `parseCommandLine` checks them, so a missing or extra argument is a usage error on every command.
 */
export type ArgumentSpec = {
  readonly name: string;
  readonly isOptional?: boolean;
  readonly isVariadic?: boolean;
  readonly choices?: readonly string[];
};

/**
 * One CLI command. `path` is the words that select it (`['vm', 'create']`); `help` is a meow help text in
 * Usage/Options/Examples form; `flags` is a meow flag spec (type, default, isRequired, choices — checked by
 * `parseCommandLine`, which also checks `args`). A command that reports a result has a `json` flag and a published
 * schema `schemas/<path joined by '-'>.schema.json` for its document. `run` receives the positional arguments after the
 * path (and after `--` in `rest`) and returns the process exit code.
 */
export type Command<F extends AnyFlags = AnyFlags> = {
  readonly path: readonly string[];
  readonly description: string;
  readonly help: string;
  readonly flags: F;
  /** Positional arguments after the path; none when absent (then any extra word is a usage error). */
  readonly args?: readonly ArgumentSpec[];
  run(io: CommandIo, input: {args: readonly string[]; rest: readonly string[]; flags: Result<F>['flags']}): Promise<number>;
};

/** Identity helper that keeps the flag types of a command literal. */
export function defineCommand<F extends AnyFlags>(command: Command<F>): Command<F> {
  return command;
}
