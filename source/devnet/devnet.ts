/**
 * The local Golem network in one process: anvil + StreamPayment + a funded requestor wallet + a central discovery
 * server + N providers (design.md "The local network"). `startDevnet` assembles it and writes the state file that
 * `GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet` reads; `stop()` takes it all down again.
 */
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {getAddress, type Address, type Hex} from 'viem';
import {deployStreamPayment, deployTestToken} from '../adapters/chain/deploy.js';
import {loadOrCreateWalletKey} from '../adapters/wallet/wallet-key.js';
import {readWalletAddress} from '../adapters/wallet/wallet-account.js';
import {devnetStatePath} from '../config/settings.js';
import {CancelledError, InvalidInputError, StorageError, type AppError, type ConfigError} from '../errors.js';
import {describeError} from '../lib/json.js';
import {ANVIL_DEV_ACCOUNT, DEVNET_CHAIN_ID, startAnvil, type AnvilProcess} from './anvil-process.js';
import {fundWallet, setBalance} from './funding.js';
import {startDiscoveryServer} from './discovery-server.js';
import {startDevnetProxy} from './faults/devnet-proxies.js';
import type {LatencyRange} from './faults/fault-rules.js';
import {devnetProviderFixtures, MAX_DEVNET_PROVIDERS} from './fixtures.js';
import {startProviderServer} from './provider-server.js';
import {
  devnetAlreadyRunningError,
  devnetDeploymentPath,
  devnetLockPath,
  isProcessAlive,
  processLooksLike,
  readDevnetState,
  readPidFile,
  removeDevnetState,
  writeDevnetState,
  writeJsonAtomic,
  type DevnetProviderEntry,
  type DevnetProxyEntry,
  type DevnetState,
} from './state.js';

/** ETH/USD price the devnet fixes (decimal USD), so rates are reproducible (design.md "Rules that come from the money"). */
export const DEVNET_ETH_USD_PRICE = '3000';

/** What `startDevnet` puts on the requestor's wallet: 1000 ETH, in wei. */
export const DEVNET_WALLET_FUNDS_WEI = 1000n * 10n ** 18n;

/** GLM/USD price the devnet fixes for its TestToken (decimal USD), like ETH/USD. */
export const DEVNET_GLM_USD_PRICE = '0.25';

/** Symbol of the devnet's ERC20 (TestToken, 18 decimals) used by token-mode providers (reference §6.7). */
export const DEVNET_TOKEN_SYMBOL = 'tGLM';

/** What `startDevnet` mints to the requestor's wallet: 10,000 tGLM, in the token's smallest unit. */
export const DEVNET_WALLET_TOKENS = 10_000n * 10n ** 18n;

/** What each devnet provider's address gets, so it can pay gas to withdraw: 10 ETH, in wei. */
export const DEVNET_PROVIDER_FUNDS_WEI = 10n * 10n ** 18n;

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000' as Address;

/** Parameters of {@link startDevnet}. */
export type StartDevnetParameters = {
  /** `config.paths.devnetDir`: state, lock, deployments, provider state live here. */
  readonly devnetDir: string;
  /** `config.paths.walletKeyPath`: the requestor's key, created if missing, then funded. */
  readonly walletKeyPath: string;
  /** `GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY`, when set: that key's address is funded instead. */
  readonly walletPrivateKeyOverride?: Hex | null | undefined;
  /** How many providers to start (1…`MAX_DEVNET_PROVIDERS`). @default 2 */
  readonly providers?: number | undefined;
  /**
   * How many of them (the first ones) ask for ERC20 streams in the devnet's TestToken (`--token-providers`, reference
   * §6.7); the others, and the default demo, stream native ETH. 0…`providers`. @default 0
   */
  readonly tokenProviders?: number | undefined;
  /** Receives one line per step. @default no-op */
  readonly onLog?: ((line: string) => void) | undefined;
  /** Aborting it during start-up stops what was started and throws `CancelledError`. */
  readonly signal?: AbortSignal | undefined;
  /** True when this process leads its own process group (a `--detach` child), recorded for `down`. @default false */
  readonly detached?: boolean | undefined;
  /** Log file of a detached run, recorded in the state. @default null */
  readonly logPath?: string | null | undefined;
  /** Seconds between anvil's blocks (`--block-time`). @default 1 */
  readonly blockTimeSeconds?: number | undefined;
  /**
   * The fault layer (`--latency`, `--faults`): when set, a fault proxy (source/devnet/faults/) sits in front of the
   * RPC and of each provider, adding `latency` to every reply; faults are switched at run time on each proxy's
   * control API. Null or omitted: no proxies, golem talks to anvil and the providers directly. @default null
   */
  readonly faults?: {readonly latency: LatencyRange | null} | null | undefined;
};

