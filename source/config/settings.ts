import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {isAbsolute, join, resolve} from 'node:path';
import {getAddress, isAddress, type Address, type Hex} from 'viem';
import {z} from 'zod';
import {ConfigError} from '../errors.js';
import {parseFixed18} from '../lib/decimal.js';
import {packageRoot} from '../lib/package-root.js';

/** Where golem keeps its files; every path is absolute. */
export type Paths = {
  readonly baseDir: string;
  readonly dbPath: string;
  readonly sshKeyDir: string;
  /** A key file the user named (GOLEM_REQUESTOR_SSH_KEY_PATH), or null to use/generate `<sshKeyDir>/golem_id_ed25519`. */
  readonly sshKeyPath: string | null;
  readonly walletKeyPath: string;
  readonly walletLockPath: string;
  readonly knownHostsPath: string;
  readonly devnetDir: string;
};

/** A payments network profile: which chain, RPC and contract streams live on (reference §2.3, §2.4). */
export type PaymentsProfile = {
  readonly name: string;
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly streamPaymentAddress: Address;
  readonly glmTokenAddress: Address;
  /** Fixed ETH/USD price (fixed18) that overrides the price source; the devnet always fixes it. */
  readonly ethUsdPriceFixed18: bigint | null;
  readonly discoveryUrl: string | null;
};

/** Everything golem reads from the environment, resolved once (precedence: env → defaults). */
export type AppConfig = {
  readonly paths: Paths;
  /** Discovery `golem_network` filter value (reference default `mainnet`). */
  readonly network: string;
  readonly paymentsNetwork: string;
  readonly discoveryDriver: 'central' | 'golem-base';
  /** Central discovery URL; `null` on the devnet profile when the devnet is not running (see `payments`). */
  readonly discoveryUrl: string | null;
  /** The payments profile, or a `ConfigError` explaining why it cannot be used (e.g. devnet not running). */
  readonly payments: PaymentsProfile | ConfigError;
  readonly ethUsdPriceUrl: string;
  readonly ethereumPrivateKey: Hex | null;
  /** Passphrase for an encrypted key named by GOLEM_REQUESTOR_SSH_KEY_PATH (GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE). */
  readonly sshKeyPassphrase: string | null;
  /** Port of a provider's API when its advert does not name one (real providers: 7466). */
  readonly defaultProviderPort: number;
  readonly providerTimeoutMs: number;
  /** `production` or `development` (reference §2.5, without the `DEVMODE-` URL bug). */
  readonly environment: 'production' | 'development';
  /** Golem Base discovery endpoints (reference §2.2) and the advert interval used for the "Updated" age (§5.2.5). */
  readonly golemBase: {readonly rpcUrl: string; readonly wsUrl: string; readonly advertisementIntervalSeconds: number};
  /** Auto top-up monitor policy (reference §2.2 `STREAM_MONITOR_*`, §8.2 with hysteresis). */
  readonly monitor: MonitorSettings;
  /** Testnet faucet and its Cap proof-of-work service (reference §9); `null` when the profile has none. */
  readonly faucet: FaucetSettings | null;
  /** Password of an encrypted wallet keystore, for scripts (GOLEM_REQUESTOR_WALLET_PASSWORD); `null` to prompt. */
  readonly walletPassword: string | null;
  /** Whether `golem version` may ask the npm registry for a newer release (GOLEM_REQUESTOR_NO_UPDATE_CHECK turns it off). */
  readonly updateCheck: boolean;
};

/**
 * Auto top-up policy. The monitor tops a stream up to `targetSeconds` of runway only when it falls below
 * `minRemainingSeconds`; `targetSeconds ≥ minRemainingSeconds + 3600` (hysteresis), so a VM costs about one
 * top-up per hour instead of one per pass (reference §8.2 bug).
 */
export type MonitorSettings = {
  readonly enabled: boolean;
  /** Seconds between passes (≥ 5). */
  readonly intervalSeconds: number;
  readonly minRemainingSeconds: number;
  readonly targetSeconds: number;
  /** Most the monitor may send in top-ups per rolling 24 h, in wei; `null` for no cap. */
  readonly spendCapWeiPerDay: bigint | null;
};

/** Faucet endpoints (reference §9): the faucet base URL (no `/api`), the Cap server and site key, the skip threshold. */
export type FaucetSettings = {
  readonly url: string;
  readonly captchaUrl: string;
  readonly captchaApiKey: string;
  /** Balance above which the faucet is skipped (reference: 0.01 ETH). */
  readonly thresholdWei: bigint;
};

export const DEFAULT_PROVIDER_PORT = 7466;
const DEFAULT_DISCOVERY_URL = 'http://195.201.39.101:9001';
const DEFAULT_ETH_USD_URL = 'https://api.coingecko.com/api/v3/simple/price?ids=ethereum&vs_currencies=usd';
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000' as Address;

