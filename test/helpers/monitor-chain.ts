/**
 * A chain for monitor tests and benchmarks: anvil + a StreamPayment deployment, a base dir whose devnet state file
 * points the `devnet` payments profile at them (so config, CLI children and services all resolve it for real), and
 * helpers to open streams, record VMs in the real SQLite file and travel in time.
 */
import {once} from 'node:events';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createTestClient, http, type Address, type Hex} from 'viem';
import {streamPaymentAbi} from '../../contracts/abi/stream-payment.js';
import {createChainClients} from '../../source/adapters/chain/clients.js';
import {deployStreamPayment} from '../../source/adapters/chain/deploy.js';
import {createStreamPaymentClient} from '../../source/adapters/chain/stream-payment.js';
import {devnetStatePath, loadConfig, type AppConfig, type MonitorSettings} from '../../source/config/settings.js';
import type {ServiceContext} from '../../source/services/context.js';
import {createServiceContext} from '../../source/services/create-services.js';
import type {StreamPaymentClient} from '../../source/services/ports.js';
import {startAnvil, type Anvil} from './anvil.js';

/** Stream rate used by the helpers: 1 gwei per second. */
export const RATE_WEI = 1_000_000_000n;

/**
 * What the stand-in provider API says about its VMs (by provider-side id): a status word, or absent (404). `fail`
 * makes every request answer that HTTP status instead (e.g. 500), `null` answers normally.
 */
export type StandInProvider = {
  readonly port: number;
  readonly vms: Map<string, string>;
  /** Requests seen, as `METHOD path`. */
  readonly requests: string[];
  fail: number | null;
};

/** A chain with the contract deployed. Account 0 deploys, 1 is the requestor, 2 a stranger, 8 the provider, 9 the oracle. */
export type MonitorChain = {
  readonly anvil: Anvil;
  /** The provider's API on 127.0.0.1 (reference §4.5, §4.7): VMs opened by `openFundedVm` run there. */
  readonly providerApi: StandInProvider;
  readonly contractAddress: Address;
  readonly provider: Address;
  readonly requestorKey: Hex;
  /** Moves chain time forward by `seconds` and mines a block. */
  travel(seconds: number): Promise<void>;
  /** The latest block's timestamp. */
  now(): Promise<bigint>;
  /** Halts `streamId` as the oracle. */
  halt(streamId: bigint): Promise<void>;
  /** A StreamPayment client signing with `key` (default: the requestor), for opening streams. */
  clientFor(key?: Hex, rpcUrl?: string): StreamPaymentClient;
  stop(): Promise<void>;
};

/**
 * Starts anvil and deploys StreamPayment with account 9 as the oracle. `genesisTimestamp` (Unix seconds) is passed
 * to `startAnvil`, for a second chain that must differ from the first by its genesis alone.
 */
export async function startMonitorChain(options: {readonly genesisTimestamp?: number} = {}): Promise<MonitorChain> {
  const anvil = await startAnvil(options);
  const [deployer, requestor, , , , , , , provider, oracle] = anvil.accounts;
  const contractAddress = await deployStreamPayment(anvil.rpcUrl, anvil.chainId, deployer!.privateKey, oracle!.address);
  const testClient = createTestClient({mode: 'anvil', transport: http(anvil.rpcUrl)});
  const oracleClients = createChainClients({rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, privateKey: oracle!.privateKey, pollingIntervalMs: 50});
  const lockDir = mkdtempSync(join(tmpdir(), 'golem-monitor-locks-'));
  const {providerApi, close} = await startStandInProvider();
  return {
    anvil,
    providerApi,
    contractAddress,
    provider: provider!.address,
    requestorKey: requestor!.privateKey,
    async travel(seconds) {
      await testClient.increaseTime({seconds});
      await testClient.mine({blocks: 1});
    },
    async now() {
      return (await oracleClients.publicClient.getBlock({blockTag: 'latest'})).timestamp;
    },
    async halt(streamId) {
      const hash = await oracleClients.walletClient.writeContract({address: contractAddress, abi: streamPaymentAbi, functionName: 'haltStream', args: [streamId]});
      await oracleClients.publicClient.waitForTransactionReceipt({hash});
    },
    clientFor(key = requestor!.privateKey, rpcUrl = anvil.rpcUrl) {
      return createStreamPaymentClient({
        rpcUrl,
        chainId: anvil.chainId,
        contractAddress,
        privateKey: key,
        lockPath: join(lockDir, key.slice(2, 10), 'tx.lock'),
        pollingIntervalMs: 50,
      });
    },
    async stop() {
      await close();
      await anvil.stop();
      rmSync(lockDir, {recursive: true, force: true});
    },
  };
}

/** A requestor's base dir on `chain` and the env that selects it (devnet profile, requestor key). */
export type MonitorHome = {
  readonly baseDir: string;
  readonly env: Record<string, string>;
  remove(): void;
};

