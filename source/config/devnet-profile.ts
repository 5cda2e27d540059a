import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {isAddress} from '../lib/address.js';
import {z} from './zod-mini.js';
import {ConfigError} from '../errors.js';

/** The devnet's state file, written by `golem devnet up` (see `source/devnet/state.ts`). */
export const DevnetEndpoints = z.object({
  chainId: z.int(),
  rpcUrl: z.url(),
  discoveryUrl: z.url(),
  streamPaymentAddress: z.string().check(z.refine(isAddress)),
  /** ETH/USD as a decimal USD string (the devnet fixes the price). */
  ethUsdPrice: z.string(),
  /** The devnet's TestToken (ERC20 streams, reference §6.7); absent in state files written before it existed. */
  glmTokenAddress: z.optional(z.string().check(z.refine(isAddress))),
  /** GLM/USD (the TestToken's price) as a decimal USD string, fixed like ETH/USD. */
  glmUsdPrice: z.optional(z.string()),
});
export type DevnetEndpoints = z.infer<typeof DevnetEndpoints>;

/** Path of the devnet state file under a devnet dir (`<baseDir>/devnet`). */
export function devnetStatePath(devnetDir: string): string {
  return join(devnetDir, 'state.json');
}

/**
 * Reads the running devnet's endpoints from `<devnetDir>/state.json`. Returns (never throws) a `ConfigError` that
 * says how to start the devnet when the file is missing or unreadable.
 */
export function readDevnetEndpoints(devnetDir: string): DevnetEndpoints | ConfigError {
  const statePath = devnetStatePath(devnetDir);
  const notRunning = (cause?: unknown) =>
    new ConfigError({
      shortMessage: `The devnet is not running (no state at ${statePath}).`,
      hint: 'Start it with `golem devnet up --detach`, using the same GOLEM_REQUESTOR_BASE_DIR.',
      cause,
    });
  if (!existsSync(statePath)) return notRunning();
  try {
    const parsed = DevnetEndpoints.safeParse(JSON.parse(readFileSync(statePath, 'utf8')));
    return parsed.success ? parsed.data : notRunning(parsed.error);
  } catch (error) {
    return notRunning(error);
  }
}
