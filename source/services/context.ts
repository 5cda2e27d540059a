import type {AppConfig, PaymentsProfile} from '../config/settings.js';
import type {
  Database,
  DiscoveryClient,
  EthUsdPriceSource,
  ProviderApiFactory,
  SshClient,
  SshKeyStore,
  StreamPaymentClient,
} from './ports.js';

/** The requestor's wallet: the key that signs stream transactions. `keyPath` is null for an env-provided key. */
export type Wallet = {readonly address: `0x${string}`; readonly keyPath: string | null};

/**
 * Everything a service needs from the world, as plain objects of port interfaces. Built once by
 * `createServices` (production, devnet) or by tests over real local parts. Chain access is lazy so that
 * read-only commands that never touch the chain (vm list) do not need an RPC.
 */
export type ServiceContext = {
  readonly config: AppConfig;
  readonly db: Database;
  readonly discovery: DiscoveryClient;
  readonly providerApi: ProviderApiFactory;
  readonly prices: EthUsdPriceSource;
  readonly sshKeys: SshKeyStore;
  readonly ssh: SshClient;
  /** The wallet; created on first use (throws `ConfigError` for a refused key). */
  readonly wallet: () => Wallet;
  /** The payments profile and a StreamPayment client for it; throws `ConfigError` when there is none. */
  readonly payments: () => {profile: PaymentsProfile; client: StreamPaymentClient};
  /** Sleeps `ms` (polling); tests may shorten it. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Polling cadence and limits for VM creation. */
  readonly timing: {readonly pollIntervalMs: number; readonly createTimeoutMs: number};
};
