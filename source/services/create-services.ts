/**
 * The composition root: the one place that builds adapters from settings and binds every service verb to them.
 * (With `lazy-create-services.ts` the only modules under `services/` that import adapter implementations.) This
 * module imports every adapter eagerly; commands reach it through `createLazyServices`, which opens the database
 * first and imports this module on the first call that needs more (design.md start-up budget, issue 7).
 */
import {dirname, join} from 'node:path';
import type {AppConfig} from '../config/settings.js';
import {requirePayments} from '../config/settings.js';
import {ConfigError} from '../errors.js';
import {openDatabase} from '../adapters/db/database.js';
import {createCentralDiscovery} from '../adapters/discovery/central.js';
import {createGolemBaseDiscovery} from '../adapters/discovery/golem-base.js';
import {createEthUsdPriceSource} from '../adapters/prices/eth-usd.js';
import {createGlmUsdPriceSource} from '../adapters/prices/glm-usd.js';
import {createProviderApi} from '../adapters/provider/provider-client.js';
import {createLazySshClient, createLazySshKeyStore} from '../adapters/ssh/lazy-ssh.js';
import {createSshConfigFile} from '../adapters/ssh/ssh-config-file.js';
import {sshConfigFile} from '../config/paths.js';
import {createLedgerReader} from '../adapters/chain/ledger-reader.js';
import {createStreamPaymentClient} from '../adapters/chain/stream-payment.js';
import {createFundingLease} from '../adapters/lease/funding-lease.js';
import {lazyWalletAccount, readWalletAddress} from '../adapters/wallet/wallet-account.js';
import {createFaucetGateway} from '../adapters/faucet/faucet-gateway.js';
import type {ServiceContext, Wallet} from './context.js';
import type {Database, DiscoveryClient, StreamPaymentClient} from './ports.js';
import type {Services} from './services.js';
import {bindServices} from './bind-services.js';

/** Options for tests and the devnet: shorter polling. */
export type CreateServicesOptions = {
  readonly timing?: ServiceContext['timing'];
  /**
   * Asked for the password of an encrypted wallet key file when something is first signed and no password is
   * configured (the CLI prompts on a terminal); absent or null: signing fails with a `ConfigError` naming the setting.
   */
  readonly askWalletPassword?: (() => Promise<string | null>) | undefined;
  /** An already opened database to use instead of opening `config.paths.dbPath` (the lazy facade opens it first). */
  readonly db?: Database;
  /**
   * Asks for an encrypted SSH key's passphrase (masked prompt; issue 12 item 5) when neither
   * GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE nor the ssh-agent unlocks it. Absent: such a key is refused with hints.
   */
  readonly askSshPassphrase?: ((request: {keyPath: string; attempt: number; isRetry: boolean}) => Promise<string>) | undefined;
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
  const db = options.db ?? openDatabase(config.paths.dbPath);
  const walletSource = {keyPath: config.paths.walletKeyPath, privateKeyOverride: config.ethereumPrivateKey};
  let walletAddress: ReturnType<typeof readWalletAddress> | undefined;
  // The address never needs the password; the key is decrypted on the first signature (issue 14).
  const loadWallet = () => (walletAddress ??= readWalletAddress({...walletSource, password: config.walletPassword}));
  const walletPassword = async () => config.walletPassword ?? (await options.askWalletPassword?.()) ?? null;
  let payments: {profile: ReturnType<typeof requirePayments>; client: StreamPaymentClient} | undefined;
  let ledgerReader: ReturnType<typeof createLedgerReader> | undefined;
  const loadPayments = () => {
    if (payments) return payments;
    const profile = requirePayments(config);
    const client = createStreamPaymentClient({
      rpcUrl: profile.rpcUrl,
      chainId: profile.chainId,
      contractAddress: profile.streamPaymentAddress,
      privateKey: lazyWalletAccount({...walletSource, password: walletPassword}),
      lockPath: config.paths.walletLockPath,
      rpcBatchSize: profile.rpcBatchSize,
    });
    payments = {profile, client};
    return payments;
  };
  return {
    config,
    db,
    discovery: createDiscovery(config),
    discoveryForDriver: (driver) => createDiscovery({...config, discoveryDriver: driver}),
    providerApi: (target) => createProviderApi({...target, timeoutMs: config.providerTimeoutMs}),
    prices: createEthUsdPriceSource({
      fixedFixed18: config.payments instanceof ConfigError ? null : config.payments.ethUsdPriceFixed18,
      url: config.ethUsdPriceUrl,
      timeoutMs: 5000,
      cacheMs: 600_000,
      cacheFilePath: join(config.paths.baseDir, 'cache', 'eth-usd.json'),
    }),
    tokenPrices: createGlmUsdPriceSource({
      fixedFixed18: config.payments instanceof ConfigError ? null : config.payments.glmUsdPriceFixed18,
      url: config.glmUsdPriceUrl,
      timeoutMs: 5000,
      cacheMs: 600_000,
      cacheFilePath: join(config.paths.baseDir, 'cache', 'glm-usd.json'),
    }),
    sshKeys: createLazySshKeyStore({
      sshKeyDir: config.paths.sshKeyDir,
      sshKeyPath: config.paths.sshKeyPath,
      passphrase: config.sshKeyPassphrase ?? undefined,
      agentSocket: process.env['SSH_AUTH_SOCK'] || undefined,
      askPassphrase: options.askSshPassphrase,
    }),
    ssh: createLazySshClient({knownHostsPath: config.paths.knownHostsPath, connectTimeoutMs: 10_000}),
    sshConfigFile: createSshConfigFile(sshConfigFile(config.paths)),
    wallet: (): Wallet => {
      const {address, keyPath} = loadWallet();
      return {address, keyPath};
    },
    payments: loadPayments,
    ledgerReader: () => {
      const profile = requirePayments(config);
      return (ledgerReader ??= createLedgerReader({
        rpcUrl: profile.rpcUrl,
        chainId: profile.chainId,
        contractAddress: profile.streamPaymentAddress,
        walletAddress: loadWallet().address,
        events: loadPayments().client.events,
      }));
    },
    // Next to the wallet lock: one funder per wallet. Stale after ~3 monitor intervals without a heartbeat.
    fundingLease: createFundingLease({
      lockPath: join(dirname(config.paths.walletLockPath), 'funding.lock'),
      staleMs: config.monitor.intervalSeconds * 3000,
    }),
    faucet: () => {
      if (config.faucet === null) throw new ConfigError({shortMessage: `The payments network '${config.paymentsNetwork}' has no faucet.`});
      return createFaucetGateway(config.faucet);
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    timing: options.timing ?? {pollIntervalMs: 1000, createTimeoutMs: config.createDeadlineSeconds * 1000},
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
    return createGolemBaseDiscovery({
      rpcUrl: config.golemBase.rpcUrl,
      timeoutMs: 10_000,
      advertisementIntervalSeconds: config.golemBase.advertisementIntervalSeconds,
      defaultPort: config.defaultProviderPort,
    });
  }
  if (config.discoveryUrl === null) {
    const error = config.payments instanceof ConfigError ? config.payments : new ConfigError({shortMessage: 'No discovery URL is set.'});
    return refuseWith(error);
  }
  return createCentralDiscovery({url: config.discoveryUrl, defaultPort: config.defaultProviderPort, timeoutMs: 10_000});
}
