import {join} from 'node:path';
import type {Hex} from 'viem';
import {ConfigError} from '../errors.js';
import {parseFixed18} from '../lib/decimal.js';
import {readDotenvFile} from './dotenv-file.js';
import {resolvePayments, type PaymentsProfile} from './payments.js';
import {resolveBaseDir, resolvePaths, type Paths} from './paths.js';
import {DEFAULT_PAYMENTS_NETWORK, findProfile, type NetworkProfile} from './profiles.js';
import {createSettingReader, type ResolvedSetting, type SettingFlags, type SettingReader} from './setting-reader.js';
import {booleanSetting, choiceSetting, integerSetting, malformedSetting, textSetting} from './setting-values.js';

export {DevnetEndpoints, devnetStatePath} from './devnet-profile.js';
export {resolvePaths} from './paths.js';
export type {Paths} from './paths.js';
export type {PaymentsProfile} from './payments.js';
export type {NetworkProfile} from './profiles.js';
export type {ResolvedSetting, SettingFlags, SettingSource} from './setting-reader.js';

/**
 * Everything golem reads from flags, the environment and `<baseDir>/.env`, resolved once (precedence: flag > env >
 * file > profile/devnet > default; `effectiveSettings` says which won for each setting).
 */
export type AppConfig = {
  readonly paths: Paths;
  /** Discovery `golem_network` filter value (reference default `mainnet`; `development` in development mode). */
  readonly network: string;
  /** The payments network profile name (lower case), e.g. `l2.holesky`, `kaolin.holesky`, `mainnet`, `devnet`. */
  readonly paymentsNetwork: string;
  /** The payments network profile as data (chain, URLs, faucet, explorer, deployment basename). */
  readonly networkProfile: NetworkProfile;
  /** `golem-base` by default (reference §2.2); `central` on the devnet profile. */
  readonly discoveryDriver: 'central' | 'golem-base';
  /** Central discovery URL; `null` on the devnet profile when the devnet is not running (see `payments`). */
  readonly discoveryUrl: string | null;
  /** The payments profile, or a `ConfigError` explaining why it cannot be used (e.g. devnet not running). */
  readonly payments: PaymentsProfile | ConfigError;
  readonly ethUsdPriceUrl: string;
  /** GLM/USD price source for ERC20 streams (GOLEM_REQUESTOR_GLM_USD_PRICE_URL; CoinGecko id `golem`). */
  readonly glmUsdPriceUrl: string;
  readonly ethereumPrivateKey: Hex | null;
  /** Passphrase for an encrypted key named by GOLEM_REQUESTOR_SSH_KEY_PATH (GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE). */
  readonly sshKeyPassphrase: string | null;
  /** Port of a provider's API when its advert does not name one (real providers: 7466). */
  readonly defaultProviderPort: number;
  readonly providerTimeoutMs: number;
  /**
   * Seconds a create may take from its intent to SSH answering (GOLEM_REQUESTOR_CREATE_DEADLINE_SECONDS, default
   * 300); past it the VM is deleted at the provider and its stream ended, by the create or by reconcile (issue 11).
   */
  readonly createDeadlineSeconds: number;
  /**
   * `production` or `development` (reference §2.5, without the `DEVMODE-` URL bug). Development switches the Golem
   * Base URLs to the dev ones when set and the default `network` filter to `development`; whether adverts' IPs
   * become `localhost` is for the discovery code to decide from this value.
   */
  readonly environment: 'production' | 'development';
  /** Golem Base discovery endpoints (reference §2.2) and the advert interval used for the "Updated" age (§5.2.5). */
  readonly golemBase: {readonly rpcUrl: string; readonly wsUrl: string; readonly advertisementIntervalSeconds: number};
  /** Auto top-up monitor policy (reference §2.2 `STREAM_MONITOR_*`, §8.2 with hysteresis). */
  readonly monitor: MonitorSettings;
  /**
   * The user's horizon for the wallet's runway, seconds (GOLEM_REQUESTOR_RUNWAY_WARNING_HOURS, default 72 h): `golem
   * wallet`, the dashboard and the monitor warn when the wallet cannot keep the running VMs funded that long.
   */
  readonly runwayWarningSeconds: number;
  /** Testnet faucet and its Cap proof-of-work service (reference §9); `null` when the profile has none. */
  readonly faucet: FaucetSettings | null;
  /** Password of an encrypted wallet keystore, for scripts (GOLEM_REQUESTOR_WALLET_PASSWORD); `null` to prompt. */
  readonly walletPassword: string | null;
  /** Whether `golem version` may ask the npm registry for a newer release (GOLEM_REQUESTOR_NO_UPDATE_CHECK turns it off). */
  readonly updateCheck: boolean;
  /** Every setting with its effective value and source, secrets masked, in a stable order (for `golem config`). */
  readonly effectiveSettings: readonly ResolvedSetting[];
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
  /** Balance above which the faucet is skipped, in wei (reference: 0.01 ETH). */
  readonly thresholdWei: bigint;
};

