/**
 * Every setting golem reads, by name: the environment variables that set it (the first is its display name;
 * all are matched case-insensitively, reference §2.1) and whether its value is a secret that is never shown.
 * Names and meanings follow reference §2.2; the ones the reference lacks are marked "golem".
 */
export const SETTING_CATALOG = {
  baseDir: {env: ['GOLEM_REQUESTOR_BASE_DIR'], description: 'Where golem keeps its files'},
  dbPath: {env: ['GOLEM_REQUESTOR_DB_PATH'], description: 'SQLite database file'},
  sshKeyDir: {env: ['GOLEM_REQUESTOR_SSH_KEY_DIR'], description: "Directory of golem's own SSH key"},
  sshKeyPath: {env: ['GOLEM_REQUESTOR_SSH_KEY_PATH'], description: 'SSH private key to use instead of golem\'s own (golem)'},
  sshKeyPassphrase: {env: ['GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE'], isSecret: true, description: 'Passphrase of that SSH key (golem)'},
  environment: {
    // GOLEM_ENVIRONMENT wins, then the exact lower-case golem_dev_mode flag, then the prefixed name (§2.1).
    env: ['GOLEM_ENVIRONMENT', 'golem_dev_mode', 'GOLEM_REQUESTOR_ENVIRONMENT'],
    description: 'production or development (§2.5)',
  },
  network: {env: ['GOLEM_REQUESTOR_NETWORK'], description: 'golem_network discovery filter'},
  paymentsNetwork: {env: ['GOLEM_REQUESTOR_PAYMENTS_NETWORK'], description: 'Payments network profile'},
  discoveryDriver: {env: ['GOLEM_REQUESTOR_DISCOVERY_DRIVER'], description: 'central or golem-base'},
  discoveryUrl: {env: ['GOLEM_REQUESTOR_DISCOVERY_URL'], description: 'Central discovery server'},
  golemBaseRpcUrl: {env: ['GOLEM_REQUESTOR_GOLEM_BASE_RPC_URL'], description: 'Golem Base JSON-RPC (discovery)'},
  golemBaseWsUrl: {env: ['GOLEM_REQUESTOR_GOLEM_BASE_WS_URL'], description: 'Golem Base websocket (discovery)'},
  golemBaseDevRpcUrl: {
    env: ['GOLEM_REQUESTOR_GOLEM_BASE_DEV_RPC_URL', 'GOLEM_BASE_DEV_RPC_URL'],
    description: 'Golem Base RPC used in development',
  },
  golemBaseDevWsUrl: {
    env: ['GOLEM_REQUESTOR_GOLEM_BASE_DEV_WS_URL', 'GOLEM_BASE_DEV_WS_URL'],
    description: 'Golem Base websocket used in development',
  },
  advertisementInterval: {env: ['GOLEM_REQUESTOR_ADVERTISEMENT_INTERVAL'], description: 'Provider advert interval, seconds'},
  ethereumPrivateKey: {env: ['GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY'], isSecret: true, description: 'Wallet key (else the key file)'},
  walletPassword: {env: ['GOLEM_REQUESTOR_WALLET_PASSWORD'], isSecret: true, description: 'Password of an encrypted wallet key (golem)'},
  rpcUrl: {
    // The L2/KAOLIN aliases take precedence over the historical POLYGON name (§2.2).
    env: ['GOLEM_REQUESTOR_L2_RPC_URL', 'GOLEM_REQUESTOR_KAOLIN_RPC_URL', 'GOLEM_REQUESTOR_POLYGON_RPC_URL'],
    description: 'Payments chain JSON-RPC',
  },
  rpcBatchSize: {env: ['GOLEM_REQUESTOR_RPC_BATCH_SIZE'], description: 'Most JSON-RPC calls per batch request (golem)'},
  chainId: {env: ['GOLEM_REQUESTOR_CHAIN_ID'], description: 'Payments chain id, for a profile without one (golem)'},
  deploymentsDir: {env: ['GOLEM_DEPLOYMENTS_DIR'], description: 'Directory of <basename>.json deployments (§2.4)'},
  streamPaymentAddress: {env: ['GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS'], description: 'StreamPayment contract'},
  glmTokenAddress: {env: ['GOLEM_REQUESTOR_GLM_TOKEN_ADDRESS'], description: 'Stream token (zero = native ETH)'},
  ethUsdPrice: {env: ['GOLEM_REQUESTOR_ETH_USD_PRICE'], description: 'Fixed ETH/USD price (golem)'},
  ethUsdPriceUrl: {env: ['GOLEM_REQUESTOR_ETH_USD_PRICE_URL'], description: 'ETH/USD price source (golem)'},
  glmUsdPrice: {env: ['GOLEM_REQUESTOR_GLM_USD_PRICE'], description: 'Fixed GLM/USD price, ERC20 streams (golem)'},
  glmUsdPriceUrl: {env: ['GOLEM_REQUESTOR_GLM_USD_PRICE_URL'], description: 'GLM/USD price source (golem)'},
  streamMonitorEnabled: {env: ['GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED'], description: 'Auto top-up monitor on'},
  streamMonitorIntervalSeconds: {env: ['GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS'], description: 'Seconds between monitor passes'},
  streamMinRemainingSeconds: {env: ['GOLEM_REQUESTOR_STREAM_MIN_REMAINING_SECONDS'], description: 'Top up below this runway, seconds'},
  streamTopupTargetSeconds: {env: ['GOLEM_REQUESTOR_STREAM_TOPUP_TARGET_SECONDS'], description: 'Top up to this runway, seconds'},
  streamMonitorSpendCapEth: {env: ['GOLEM_REQUESTOR_STREAM_MONITOR_SPEND_CAP_ETH'], description: 'Most top-ups per 24 h, ETH (golem)'},
  runwayWarningHours: {env: ['GOLEM_REQUESTOR_RUNWAY_WARNING_HOURS'], description: 'Warn when the wallet funds running VMs for less, hours (golem)'},
  faucetUrl: {env: ['GOLEM_REQUESTOR_L2_FAUCET_URL'], description: 'Testnet faucet (without /api)'},
  captchaUrl: {env: ['GOLEM_REQUESTOR_CAPTCHA_URL'], description: 'Cap proof-of-work server'},
  captchaApiKey: {env: ['GOLEM_REQUESTOR_CAPTCHA_API_KEY'], isSecret: true, description: 'Cap site key'},
  providerPort: {env: ['GOLEM_REQUESTOR_PROVIDER_PORT'], description: 'Provider API port when an advert names none (golem)'},
  providerTimeoutMs: {env: ['GOLEM_REQUESTOR_PROVIDER_TIMEOUT_MS'], description: 'Provider API timeout, ms (golem)'},
  createDeadlineSeconds: {
    env: ['GOLEM_REQUESTOR_CREATE_DEADLINE_SECONDS'],
    description: 'A VM still not reachable this long after its create began is cancelled and its stream refunded, s (golem)',
  },
  noUpdateCheck: {env: ['GOLEM_REQUESTOR_NO_UPDATE_CHECK'], description: 'Never ask npm for a newer version (golem)'},
} as const satisfies Record<string, SettingSpec>;

/** How one setting is named and shown: `env` names in precedence order, `isSecret` hides the value. */
export type SettingSpec = {
  readonly env: readonly string[];
  readonly isSecret?: boolean;
  readonly description: string;
};

/** The name of a setting (`paymentsNetwork`, `baseDir`, …); flags override settings by this name. */
export type SettingKey = keyof typeof SETTING_CATALOG;

/** Every setting name, in the order `golem config` lists them. */
export const SETTING_KEYS = Object.keys(SETTING_CATALOG) as SettingKey[];

/** The variable a setting is shown as (its first env name). */
export function settingVariable(key: SettingKey): string {
  return SETTING_CATALOG[key].env[0];
}

/** Whether a setting's value is a secret (keys, passwords, passphrases) that is shown only as `(set)`/`(not set)`. */
export function isSecretSetting(key: SettingKey): boolean {
  const spec: SettingSpec = SETTING_CATALOG[key];
  return spec.isSecret === true;
}