/** Known public chains by profile name. */
const PUBLIC_PROFILES: Record<string, {chainId: number; rpcUrl: string; deployment: string}> = {
  'l2.holesky': {chainId: 393_530, rpcUrl: 'https://l2.holesky.golemdb.io/rpc', deployment: 'l2'},
};

/** The devnet's state file, written by `golem devnet up` (see `source/devnet/state.ts`). */
export const DevnetEndpoints = z.object({
  chainId: z.number().int(),
  rpcUrl: z.string().url(),
  discoveryUrl: z.string().url(),
  streamPaymentAddress: z.string().refine(isAddress),
  ethUsdPrice: z.string(),
});
export type DevnetEndpoints = z.infer<typeof DevnetEndpoints>;

/** Path of the devnet state file under a base dir. */
export function devnetStatePath(devnetDir: string): string {
  return join(devnetDir, 'state.json');
}

/** Deployment JSON (reference §2.4). */
const Deployment = z.object({
  StreamPayment: z.object({address: z.string().refine(isAddress), glmToken: z.string().refine(isAddress).optional()}),
});

/**
 * Env lookup that matches names case-insensitively, as the reference's settings do (§2.1). The first name
 * that is set wins.
 */
function envReader(env: NodeJS.ProcessEnv) {
  const byUpper = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !byUpper.has(key.toUpperCase())) byUpper.set(key.toUpperCase(), value);
  }
  return (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = byUpper.get(name.toUpperCase());
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  };
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function absolute(path: string): string {
  const expanded = expandHome(path);
  return isAbsolute(expanded) ? expanded : resolve(expanded);
}

/** Builds the golem paths from a base dir and the optional per-file overrides. */
export function resolvePaths(read: ReturnType<typeof envReader>): Paths {
  const baseDir = absolute(read('GOLEM_REQUESTOR_BASE_DIR') ?? join(homedir(), '.golem', 'requestor'));
  const sshKeyPath = read('GOLEM_REQUESTOR_SSH_KEY_PATH');
  return {
    baseDir,
    dbPath: absolute(read('GOLEM_REQUESTOR_DB_PATH') ?? join(baseDir, 'vms.db')),
    sshKeyDir: absolute(read('GOLEM_REQUESTOR_SSH_KEY_DIR') ?? join(baseDir, 'ssh')),
    sshKeyPath: sshKeyPath ? absolute(sshKeyPath) : null,
    walletKeyPath: join(baseDir, 'wallet', 'key.json'),
    walletLockPath: join(baseDir, 'wallet', 'tx.lock'),
    knownHostsPath: join(baseDir, 'ssh', 'known_hosts'),
    devnetDir: join(baseDir, 'devnet'),
  };
}

function readDeployment(basename: string, deploymentsDir: string | undefined): z.infer<typeof Deployment> | null {
  const candidates = [
    deploymentsDir && join(deploymentsDir, `${basename}.json`),
    join(packageRoot(), 'contracts', 'deployments', `${basename}.json`),
  ].filter((path): path is string => Boolean(path));
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const parsed = Deployment.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data;
  }
  return null;
}

function optionalAddress(value: string | undefined, name: string): Address | undefined {
  if (value === undefined) return undefined;
  if (!isAddress(value)) throw new ConfigError({shortMessage: `${name} is not an address: ${value}`});
  return getAddress(value);
}