/** Options of `loadConfig`. */
export type LoadConfigOptions = {
  /** Command-line overrides keyed by setting name (`{paymentsNetwork: 'devnet', network: 'testnet'}`); they beat env. */
  readonly flags?: SettingFlags;
};

/** Port of a provider's API when its advert names none (reference §2.2 derived: `http://<ip>:7466`). */
export const DEFAULT_PROVIDER_PORT = 7466;
const DEFAULT_DISCOVERY_URL = 'http://195.201.39.101:9001';
const DEFAULT_ETH_USD_URL = 'https://api.coingecko.com/api/v3/simple/price?ids=ethereum&vs_currencies=usd';
const DEFAULT_GOLEM_BASE_RPC_URL = 'https://ethwarsaw.holesky.golemdb.io/rpc';
const DEFAULT_GOLEM_BASE_WS_URL = 'wss://ethwarsaw.holesky.golemdb.io/rpc/ws';
const DEFAULT_CAPTCHA_URL = 'https://cap.gobas.me';
const DEFAULT_CAPTCHA_API_KEY = '05381a2cef5e';
const FAUCET_THRESHOLD_WEI = 10n ** 16n;

/**
 * Reads golem's settings (names as in reference §2.2, env names matched case-insensitively) with precedence
 * flag (`options.flags`) > process env > `<baseDir>/.env` > profile/devnet > default, recording each value's
 * source in `effectiveSettings`. Unlike the reference, BASE_DIR, DB_PATH and SSH_KEY_DIR all work, `<baseDir>/.env`
 * is read, the wallet key is never a constant, an unknown payments network is an error rather than a silent
 * fallback, and no profile ever pays the zero address (reference §14.1 items 11, 13).
 *
 * Throws `ConfigError` naming the variable (and file or flag) for a malformed value: unknown payments network
 * (listing the known ones), bad address, driver, boolean, number or private key.
 *
 * @example
 * const config = loadConfig(process.env, {flags: {paymentsNetwork: 'devnet'}});
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): AppConfig {
  const flags = options.flags ?? {};
  const file = readDotenvFile(join(resolveBaseDir(createSettingReader({env, flags})), '.env'));
  const reader = createSettingReader({env, flags, file});
  const paths = resolvePaths(reader);
  const environment = resolveEnvironment(reader);
  const profile = resolveProfile(reader);
  const payments = resolvePayments(reader, profile, paths);
  const isDevnet = profile.kind === 'devnet';
  const discoveryDriver = choiceSetting(reader, 'discoveryDriver', ['central', 'golem-base'] as const, profile.discoveryDriver, isDevnet ? 'profile' : 'default');
  const devnetDiscovery = payments instanceof ConfigError ? null : payments.discoveryUrl;
  // The devnet profile never falls back to the public discovery server: its adverts would name other chains.
  const discoveryUrl = textSetting(
    reader,
    'discoveryUrl',
    devnetDiscovery ?? (isDevnet ? null : DEFAULT_DISCOVERY_URL),
    devnetDiscovery ? 'devnet' : 'default',
  );
  const network = textSetting(reader, 'network', environment === 'development' ? 'development' : 'mainnet');
  return {
    paths,
    network,
    paymentsNetwork: profile.name,
    networkProfile: profile,
    discoveryDriver,
    discoveryUrl,
    payments,
    ethUsdPriceUrl: textSetting(reader, 'ethUsdPriceUrl', DEFAULT_ETH_USD_URL),
    glmUsdPriceUrl: textSetting(reader, 'glmUsdPriceUrl', 'https://api.coingecko.com/api/v3/simple/price?ids=golem&vs_currencies=usd'),
    ethereumPrivateKey: resolvePrivateKey(reader),
    sshKeyPassphrase: secretSetting(reader, 'sshKeyPassphrase'),
    defaultProviderPort: resolvePort(reader),
    providerTimeoutMs: integerSetting(reader, 'providerTimeoutMs', 10_000, 1),
    createDeadlineSeconds: integerSetting(reader, 'createDeadlineSeconds', 300, 1),
    environment,
    golemBase: resolveGolemBase(reader, environment),
    monitor: resolveMonitor(reader),
    runwayWarningSeconds: integerSetting(reader, 'runwayWarningHours', 72, 0) * 3600,
    faucet: resolveFaucet(reader, profile),
    walletPassword: secretSetting(reader, 'walletPassword'),
    updateCheck: !booleanSetting(reader, 'noUpdateCheck', false),
    effectiveSettings: reader.entries(),
  };
}

/** Returns the payments profile or throws the `ConfigError` that explains why there is none. */
export function requirePayments(config: AppConfig): PaymentsProfile {
  if (config.payments instanceof ConfigError) throw config.payments;
  return config.payments;
}