/** Creates a base dir whose devnet state file points at `chain` (RPC `rpcUrl`, default anvil's). */
export function createMonitorHome(chain: MonitorChain, rpcUrl = chain.anvil.rpcUrl): MonitorHome {
  const baseDir = mkdtempSync(join(tmpdir(), 'golem-monitor-'));
  const devnetDir = join(baseDir, 'devnet');
  mkdirSync(devnetDir, {recursive: true});
  writeFileSync(
    devnetStatePath(devnetDir),
    JSON.stringify({
      chainId: chain.anvil.chainId,
      rpcUrl,
      discoveryUrl: 'http://127.0.0.1:9',
      streamPaymentAddress: chain.contractAddress,
      ethUsdPrice: '2000',
    }),
  );
  const env = {
    GOLEM_REQUESTOR_BASE_DIR: baseDir,
    GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet',
    GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: chain.requestorKey,
  };
  return {baseDir, env, remove: () => rmSync(baseDir, {recursive: true, force: true})};
}

/** Services context for `home`, with monitor settings overridden by `monitor`. */
export function monitorContext(home: MonitorHome, monitor: Partial<MonitorSettings> = {}): ServiceContext {
  const loaded = loadConfig(home.env);
  const config: AppConfig = {...loaded, monitor: {...loaded.monitor, ...monitor}};
  return createServiceContext(config, {timing: {pollIntervalMs: 50, createTimeoutMs: 10_000}});
}

/**
 * Opens a stream of `seconds` × `RATE_WEI` to the provider (signed by `key`, default the requestor) and records it
 * and a running VM `name` funded by it in `ctx`'s database. `contractAddress` overrides the recorded contract.
 */
export async function openFundedVm(
  ctx: ServiceContext,
  chain: MonitorChain,
  name: string,
  {seconds, key, contractAddress}: {seconds: number; key?: Hex; contractAddress?: Address},
): Promise<bigint> {
  const client = chain.clientFor(key);
  const depositWei = RATE_WEI * BigInt(seconds);
  const {streamId, txHash} = await client.createStream({recipient: chain.provider, depositWei, ratePerSecondWei: RATE_WEI});
  const {repositories} = ctx.db;
  repositories.streams.upsert({
    streamId,
    chainId: chain.anvil.chainId,
    contractAddress: contractAddress ?? chain.contractAddress,
    recipient: chain.provider,
    depositWei,
    ratePerSecondWei: RATE_WEI,
    vmName: name,
    status: 'open',
    createTxHash: txHash,
  });
  chain.providerApi.vms.set(`${name}-id`, 'running');
  repositories.vms.upsert({
    name,
    vmId: `${name}-id`,
    providerId: chain.provider,
    providerIp: '127.0.0.1',
    providerPort: chain.providerApi.port,
    resources: {cpu: 1, memory: 1, storage: 10},
    sshHost: '127.0.0.1',
    sshPort: 2222,
    streamId,
    status: 'running',
  });
  return streamId;
}

/**
 * A provider API stand-in on 127.0.0.1 (reference §4.5, §4.7 bodies): `GET /vms`, `GET /vms/{name}`,
 * `POST /vms/{name}/stop`, `DELETE /vms/{name}`, answering from a map the test changes.
 */
async function startStandInProvider(): Promise<{providerApi: StandInProvider; close: () => Promise<void>}> {
  const providerApi: StandInProvider = {port: 0, vms: new Map(), requests: [], fail: null};
  const info = (name: string, status: string) => ({id: name, name, status, resources: {cpu: 1, memory: 1, storage: 10}, ssh_port: 2222});
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    providerApi.requests.push(`${request.method} ${path}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, {'content-type': 'application/json'});
      response.end(JSON.stringify(body));
    };
    if (providerApi.fail !== null) return send(providerApi.fail, {detail: 'An unexpected error occurred'});
    if (path === '/api/v1/vms' && request.method === 'GET') return send(200, [...providerApi.vms].map(([name, status]) => info(name, status)));
    const match = /^\/api\/v1\/vms\/([^/]+)(\/stop)?$/.exec(path);
    const name = match ? decodeURIComponent(match[1]!) : '';
    if (match && request.method === 'DELETE') {
      providerApi.vms.delete(name);
      return send(200, null);
    }
    const status = providerApi.vms.get(name);
    if (!match || status === undefined) return send(404, {detail: match ? `VM ${name} not found` : 'Not Found'});
    if (match[2] && request.method === 'POST') providerApi.vms.set(name, 'stopped');
    return send(200, info(name, providerApi.vms.get(name)!));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  (providerApi as {port: number}).port = (server.address() as AddressInfo).port;
  return {providerApi, close: () => new Promise<void>((resolve) => server.close(() => resolve()))};
}
