import {createInterface} from 'node:readline/promises';
import {CancelledError, UsageError} from '../../errors.js';

/**
 * Checks, before any work, that a confirmation could be asked: stdin is a terminal and the command is not under
 * `--json` (which never prompts, issue 14). Throws `UsageError` (exit 2) naming `skipFlag` otherwise.
 */
export function assertCanConfirm({stdin, isJson = false}: {stdin: {isTTY?: boolean}; isJson?: boolean | undefined}, skipFlag: string): void {
  if (isJson) {
    throw new UsageError({shortMessage: 'This needs a confirmation, and --json never prompts.', hint: `Pass ${skipFlag} with --json.`});
  }
  if (!stdin.isTTY) {
    throw new UsageError({shortMessage: 'This needs a confirmation, and stdin is not a terminal.', hint: `Pass ${skipFlag} to confirm in scripts.`});
  }
}

/**
 * Asks a yes/no question on the terminal (answer on stderr so stdout stays clean); default No.
 * Refuses without a TTY, and under `--json` (which never prompts, issue 14), naming the flag that skips the prompt
 * (Shopify's non-TTY rule, case-09).
 *
 * Throws `UsageError` (exit 2) when stdin is not a terminal or `isJson`.
 */
export async function confirm({
  stdin,
  stderr,
  question,
  skipFlag,
  isJson = false,
}: {
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  question: string;
  skipFlag: string;
  isJson?: boolean | undefined;
}): Promise<boolean> {
  assertCanConfirm({stdin, isJson}, skipFlag);
  const readline = createInterface({input: stdin, output: stderr, terminal: true});
  // Ctrl-D (end of input) answers No; Ctrl-C interrupts (exit 130) — neither is an error with a stack.
  const closed = new Promise<string>((resolve) => readline.once('close', () => resolve('')));
  const interrupted = new Promise<never>((_resolve, reject) =>
    readline.once('SIGINT', () => reject(new CancelledError({isInterrupt: true, shortMessage: '\nInterrupted; nothing was done.'}))),
  );
  try {
    const answer = await Promise.race([readline.question(`${question} [y/N] `).catch(() => ''), closed, interrupted]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    readline.close();
  }
}
