/**
 * A devnet provider: the provider HTTP API of reference §4 on 127.0.0.1, backed by SSH sandboxes instead of
 * multipass VMs, paid through StreamPayment streams it verifies on chain, advertised to the devnet's discovery
 * server, with the provider-side stream monitor of §8.3 (stopping, not deleting, VMs whose stream stops paying).
 *
 * Where upstream is broken this provider is not (reference §14.1/§14.3): a duplicate name is refused (409) instead
 * of orphaning the first VM, `jobs` is a reserved name, `POST /vms/{name}/start` exists, a missing `resources`
 * falls back to the intended default, access of an unknown VM is 404, terminated streams are noticed.
 */
import Fastify from 'fastify';
import {getAddress, type Address, type Hex} from 'viem';
import {generatePrivateKey, privateKeyToAccount} from 'viem/accounts';
import {installFastApiConventions} from './fastapi-conventions.js';
import {createAdvertiser} from './provider/advertiser.js';
import type {ProviderContext, WirePricing} from './provider/context.js';
import {registerInfoRoutes} from './provider/info-routes.js';
import {startStreamMonitor} from './provider/monitor.js';
import {createStreamReader} from './provider/stream-checks.js';
import {createVmRegistry} from './provider/vm-registry.js';
import {registerVmRoutes} from './provider/vm-routes.js';

/** Options of `startProviderServer`. */
export type ProviderServerOptions = {
  /** JSON-RPC URL of the chain StreamPayment lives on (anvil for the devnet). */
  rpcUrl: string;
  chainId: number;
  streamPaymentAddress: Address;
  /** ERC20 token this provider asks streams in (`/provider/info` glm_token_address, reference §6.7). @default zero: native ETH */
  glmTokenAddress?: Address;
  /** Discovery server base URL, e.g. `http://127.0.0.1:41234`; the advert is POSTed to `/api/v1/advertisements`. */
  discoveryUrl: string;
  /** Shown to requestors as `provider_name`. */
  name: string;
  /** ISO 3166 two-letter code (discovery requires exactly 2 chars). */
  country: string;
  /** @default 'x86_64' on x64 hosts, else `process.arch` */
  platform?: string;
  /** Total capacity: cores, GB RAM, GB disk. The advert shows what is still available. */
  resources: {cpu: number; memory: number; storage: number};
  /** Monthly USD unit prices as decimal strings (reference §6.1: per core, per GB RAM, per GB disk). */
  pricing: {usdPerCoreMonth: string; usdPerGbRamMonth: string; usdPerGbStorageMonth: string};
  /** Per-VM sandbox directories live under `<stateDir>/vms/<name>`. */
  stateDir: string;
  /** The provider's identity; its address is the provider id streams must pay. @default a random key */
  privateKey?: Hex;
  /** API port; 0 picks a free one. @default 0 */
  port?: number;
  /** Port put in the advert when requestors reach this provider through a proxy (devnet fault layer). @default the API port */
  advertisedPort?: number | undefined;
  /** Stream monitor period, ms. @default 5000 */
  monitorIntervalMs?: number;
  /** Simulated VM boot time before the sandbox starts, ms. @default 500 */
  provisioningDelayMs?: number;
  /** Advert re-post period, ms (discovery forgets adverts after 5 minutes). @default 60000 */
  advertIntervalMs?: number;
  /** Receives one line per notable event (VM lifecycle, monitor stops, advert failures). @default no-op */
  onLog?: (line: string) => void;
};

/** A running provider. `url` is the server root (the API is under `${url}/api/v1`). */
export type ProviderServer = {
  readonly url: string;
  readonly port: number;
  readonly providerId: Address;
  /** Stops the monitor and adverts (withdrawing the advert), closes every sandbox and the HTTP server. */
  close(): Promise<void>;
};

function defaultPlatform(): string {
  return process.arch === 'x64' ? 'x86_64' : process.arch;
}

