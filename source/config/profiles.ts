import {ConfigError} from '../errors.js';

/**
 * A payments network profile as data (reference §2.3 and the contracts README facts it quotes). `null` means
 * "this network has none": no chain id or RPC known (mainnet), no faucet, no shipped deployment. The devnet's
 * chain, RPC and contract come from its state file instead (`devnet-profile.ts`).
 */
export type NetworkProfile = {
  readonly name: string;
  /** `testnet` profiles may use a faucet; `devnet` reads the local network's state file. */
  readonly kind: 'testnet' | 'mainnet' | 'devnet';
  readonly chainId: number | null;
  readonly rpcUrl: string | null;
  readonly wsUrl: string | null;
  /** Faucet base URL without `/api` (reference §9), or `null` when the network has no faucet. */
  readonly faucetUrl: string | null;
  /** Block explorer base URL (for tx links: `<explorerUrl>/tx/<hash>`). */
  readonly explorerUrl: string | null;
  /** Basename of the deployment file (§2.4), or `null` when the profile does not use deployment files (devnet). */
  readonly deployment: string | null;
  /** Discovery driver when none is set: the reference default `golem-base`, `central` on the devnet. */
  readonly discoveryDriver: 'central' | 'golem-base';
  /**
   * Most JSON-RPC calls golem puts in one batch request when it does not know better (GOLEM_REQUESTOR_RPC_BATCH_SIZE
   * overrides it): small for public endpoints, which cap or refuse batches (issue 11 item 8).
   */
  readonly rpcBatchSize: number;
};

/** Every payments network golem knows, by lower-case name. */
export const NETWORK_PROFILES: Readonly<Record<string, NetworkProfile>> = {
  'l2.holesky': {
    name: 'l2.holesky',
    kind: 'testnet',
    chainId: 393_530,
    rpcUrl: 'https://l2.holesky.golemdb.io/rpc',
    wsUrl: 'wss://l2.holesky.golemdb.io/rpc/ws',
    faucetUrl: 'https://l2.holesky.golemdb.io/faucet',
    explorerUrl: 'https://explorer.l2.holesky.golemdb.io',
    deployment: 'l2',
    discoveryDriver: 'golem-base',
    rpcBatchSize: 20,
  },
  'kaolin.holesky': {
    name: 'kaolin.holesky',
    kind: 'testnet',
    chainId: 60_138_453_025,
    rpcUrl: 'https://kaolin.holesky.golemdb.io/rpc',
    wsUrl: 'wss://kaolin.holesky.golemdb.io/rpc/ws',
    faucetUrl: 'https://kaolin.holesky.golemdb.io/faucet',
    explorerUrl: 'https://explorer.kaolin.holesky.golemdb.io',
    deployment: 'kaolin',
    discoveryDriver: 'golem-base',
    rpcBatchSize: 20,
  },
  mainnet: {
    name: 'mainnet',
    kind: 'mainnet',
    chainId: null,
    rpcUrl: null,
    wsUrl: null,
    faucetUrl: null,
    explorerUrl: null,
    deployment: 'mainnet',
    discoveryDriver: 'golem-base',
    rpcBatchSize: 20,
  },
  devnet: {
    name: 'devnet',
    kind: 'devnet',
    chainId: null,
    rpcUrl: null,
    wsUrl: null,
    faucetUrl: null,
    explorerUrl: null,
    deployment: null,
    discoveryDriver: 'central',
    rpcBatchSize: 100,
  },
};

/** The default payments network (reference §2.2). */
export const DEFAULT_PAYMENTS_NETWORK = 'l2.holesky';

/** Names of every known profile, in declaration order. */
export function knownProfileNames(): string[] {
  return Object.keys(NETWORK_PROFILES);
}

/**
 * The profile called `name` (case-insensitive, surrounding spaces ignored).
 *
 * Throws `ConfigError` listing the known names for any other name — the reference silently reused the
 * l2.holesky RPC and faucet instead (reference §2.3, §14.1 item 13). `origin` names where the value came from.
 */
export function findProfile(name: string, origin = 'GOLEM_REQUESTOR_PAYMENTS_NETWORK'): NetworkProfile {
  const profile = NETWORK_PROFILES[name.trim().toLowerCase()];
  if (!profile) {
    throw new ConfigError({
      shortMessage: `Unknown payments network '${name}' (from ${origin}).`,
      hint: `Use one of: ${knownProfileNames().join(', ')}.`,
    });
  }
  return profile;
}

/**
 * The deployment file basename for a payments network name (reference §2.4): `l2` and `l2.holesky` → `l2`; a
 * dotted name → the part before the first dot (`kaolin.holesky` → `kaolin`); empty → `l2`; else the name.
 */
export function deploymentBasename(paymentsNetwork: string): string {
  const name = paymentsNetwork.trim().toLowerCase();
  if (name === '' || name === 'l2' || name === 'l2.holesky') return 'l2';
  const dot = name.indexOf('.');
  return dot === -1 ? name : name.slice(0, dot);
}
