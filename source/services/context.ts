import type {AppConfig, PaymentsProfile} from '../config/settings.js';
import type {
  Database,
  DiscoveryClient,
  EthUsdPriceSource,
  TokenUsdPriceSource,
  FundingLease,
  ProviderApiFactory,
  SshClient,
  SshConfigFile,
  SshKeyStore,
  StreamPaymentClient,
} from './ports.js';
import type {LedgerChainReader} from './ledger/ledger-port.js';
import type {FaucetGateway} from './wallet/faucet-port.js';

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
  /** A discovery client for another driver than the configured one (`golem vm providers --driver`); optional. */
  readonly discoveryForDriver?: ((driver: AppConfig['discoveryDriver']) => DiscoveryClient) | undefined;
  readonly providerApi: ProviderApiFactory;
  readonly prices: EthUsdPriceSource;
  /** GLM/USD for ERC20 streams (reference §6.7); absent: only a fixed price (GOLEM_REQUESTOR_GLM_USD_PRICE) works. */
  readonly tokenPrices?: TokenUsdPriceSource | undefined;
  readonly sshKeys: SshKeyStore;
  readonly ssh: SshClient;
  /** golem's OpenSSH config (`golem ssh-config --write`), kept current after creates, moves and destroys; absent in tests that do not need it. */
  readonly sshConfigFile?: SshConfigFile | undefined;
  /** The wallet; created on first use (throws `ConfigError` for a refused key). */
  readonly wallet: () => Wallet;
  /** The payments profile and a StreamPayment client for it; throws `ConfigError` when there is none. */
  readonly payments: () => {profile: PaymentsProfile; client: StreamPaymentClient};
  /** The testnet faucet and its Cap proof of work, built on first use; absent when not wired (tests). */
  readonly faucet?: (() => FaucetGateway) | undefined;
  /** Read-only chain access for `golem ledger` (events, receipts, past balances); built on first use; absent in some tests. */
  readonly ledgerReader?: (() => LedgerChainReader) | undefined;
  /** Sleeps `ms` (polling); tests may shorten it. */
  readonly sleep: (ms: number) => Promise<void>;
  /** The cross-process funding lease the auto top-up monitor takes before sending (one funder per wallet). */
  readonly fundingLease: FundingLease;
  /** Polling cadence and limits for VM creation. */
  readonly timing: {readonly pollIntervalMs: number; readonly createTimeoutMs: number};
};