/** A running devnet. */
export type RunningDevnet = {
  /** What was written to `<devnetDir>/state.json`. */
  readonly state: DevnetState;
  readonly statePath: string;
  /** Resolves with a reason if anvil exits while the devnet is up (not on `stop()`); never rejects. */
  readonly unexpectedExit: Promise<string>;
  /** Closes providers and discovery, stops anvil, removes the state, deployments and lock files. Idempotent. */
  stop(): Promise<void>;
};

/** The error union of {@link startDevnet}. */
export type StartDevnetErrorType = ConfigError | InvalidInputError | CancelledError | StorageError | AppError;

/**
 * Takes the per-devnet-dir lock (`devnet.pid`, created exclusively, holding our pid): refuses when a live process
 * holds it, replaces it when its holder is gone.
 */
function acquireLock(devnetDir: string): () => void {
  const lockPath = devnetLockPath(devnetDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, {flag: 'wx'});
      return () => {
        if (readPidFile(lockPath) === process.pid) rmSync(lockPath, {force: true});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StorageError({operation: `create ${lockPath}`, cause: error});
      }
    }
    const holder = readPidFile(lockPath);
    if (holder !== null && isProcessAlive(holder)) throw devnetAlreadyRunningError(devnetDir, holder);
    rmSync(lockPath, {force: true});
  }
  throw new StorageError({operation: `take the devnet lock ${lockPath}`});
}

/** Refuses a live devnet; clears what a dead one left behind (state file, orphaned anvil). */
function clearStaleState(devnetDir: string, log: (line: string) => void): void {
  const existing = readDevnetState(devnetDir);
  if (existing.kind === 'absent') return;
  if (existing.kind === 'valid') {
    const {state} = existing;
    if (isProcessAlive(state.pid)) throw devnetAlreadyRunningError(devnetDir, state.pid);
    if (isProcessAlive(state.anvilPid) && processLooksLike(state.anvilPid, 'anvil')) {
      process.kill(state.anvilPid, 'SIGKILL');
      log(`stopped anvil (pid ${state.anvilPid}) left by a previous devnet (pid ${state.pid})`);
    }
  }
  removeDevnetState(devnetDir);
  log(`removed a stale state file (${existing.kind === 'valid' ? `pid ${existing.state.pid} is gone` : 'unreadable'})`);
}

function ethText(wei: bigint): string {
  return `${wei / 10n ** 18n} ETH`;
}

/**
 * Starts the whole devnet and returns once every part answers and the state file is written. Each step logs one
 * line through `onLog`:
 * 1. refuse if a live devnet holds `devnetDir` (`ConfigError`, hint `golem devnet down`); clear stale state;
 * 2. anvil on 127.0.0.1 at a free port, chain id 31337, automine;
 * 3. StreamPayment deployed from anvil's first dev account (also the oracle); `deployments/devnet.json` written
 *    in the reference §2.4 format (native ETH: glmToken = zero address);
 * 4. the requestor's wallet key loaded or created at `walletKeyPath` and funded with 1000 ETH (a transfer from anvil's first dev account);
 *    TestToken (tGLM, 18 decimals, contracts/TestToken.sol) deployed and 10,000 tGLM minted to the wallet;
 * 5. the central discovery server (reference §5.1) on a free port;
 * 6. `providers` provider servers on free ports, each with its state under `<devnetDir>/providers/<name>`,
 *    advertising its own port; each provider address gets 10 ETH for gas; the first `tokenProviders` ask for tGLM;
 * 7. `<devnetDir>/state.json` written atomically (`DevnetEndpoints` + pids, providers, paths), ETH/USD fixed at 3000,
 *    the token and GLM/USD fixed at 0.25 (the requestor's devnet profile accepts that token).
 *
 * If any step fails, or `signal` aborts, what was started is stopped before the error is thrown.
 *
 * Throws `ConfigError` (already running, anvil missing, refused wallet key), `InvalidInputError` (provider count),
 * `CancelledError` (aborted), `ChainError` (anvil, deploy, funding), `StorageError` (files), or what the provider
 * and discovery servers throw when they cannot listen.
 *
 * @example
 * const devnet = await startDevnet({devnetDir: config.paths.devnetDir, walletKeyPath: config.paths.walletKeyPath});
 * console.log(devnet.state.rpcUrl);
 * await devnet.stop();
 */