/**
 * Starts a devnet provider on 127.0.0.1 and posts its first advert before resolving (a discovery server that is
 * down is logged, not fatal).
 *
 * Routes (all under `/api/v1`): `GET provider/info`, `POST vms[?async=true]`, `GET vms/jobs/:id`, `GET vms`,
 * `GET vms/:name`, `GET vms/:name/access`, `POST vms/:name/stop`, `POST vms/:name/start`, `DELETE vms/:name`,
 * `GET vms/:name/stream`, `GET payments/streams`, `GET summary` — bodies and status codes of reference §4.
 *
 * @example
 * const provider = await startProviderServer({rpcUrl, chainId: 31337, streamPaymentAddress, discoveryUrl,
 *   name: 'devnet-alpha', country: 'SE', resources: {cpu: 4, memory: 8, storage: 80},
 *   pricing: {usdPerCoreMonth: '5', usdPerGbRamMonth: '2', usdPerGbStorageMonth: '0.1'}, stateDir});
 * // requestor pays provider.providerId, then POST `${provider.url}/api/v1/vms?async=true`
 * await provider.close();
 */
export async function startProviderServer(options: ProviderServerOptions): Promise<ProviderServer> {
  const log = options.onLog ?? (() => {});
  const account = privateKeyToAccount(options.privateKey ?? generatePrivateKey());
  const app = Fastify({logger: false});
  installFastApiConventions(app, (error) => log(`provider ${options.name}: unexpected error: ${String(error)}`));

  let advertiser: ReturnType<typeof createAdvertiser> | undefined;
  const registry = createVmRegistry({
    stateDir: options.stateDir,
    total: options.resources,
    provisioningDelayMs: options.provisioningDelayMs ?? 500,
    onAllocationChange: () => void advertiser?.post(),
    log: (line) => log(`provider ${options.name}: ${line}`),
  });
  const pricing: WirePricing = {
    usd_per_core_month: options.pricing.usdPerCoreMonth,
    usd_per_gb_ram_month: options.pricing.usdPerGbRamMonth,
    usd_per_gb_storage_month: options.pricing.usdPerGbStorageMonth,
    glm_per_core_month: null,
    glm_per_gb_ram_month: null,
    glm_per_gb_storage_month: null,
  };
  const context: ProviderContext = {
    providerId: account.address,
    streamPaymentAddress: getAddress(options.streamPaymentAddress),
    glmTokenAddress: getAddress(options.glmTokenAddress ?? '0x0000000000000000000000000000000000000000'),
    name: options.name,
    country: options.country,
    platform: options.platform ?? defaultPlatform(),
    total: options.resources,
    pricing,
    registry,
    reader: createStreamReader(options),
    log,
  };
  registerVmRoutes(app, context);
  registerInfoRoutes(app, context);

  await app.listen({host: '127.0.0.1', port: options.port ?? 0});
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('provider server: no TCP address');
  const port = address.port;

  advertiser = createAdvertiser({
    discoveryUrl: options.discoveryUrl,
    account,
    intervalMs: options.advertIntervalMs ?? 60_000,
    log: (line) => log(`provider ${options.name}: ${line}`),
    body: () => ({
      ip_address: '127.0.0.1',
      country: context.country,
      platform: context.platform,
      resources: registry.available(),
      pricing,
      provider_name: options.name,
      provider_port: options.advertisedPort ?? port,
    }),
  });
  await advertiser.post();
  advertiser.start();
  const monitor = startStreamMonitor({
    registry,
    reader: context.reader,
    providerId: account.address,
    intervalMs: options.monitorIntervalMs ?? 5_000,
    log: (line) => log(`provider ${options.name}: ${line}`),
  });

  let closing: Promise<void> | undefined;
  const close = async () => {
    await monitor.stop();
    await advertiser?.stop();
    await registry.close();
    await app.close();
  };
  return {url: `http://127.0.0.1:${port}`, port, providerId: account.address, close: () => (closing ??= close())};
}
