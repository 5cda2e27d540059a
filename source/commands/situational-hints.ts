/**
 * Makes an error's hint true where it happened (issue 14). Adapters and services write hints that fit the usual
 * case; the command knows the rest — which command ran, on which VM, whether a devnet runs in this base dir — and
 * rewrites the hint when the usual one would send the user the wrong way:
 * - RPC/discovery unreachable on a non-devnet profile while a devnet runs here → point at the devnet's profile.
 * - an SSH failure's literal `NAME` → the VM's name.
 * - "choose another provider" on a VM that already runs there (stop, start, destroy, ssh…) → what helps that VM.
 */
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {AppError} from '../errors.js';

/** What the command knows when an error reaches the top. */
export type HintSituation = {
  /** The command's words, e.g. `['vm', 'stop']`. */
  readonly path: readonly string[];
  readonly args: readonly string[];
  readonly paymentsNetwork: string | null;
  /** `<base dir>/devnet`, when settings could be read. */
  readonly devnetDir: string | null;
};

/** Commands that pick a provider; on any other, "choose another provider" is no help. */
const CHOOSES_PROVIDER = new Set(['vm create', 'vm stream open', 'vm providers']);

/** Whether a devnet's state file names a live process in `devnetDir`. */
export function isDevnetRunning(devnetDir: string): boolean {
  const path = join(devnetDir, 'state.json');
  if (!existsSync(path)) return false;
  try {
    const {pid} = JSON.parse(readFileSync(path, 'utf8')) as {pid?: unknown};
    if (typeof pid !== 'number') return false;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The hint `error` should carry in `situation` (its own when nothing better is known). Never throws. */
export function situationalHint(error: AppError, situation: HintSituation): string | undefined {
  try {
    const command = situation.path.join(' ');
    const hint = error.hint;
    const [name] = situation.args;
    if ((error.code === 'CHAIN' || error.code === 'DISCOVERY') && situation.paymentsNetwork !== 'devnet' && situation.devnetDir && isDevnetRunning(situation.devnetDir)) {
      return `A devnet is running in this base dir, but this run uses the ${situation.paymentsNetwork} payments network. To use the devnet: export GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet`;
    }
    if (error.code === 'SSH' && hint?.includes('NAME')) {
      return name && situation.path[0] === 'vm' ? hint.replaceAll('NAME', name) : hint.replace(/`golem vm info NAME`/, '`golem vm list`');
    }
    if (error.code === 'PROVIDER' && hint && /(choose|try|pick) another provider/i.test(hint) && !CHOOSES_PROVIDER.has(command)) {
      const vm = name && situation.path[0] === 'vm' ? ` '${name}'` : '';
      return `The VM${vm} lives on this provider, so another one does not help: try again later (\`golem vm info${vm ? ` ${name}` : ''}\` shows its state). Its stream keeps paying until stopped; \`golem vm stream terminate --stream-id N\` ends it without the provider.`;
    }
    return hint;
  } catch {
    return error.hint;
  }
}

/** `error` with the situational hint (a copy keeping code, message and cause), or `error` when nothing changed. */
export function withSituationalHint(error: unknown, situation: HintSituation): unknown {
  if (!(error instanceof AppError)) return error;
  const hint = situationalHint(error, situation);
  if (hint === error.hint) return error;
  Object.defineProperty(error, 'hint', {value: hint});
  return error;
}