export async function startDevnet(parameters: StartDevnetParameters): Promise<RunningDevnet> {
  const {devnetDir, walletKeyPath, signal} = parameters;
  const providerCount = parameters.providers ?? 2;
  const tokenProviderCount = parameters.tokenProviders ?? 0;
  const log = parameters.onLog ?? (() => {});
  if (!Number.isInteger(providerCount) || providerCount < 1 || providerCount > MAX_DEVNET_PROVIDERS) {
    throw new InvalidInputError({
      issues: [`The devnet runs 1 to ${MAX_DEVNET_PROVIDERS} providers, not ${String(providerCount)}.`],
      hint: 'Pass --providers with a whole number in that range.',
    });
  }
  if (!Number.isInteger(tokenProviderCount) || tokenProviderCount < 0 || tokenProviderCount > providerCount) {
    throw new InvalidInputError({
      issues: [`--token-providers must be a whole number from 0 to the provider count (${providerCount}), not ${String(tokenProviderCount)}.`],
    });
  }
  try {
    mkdirSync(devnetDir, {recursive: true});
  } catch (error) {
    throw new StorageError({operation: `create ${devnetDir}`, cause: error});
  }
  clearStaleState(devnetDir, log);
  const releaseLock = acquireLock(devnetDir);

  // Undo steps, run in reverse on failure and on stop().
  const undo: {label: string; run: () => Promise<void> | void}[] = [{label: 'lock', run: releaseLock}];
  let isStopping = false;
  const unwind = async (): Promise<void> => {
    isStopping = true;
    for (const step of undo.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        log(`failed to stop ${step.label}: ${describeError(error)}`);
      }
    }
  };
  const checkAborted = (): void => {
    if (signal?.aborted) throw new CancelledError({isInterrupt: true, shortMessage: 'Devnet start-up interrupted.'});
  };

  try {
    checkAborted();
    const blockTimeSeconds = parameters.blockTimeSeconds ?? 1;
    const anvil: AnvilProcess = await startAnvil({chainId: DEVNET_CHAIN_ID, blockTimeSeconds});
    undo.push({
      label: 'anvil',
      run: async () => {
        await anvil.stop();
        log(`stopped anvil (pid ${anvil.pid})`);
      },
    });
    log(`anvil listening on ${anvil.rpcUrl} (chain id ${DEVNET_CHAIN_ID}, pid ${anvil.pid}, a block every ${blockTimeSeconds} s)`);
    checkAborted();
    const faultLayer = parameters.faults ?? null;
    const proxies: DevnetProxyEntry[] = [];
    /** Starts a proxy (undone on stop) when the fault layer is on; null otherwise. */
    const proxyFor = async (name: string, targetUrl: string) => {
      if (!faultLayer) return null;
      const proxy = await startDevnetProxy({name, targetUrl, latency: faultLayer.latency, undo, log});
      proxies.push(proxy.entry);
      return proxy;
    };
    const rpcProxy = await proxyFor('rpc', anvil.rpcUrl);

    const streamPaymentAddress = getAddress(
      await deployStreamPayment(anvil.rpcUrl, DEVNET_CHAIN_ID, ANVIL_DEV_ACCOUNT.privateKey, ANVIL_DEV_ACCOUNT.address),
    );
    log(`StreamPayment deployed at ${streamPaymentAddress} (oracle ${ANVIL_DEV_ACCOUNT.address})`);
    const deploymentPath = devnetDeploymentPath(devnetDir);
    mkdirSync(dirname(deploymentPath), {recursive: true});
    writeJsonAtomic(deploymentPath, {
      network: 'devnet',
      timestamp: new Date().toISOString(),
      StreamPayment: {address: streamPaymentAddress, oracle: ANVIL_DEV_ACCOUNT.address, glmToken: ZERO_ADDRESS},
    });
    undo.push({label: 'deployments file', run: () => rmSync(deploymentPath, {force: true})});
    log(`deployments written to ${deploymentPath}`);
    checkAborted();

    // The address only: an encrypted key file is not decrypted (issue 14), so no password is needed here.
    const wallet = readWalletAddress({
      keyPath: walletKeyPath,
      privateKeyOverride: parameters.walletPrivateKeyOverride ?? null,
    });
    if (wallet.isNew) log(`created a new wallet key at ${wallet.keyPath ?? walletKeyPath}`);
    for (const warning of wallet.warnings) log(`wallet: ${warning}`);
    await fundWallet(anvil.rpcUrl, wallet.address, DEVNET_WALLET_FUNDS_WEI);
    log(`wallet ${wallet.address} funded with ${ethText(DEVNET_WALLET_FUNDS_WEI)} (key ${wallet.keyPath ?? 'from GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY'})`);
    checkAborted();

    const glmTokenAddress = await deployTestToken(anvil.rpcUrl, DEVNET_CHAIN_ID, ANVIL_DEV_ACCOUNT.privateKey, {
      symbol: DEVNET_TOKEN_SYMBOL,
      decimals: 18,
      mints: [[wallet.address, DEVNET_WALLET_TOKENS]],
    });
    log(`TestToken ${DEVNET_TOKEN_SYMBOL} deployed at ${glmTokenAddress}; ${DEVNET_WALLET_TOKENS / 10n ** 18n} ${DEVNET_TOKEN_SYMBOL} minted to the wallet`);
    checkAborted();

    const discovery = await startDiscoveryServer({host: '127.0.0.1', port: 0, onLog: log});
    undo.push({
      label: 'discovery server',
      run: async () => {
        await discovery.close();
        log('stopped the discovery server');
      },
    });
    log(`discovery server listening on ${discovery.url}`);

    const providers: DevnetProviderEntry[] = [];
    for (const [index, fixture] of devnetProviderFixtures(providerCount).entries()) {
      const asksToken = index < tokenProviderCount;
      checkAborted();
      const stateDir = join(devnetDir, 'providers', fixture.name);
      mkdirSync(stateDir, {recursive: true});
      // A key kept in the provider's state dir: the same provider id on every `up` of this base dir.
      const providerKey = loadOrCreateWalletKey({keyPath: join(stateDir, 'provider-key.json'), privateKeyOverride: null});
      // Started first so the provider can advertise the proxy's port; it forwards once the provider listens.
      const providerProxy = await proxyFor(fixture.name, 'http://127.0.0.1:1');
      const provider = await startProviderServer({
        rpcUrl: anvil.rpcUrl,
        chainId: DEVNET_CHAIN_ID,
        streamPaymentAddress,
        glmTokenAddress: asksToken ? glmTokenAddress : ZERO_ADDRESS,
        discoveryUrl: discovery.url,
        name: fixture.name,
        country: fixture.country,
        platform: fixture.platform,
        resources: fixture.resources,
        pricing: fixture.pricing,
        stateDir,
        privateKey: providerKey.privateKey,
        port: 0,
        advertisedPort: providerProxy?.proxy.port,
        onLog: log,
      });
      providerProxy?.proxy.setTarget(provider.url);
      if (providerProxy) providerProxy.entry.targetUrl = provider.url;
      undo.push({
        label: `provider ${fixture.name}`,
        run: async () => {
          await provider.close();
          log(`stopped provider ${fixture.name}`);
        },
      });
      const providerId = provider.providerId;
      await setBalance(anvil.rpcUrl, providerId, DEVNET_PROVIDER_FUNDS_WEI);
      const reachable = providerProxy ? {url: providerProxy.proxy.url, port: providerProxy.proxy.port} : {url: provider.url, port: provider.port};
      providers.push({name: fixture.name, providerId, country: fixture.country, ...reachable, stateDir});
      log(`provider ${fixture.name} (${fixture.country}, ${providerId}) listening on ${provider.url}${asksToken ? `, asking for ${DEVNET_TOKEN_SYMBOL} streams` : ''}`);
    }
    checkAborted();

    const state: DevnetState = {
      chainId: DEVNET_CHAIN_ID,
      rpcUrl: rpcProxy?.proxy.url ?? anvil.rpcUrl,
      discoveryUrl: discovery.url,
      streamPaymentAddress,
      ethUsdPrice: DEVNET_ETH_USD_PRICE,
      glmTokenAddress,
      glmUsdPrice: DEVNET_GLM_USD_PRICE,
      pid: process.pid,
      detached: parameters.detached ?? false,
      anvilPid: anvil.pid,
      walletAddress: wallet.address,
      providers,
      deploymentPath,
      logPath: parameters.logPath ?? null,
      startedAt: new Date().toISOString(),
      blockTimeSeconds,
      ...(faultLayer ? {faults: {latency: faultLayer.latency, blockTimeSeconds, proxies}} : {}),
    };
    writeDevnetState(devnetDir, state);
    undo.push({
      label: 'state file',
      run: () => {
        const current = readDevnetState(devnetDir);
        if (current.kind !== 'valid' || current.state.pid === process.pid) removeDevnetState(devnetDir);
      },
    });
    log(`state written to ${devnetStatePath(devnetDir)}`);

    const unexpectedExit = anvil.exited.then(async ({code, signal: exitSignal}) => {
      if (isStopping) return new Promise<string>(() => {});
      return `anvil (pid ${anvil.pid}) exited unexpectedly (${exitSignal ?? `code ${String(code)}`})`;
    });
    return {state, statePath: devnetStatePath(devnetDir), unexpectedExit, stop: unwind};
  } catch (error) {
    await unwind();
    throw error;
  }
}
