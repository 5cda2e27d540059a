/**
 * The composition root: the one place that builds adapters from settings and binds every service verb to them.
 * (It is the only module under `services/` that imports adapter implementations.) Adapters are loaded lazily so
 * that a command pays only for what it uses (design.md start-up budget).
 */
import type {AppConfig} from '../config/settings.js';
import {requirePayments} from '../config/settings.js';
import {ConfigError} from '../errors.js';
import {openDatabase} from '../adapters/db/database.js';
import {createCentralDiscovery} from '../adapters/discovery/central.js';
import {createEthUsdPriceSource} from '../adapters/prices/eth-usd.js';
import {createProviderApi} from '../adapters/provider/provider-client.js';
import {createSshKeyStore} from '../adapters/ssh/key-store.js';
import {createSshClient} from '../adapters/ssh/ssh-client.js';
import {createStreamPaymentClient} from '../adapters/chain/stream-payment.js';
import {loadOrCreateWalletKey} from '../adapters/wallet/wallet-key.js';
import type {ServiceContext, Wallet} from './context.js';
import type {DiscoveryClient, StreamPaymentClient} from './ports.js';
import type {Services} from './services.js';
import {bindServices} from './bind-services.js';

/** Options for tests and the devnet: shorter polling. */
export type CreateServicesOptions = {
  readonly timing?: ServiceContext['timing'];
};

/**
 * Builds the production `Services` for `config`. Opening the database is the only eager step (it migrates);
 * the wallet, the chain client and the price source are created on first use.
 *
 * Throws `StorageError` when the database cannot be opened or migrated.
 */
export function createServices(config: AppConfig, options: CreateServicesOptions = {}): Services {
  return bindServices(createServiceContext(config, options));
}

/** Builds the `ServiceContext` behind `createServices` (exported for service tests over real parts). */
export function createServiceContext(config: AppConfig, options: CreateServicesOptions = {}): ServiceContext {
  const db = openDatabase(config.paths.dbPath);
  let walletKey: ReturnType<typeof loadOrCreateWalletKey> | undefined;
  const loadWallet = () => (walletKey ??= loadOrCreateWalletKey({
    keyPath: config.paths.walletKeyPath,
    privateKeyOverride: config.ethereumPrivateKey,
  }));
  let payments: {profile: ReturnType<typeof requirePayments>; client: StreamPaymentClient} | undefined;
  return {
    config,
    db,
    discovery: createDiscovery(config),
    providerApi: (target) => createProviderApi({...target, timeoutMs: config.providerTimeoutMs}),
    prices: createEthUsdPriceSource({
      fixedFixed18: config.payments instanceof ConfigError ? null : config.payments.ethUsdPriceFixed18,
      url: config.ethUsdPriceUrl,
      timeoutMs: 5000,
    }),
    sshKeys: createSshKeyStore({
      sshKeyDir: config.paths.sshKeyDir,
      sshKeyPath: config.paths.sshKeyPath,
      passphrase: config.sshKeyPassphrase ?? undefined,
    }),
    ssh: createSshClient({knownHostsPath: config.paths.knownHostsPath, connectTimeoutMs: 10_000}),
    wallet: (): Wallet => {
      const {address, keyPath} = loadWallet();
      return {address, keyPath};
    },
    payments: () => {
      if (payments) return payments;
      const profile = requirePayments(config);
      const client = createStreamPaymentClient({
        rpcUrl: profile.rpcUrl,
        chainId: profile.chainId,
        contractAddress: profile.streamPaymentAddress,
        privateKey: loadWallet().privateKey,
        lockPath: config.paths.walletLockPath,
      });
      payments = {profile, client};
      return payments;
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    timing: options.timing ?? {pollIntervalMs: 1000, createTimeoutMs: 600_000},
  };
}

function createDiscovery(config: AppConfig): DiscoveryClient {
  const refuseWith = (error: ConfigError): DiscoveryClient => ({
    url: config.discoveryUrl ?? '',
    findProviders: async () => {
      throw error;
    },
  });
  if (config.discoveryDriver === 'golem-base') {
    return refuseWith(
      new ConfigError({
        shortMessage: 'The golem-base discovery driver is not supported yet.',
        hint: 'Use the central driver: GOLEM_REQUESTOR_DISCOVERY_DRIVER=central (the default).',
      }),
    );
  }
  if (config.discoveryUrl === null) {
    const error = config.payments instanceof ConfigError ? config.payments : new ConfigError({shortMessage: 'No discovery URL is set.'});
    return refuseWith(error);
  }
  return createCentralDiscovery({url: config.discoveryUrl, defaultPort: config.defaultProviderPort, timeoutMs: 10_000});
}