/**
 * `GOLEM_ENVIRONMENT` wins, then `golem_dev_mode` (exact lower-case name; `true|1|t` means development, other values
 * are ignored), then GOLEM_REQUESTOR_ENVIRONMENT (reference §2.1) — per layer, flag > env > file.
 */
function resolveEnvironment(reader: SettingReader): 'production' | 'development' {
  const raw = reader.raw('environment', (match) => match.name !== 'golem_dev_mode' || /^(true|1|t)$/i.test(match.text.trim()));
  if (!raw) {
    reader.record('environment', 'production', 'default');
    return 'production';
  }
  const word = raw.name === 'golem_dev_mode' ? 'development' : raw.text.trim().toLowerCase();
  if (word !== 'production' && word !== 'development') throw malformedSetting(raw, 'production or development');
  reader.record('environment', word, raw.source);
  return word;
}

function resolveProfile(reader: SettingReader): NetworkProfile {
  const raw = reader.raw('paymentsNetwork');
  const profile = findProfile(raw?.text ?? DEFAULT_PAYMENTS_NETWORK, raw?.origin ?? 'the default');
  reader.record('paymentsNetwork', profile.name, raw ? raw.source : 'default');
  return profile;
}

/** A secret kept verbatim (spaces may belong to a password); recorded masked. */
function secretSetting(reader: SettingReader, key: 'sshKeyPassphrase' | 'walletPassword'): string | null {
  const raw = reader.raw(key);
  reader.record(key, raw ? raw.text : null, raw ? raw.source : 'default');
  return raw ? raw.text : null;
}

function resolvePrivateKey(reader: SettingReader): Hex | null {
  const raw = reader.raw('ethereumPrivateKey');
  reader.record('ethereumPrivateKey', raw ? 'set' : null, raw ? raw.source : 'default');
  if (!raw) return null;
  const text = raw.text.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) throw malformedSetting(raw, '0x followed by 64 hex digits', {isSecret: true});
  return text as Hex;
}