function resolvePayments(
  read: ReturnType<typeof envReader>,
  paths: Paths,
  paymentsNetwork: string,
): PaymentsProfile | ConfigError {
  const rpcOverride = read(
    'GOLEM_REQUESTOR_L2_RPC_URL',
    'GOLEM_REQUESTOR_KAOLIN_RPC_URL',
    'GOLEM_REQUESTOR_POLYGON_RPC_URL',
  );
  const contractOverride = optionalAddress(read('GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS'), 'GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS');
  const tokenOverride = optionalAddress(read('GOLEM_REQUESTOR_GLM_TOKEN_ADDRESS'), 'GOLEM_REQUESTOR_GLM_TOKEN_ADDRESS');
  const ethUsdText = read('GOLEM_REQUESTOR_ETH_USD_PRICE');
  const ethUsdOverride = ethUsdText === undefined ? null : parseFixed18(ethUsdText);
  if (ethUsdText !== undefined && !ethUsdOverride) {
    return new ConfigError({shortMessage: `GOLEM_REQUESTOR_ETH_USD_PRICE must be a positive number, got '${ethUsdText}'.`});
  }

  if (paymentsNetwork === 'devnet') {
    const statePath = devnetStatePath(paths.devnetDir);
    const raw = existsSync(statePath) ? DevnetEndpoints.safeParse(JSON.parse(readFileSync(statePath, 'utf8'))) : null;
    if (!raw?.success) {
      return new ConfigError({
        shortMessage: `The devnet is not running (no state at ${statePath}).`,
        hint: 'Start it with `golem devnet up --detach`, using the same GOLEM_REQUESTOR_BASE_DIR.',
      });
    }
    return {
      name: 'devnet',
      chainId: raw.data.chainId,
      rpcUrl: rpcOverride ?? raw.data.rpcUrl,
      streamPaymentAddress: contractOverride ?? getAddress(raw.data.streamPaymentAddress),
      glmTokenAddress: tokenOverride ?? ZERO_ADDRESS,
      ethUsdPriceFixed18: ethUsdOverride ?? parseFixed18(raw.data.ethUsdPrice),
      discoveryUrl: raw.data.discoveryUrl,
    };
  }

  const known = PUBLIC_PROFILES[paymentsNetwork];
  if (!known) {
    return new ConfigError({
      shortMessage: `Unknown payments network '${paymentsNetwork}'.`,
      hint: `Set GOLEM_REQUESTOR_PAYMENTS_NETWORK to one of: ${[...Object.keys(PUBLIC_PROFILES), 'devnet'].join(', ')}.`,
    });
  }
  const deployment = readDeployment(known.deployment, read('GOLEM_DEPLOYMENTS_DIR'));
  const address = contractOverride ?? (deployment ? getAddress(deployment.StreamPayment.address) : undefined);
  if (!address || address === ZERO_ADDRESS) {
    return new ConfigError({
      shortMessage: `No StreamPayment deployment is known for '${paymentsNetwork}'.`,
      hint: 'Set GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS or GOLEM_DEPLOYMENTS_DIR.',
    });
  }
  return {
    name: paymentsNetwork,
    chainId: known.chainId,
    rpcUrl: rpcOverride ?? known.rpcUrl,
    streamPaymentAddress: address,
    glmTokenAddress: tokenOverride ?? getAddress(deployment?.StreamPayment.glmToken ?? ZERO_ADDRESS),
    ethUsdPriceFixed18: ethUsdOverride,
    discoveryUrl: null,
  };
}

