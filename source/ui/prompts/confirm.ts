import {createInterface} from 'node:readline/promises';
import {InvalidInputError} from '../../errors.js';

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
  isInteractive,
}: {
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  question: string;
  skipFlag: string;
  isInteractive: boolean;
}): Promise<boolean> {
  if (!isInteractive) {
    throw new InvalidInputError({
      issues: ['This needs a confirmation, and stdin is not a terminal.'],
      hint: `Pass ${skipFlag} to confirm in scripts.`,
    });
  }
  const readline = createInterface({input: stdin, output: stderr, terminal: true});
  try {
    const answer = await readline.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    readline.close();
  }
}