function resolvePort(reader: SettingReader): number {
  const port = integerSetting(reader, 'providerPort', DEFAULT_PROVIDER_PORT);
  const raw = reader.raw('providerPort');
  if (raw && (port < 1 || port > 65_535)) throw malformedSetting(raw, 'a port number (1–65535)');
  return port;
}

/** In development the dev URLs replace the Golem Base ones when set (reference §2.2, §2.5). */
function resolveGolemBase(reader: SettingReader, environment: 'production' | 'development'): AppConfig['golemBase'] {
  const devRpc = textSetting(reader, 'golemBaseDevRpcUrl', null);
  const devWs = textSetting(reader, 'golemBaseDevWsUrl', null);
  const isDevelopment = environment === 'development';
  const rpcUrl = isDevelopment && devRpc ? devRpc : textSetting(reader, 'golemBaseRpcUrl', DEFAULT_GOLEM_BASE_RPC_URL);
  const wsUrl = isDevelopment && devWs ? devWs : textSetting(reader, 'golemBaseWsUrl', DEFAULT_GOLEM_BASE_WS_URL);
  const devSource = (key: 'golemBaseDevRpcUrl' | 'golemBaseDevWsUrl') => reader.raw(key)?.source ?? 'default';
  if (isDevelopment && devRpc) reader.record('golemBaseRpcUrl', devRpc, devSource('golemBaseDevRpcUrl'));
  if (isDevelopment && devWs) reader.record('golemBaseWsUrl', devWs, devSource('golemBaseDevWsUrl'));
  return {rpcUrl, wsUrl, advertisementIntervalSeconds: integerSetting(reader, 'advertisementInterval', 3600, 1)};
}

function resolveMonitor(reader: SettingReader): MonitorSettings {
  const minRemainingSeconds = integerSetting(reader, 'streamMinRemainingSeconds', 3600, 0);
  const requestedTarget = integerSetting(reader, 'streamTopupTargetSeconds', 3600);
  const targetSeconds = Math.max(requestedTarget, minRemainingSeconds + 3600);
  const targetRaw = reader.raw('streamTopupTargetSeconds');
  reader.record('streamTopupTargetSeconds', targetSeconds, targetRaw ? targetRaw.source : 'default');
  const capRaw = reader.raw('streamMonitorSpendCapEth');
  const spendCapWeiPerDay = capRaw ? parseFixed18(capRaw.text) : null;
  if (capRaw && !spendCapWeiPerDay) throw malformedSetting(capRaw, 'a positive ETH amount');
  reader.record('streamMonitorSpendCapEth', capRaw ? capRaw.text.trim() : null, capRaw ? capRaw.source : 'default');
  return {
    enabled: booleanSetting(reader, 'streamMonitorEnabled', true),
    intervalSeconds: integerSetting(reader, 'streamMonitorIntervalSeconds', 30, 5),
    minRemainingSeconds,
    targetSeconds,
    spendCapWeiPerDay,
  };
}

/**
 * The faucet: the profile's (testnets), or GOLEM_REQUESTOR_L2_FAUCET_URL on a testnet or the devnet (a local
 * faucet for tests). Never on mainnet. Trailing slashes are dropped (the reference's URL has one, §2.3).
 */
function resolveFaucet(reader: SettingReader, profile: NetworkProfile): FaucetSettings | null {
  const captchaUrl = textSetting(reader, 'captchaUrl', DEFAULT_CAPTCHA_URL).replace(/\/+$/, '');
  const captchaApiKey = textSetting(reader, 'captchaApiKey', DEFAULT_CAPTCHA_API_KEY);
  if (profile.kind === 'mainnet') {
    reader.record('faucetUrl', null, 'profile');
    return null;
  }
  const url = textSetting(reader, 'faucetUrl', profile.faucetUrl, 'profile');
  if (!url) return null;
  return {url: url.replace(/\/+$/, ''), captchaUrl, captchaApiKey, thresholdWei: FAUCET_THRESHOLD_WEI};
}
