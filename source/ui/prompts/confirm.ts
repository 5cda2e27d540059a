import {createInterface} from 'node:readline/promises';
import {CancelledError, InvalidInputError} from '../../errors.js';

/**
 * Asks a yes/no question on the terminal (answer on stderr so stdout stays clean); default No.
 * Refuses without a TTY and names the flag that skips the prompt (Shopify's non-TTY rule, case-09).
 *
 * Throws `InvalidInputError` when stdin is not a terminal.
 */
export async function confirm({
  stdin,
  stderr,
  question,
  skipFlag,
}: {
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  question: string;
  skipFlag: string;
}): Promise<boolean> {
  if (!stdin.isTTY) {
    throw new InvalidInputError({
      issues: ['This needs a confirmation, and stdin is not a terminal.'],
      hint: `Pass ${skipFlag} to confirm in scripts.`,
    });
  }
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