/**
 * Reads golem's settings from `GOLEM_REQUESTOR_*` variables (names as in reference §2.2, matched
 * case-insensitively). Unlike the reference, BASE_DIR, DB_PATH and SSH_KEY_DIR all work, the wallet key is
 * never a constant, and an unknown payments network is an error rather than a silent fallback.
 *
 * Throws `ConfigError` for malformed values (bad address, bad driver).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const read = envReader(env);
  const paths = resolvePaths(read);
  const paymentsNetwork = (read('GOLEM_REQUESTOR_PAYMENTS_NETWORK') ?? 'l2.holesky').toLowerCase();
  const payments = resolvePayments(read, paths, paymentsNetwork);
  const driver = (read('GOLEM_REQUESTOR_DISCOVERY_DRIVER') ?? 'central').toLowerCase();
  if (driver !== 'central' && driver !== 'golem-base') {
    throw new ConfigError({
      shortMessage: `Unknown discovery driver '${driver}'.`,
      hint: 'Set GOLEM_REQUESTOR_DISCOVERY_DRIVER to central or golem-base.',
    });
  }
  const privateKey = read('GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY');
  if (privateKey !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
    throw new ConfigError({shortMessage: 'GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY must be 0x followed by 64 hex digits.'});
  }
  const devnetDiscovery = payments instanceof ConfigError ? null : payments.discoveryUrl;
  const environment = resolveEnvironment(env, read);
  const minRemainingSeconds = Math.max(integerSetting(read, 'GOLEM_REQUESTOR_STREAM_MIN_REMAINING_SECONDS', 3600), 0);
  const spendCapText = read('GOLEM_REQUESTOR_STREAM_MONITOR_SPEND_CAP_ETH');
  const spendCapWeiPerDay = spendCapText === undefined ? null : parseFixed18(spendCapText);
  if (spendCapText !== undefined && spendCapWeiPerDay === null) {
    throw new ConfigError({shortMessage: `GOLEM_REQUESTOR_STREAM_MONITOR_SPEND_CAP_ETH must be a positive ETH amount, got '${spendCapText}'.`});
  }
  const faucetUrl = read('GOLEM_REQUESTOR_L2_FAUCET_URL') ?? (paymentsNetwork === 'l2.holesky' ? 'https://l2.holesky.golemdb.io/faucet' : undefined);
  const golemBaseDevRpc = read('GOLEM_REQUESTOR_GOLEM_BASE_DEV_RPC_URL', 'GOLEM_BASE_DEV_RPC_URL');
  const golemBaseDevWs = read('GOLEM_REQUESTOR_GOLEM_BASE_DEV_WS_URL', 'GOLEM_BASE_DEV_WS_URL');
  const isDevelopment = environment === 'development';
  return {
    environment,
    golemBase: {
      rpcUrl: (isDevelopment && golemBaseDevRpc) || (read('GOLEM_REQUESTOR_GOLEM_BASE_RPC_URL') ?? 'https://ethwarsaw.holesky.golemdb.io/rpc'),
      wsUrl: (isDevelopment && golemBaseDevWs) || (read('GOLEM_REQUESTOR_GOLEM_BASE_WS_URL') ?? 'wss://ethwarsaw.holesky.golemdb.io/rpc/ws'),
      advertisementIntervalSeconds: integerSetting(read, 'GOLEM_REQUESTOR_ADVERTISEMENT_INTERVAL', 3600),
    },
    monitor: {
      enabled: booleanSetting(read, 'GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED', true),
      intervalSeconds: Math.max(integerSetting(read, 'GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS', 30), 5),
      minRemainingSeconds,
      targetSeconds: Math.max(integerSetting(read, 'GOLEM_REQUESTOR_STREAM_TOPUP_TARGET_SECONDS', 3600), minRemainingSeconds + 3600),
      spendCapWeiPerDay,
    },
    faucet: faucetUrl
      ? {
          url: faucetUrl.replace(/\/+$/, ''),
          captchaUrl: (read('GOLEM_REQUESTOR_CAPTCHA_URL') ?? 'https://cap.gobas.me').replace(/\/+$/, ''),
          captchaApiKey: read('GOLEM_REQUESTOR_CAPTCHA_API_KEY') ?? '05381a2cef5e',
          thresholdWei: 10n ** 16n,
        }
      : null,
    walletPassword: read('GOLEM_REQUESTOR_WALLET_PASSWORD') ?? null,
    updateCheck: !booleanSetting(read, 'GOLEM_REQUESTOR_NO_UPDATE_CHECK', false),
    paths,
    network: read('GOLEM_REQUESTOR_NETWORK') ?? 'mainnet',
    paymentsNetwork,
    discoveryDriver: driver,
    // The devnet profile never falls back to the public discovery server: its adverts would name other chains.
    discoveryUrl:
      read('GOLEM_REQUESTOR_DISCOVERY_URL') ?? devnetDiscovery ?? (paymentsNetwork === 'devnet' ? null : DEFAULT_DISCOVERY_URL),
    payments,
    ethUsdPriceUrl: read('GOLEM_REQUESTOR_ETH_USD_PRICE_URL') ?? DEFAULT_ETH_USD_URL,
    ethereumPrivateKey: (privateKey as Hex | undefined) ?? null,
    sshKeyPassphrase: read('GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE') ?? null,
    defaultProviderPort: Number(read('GOLEM_REQUESTOR_PROVIDER_PORT') ?? DEFAULT_PROVIDER_PORT),
    providerTimeoutMs: Number(read('GOLEM_REQUESTOR_PROVIDER_TIMEOUT_MS') ?? 10_000),
  };
}

/** `GOLEM_ENVIRONMENT` wins, then `golem_dev_mode` (exact lower-case name), then GOLEM_REQUESTOR_ENVIRONMENT (reference §2.1). */
function resolveEnvironment(env: NodeJS.ProcessEnv, read: ReturnType<typeof envReader>): 'production' | 'development' {
  const devMode = env['golem_dev_mode'];
  const value =
    env['GOLEM_ENVIRONMENT'] ||
    (devMode && /^(true|1|t)$/i.test(devMode) ? 'development' : undefined) ||
    read('GOLEM_REQUESTOR_ENVIRONMENT') ||
    'production';
  const normalized = value.toLowerCase();
  if (normalized !== 'production' && normalized !== 'development') {
    throw new ConfigError({shortMessage: `Unknown environment '${value}'.`, hint: 'Use production or development.'});
  }
  return normalized;
}

function integerSetting(read: ReturnType<typeof envReader>, name: string, fallback: number): number {
  const text = read(name);
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text.trim())) throw new ConfigError({shortMessage: `${name} must be a whole number, got '${text}'.`});
  return Number(text.trim());
}

function booleanSetting(read: ReturnType<typeof envReader>, name: string, fallback: boolean): boolean {
  const text = read(name)?.trim().toLowerCase();
  if (text === undefined) return fallback;
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(text)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(text)) return false;
  throw new ConfigError({shortMessage: `${name} must be true or false, got '${text}'.`});
}

/** Returns the payments profile or throws the `ConfigError` that explains why there is none. */
export function requirePayments(config: AppConfig): PaymentsProfile {
  if (config.payments instanceof ConfigError) throw config.payments;
  return config.payments;
}
