import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Address} from 'viem';
import {getAddress, isAddress, ZERO_ADDRESS as zeroAddress} from '../lib/address.js';
import {z} from './zod-mini.js';
import {ConfigError} from '../errors.js';
import {packageRoot} from '../lib/package-root.js';

/** Deployment JSON as the contracts' deploy script writes it (reference §2.4); other fields are ignored. */
export const DeploymentFile = z.object({
  StreamPayment: z.object({
    address: z.string().check(z.refine(isAddress, 'not an address')),
    glmToken: z.optional(z.string().check(z.refine(isAddress, 'not an address'))),
  }),
});

/** A usable deployment: the StreamPayment contract, its token (zero = native ETH) and the file it came from. */
export type Deployment = {
  readonly streamPaymentAddress: Address;
  readonly glmTokenAddress: Address;
  readonly path: string;
};

/** The folder of deployment files shipped with golem (`<package>/contracts/deployments`). */
export function packagedDeploymentsDir(): string {
  return join(packageRoot(), 'contracts', 'deployments');
}

/**
 * Finds `<basename>.json` (reference §2.4 order): first in `deploymentsDir` (GOLEM_DEPLOYMENTS_DIR) when set, then
 * in the package's `contracts/deployments`. Returns (never throws) a `ConfigError` when no file exists, when the
 * first file found is not valid deployment JSON (it is not skipped silently for an older one), or when its
 * contract is the zero address — the reference fell back to the zero address there and burned funds (§14.1 item 11).
 */
export function findDeployment(basename: string, deploymentsDir: string | null): Deployment | ConfigError {
  const candidates = [deploymentsDir && join(deploymentsDir, `${basename}.json`), join(packagedDeploymentsDir(), `${basename}.json`)]
    .filter((path): path is string => Boolean(path));
  const path = candidates.find((candidate) => existsSync(candidate));
  const fix = 'Set GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS, or GOLEM_DEPLOYMENTS_DIR to a folder holding ' + `${basename}.json.`;
  if (!path) {
    return new ConfigError({
      shortMessage: `No StreamPayment deployment '${basename}.json' (looked in ${candidates.join(', ')}).`,
      hint: fix,
    });
  }
  let parsed: z.infer<typeof DeploymentFile>;
  try {
    const result = DeploymentFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!result.success) throw new Error(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    parsed = result.data;
  } catch (error) {
    return new ConfigError({
      shortMessage: `The deployment file ${path} is not valid (${error instanceof Error ? error.message : String(error)}).`,
      hint: fix,
      cause: error,
    });
  }
  const streamPaymentAddress = getAddress(parsed.StreamPayment.address);
  if (streamPaymentAddress === zeroAddress) {
    return new ConfigError({shortMessage: `The deployment file ${path} names the zero address as StreamPayment.`, hint: fix});
  }
  return {streamPaymentAddress, glmTokenAddress: getAddress(parsed.StreamPayment.glmToken ?? zeroAddress), path};
}
