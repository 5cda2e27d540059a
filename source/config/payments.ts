import type {Address} from 'viem';
import {getAddress, isAddress, ZERO_ADDRESS as zeroAddress} from '../lib/address.js';
import {ConfigError} from '../errors.js';
import {parseFixed18} from '../lib/decimal.js';
import {findDeployment} from './deployments.js';
import {readDevnetEndpoints} from './devnet-profile.js';
import {absolutePath, type Paths} from './paths.js';
import type {NetworkProfile} from './profiles.js';
import type {SettingReader} from './setting-reader.js';
import {integerSetting, malformedSetting} from './setting-values.js';

/** A payments network profile ready to pay on: which chain, RPC and contract streams live on (reference §2.3, §2.4). */
export type PaymentsProfile = {
  readonly name: string;
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly streamPaymentAddress: Address;
  /** The stream token; the zero address means native ETH (reference §6.7). */
  readonly glmTokenAddress: Address;
  /** Fixed ETH/USD price (fixed18) that overrides the price source; the devnet always fixes it. */
  readonly ethUsdPriceFixed18: bigint | null;
  /** Fixed GLM/USD price (fixed18) for ERC20 streams (GOLEM_REQUESTOR_GLM_USD_PRICE); the devnet fixes it. */
  readonly glmUsdPriceFixed18: bigint | null;
  /** The devnet's discovery server; `null` on public networks (discovery is configured separately). */
  readonly discoveryUrl: string | null;
  /** Block explorer base URL for tx links (`<explorerUrl>/tx/<hash>`), `null` when the network has none. */
  readonly explorerUrl: string | null;
  /** Most JSON-RPC calls per batch request (GOLEM_REQUESTOR_RPC_BATCH_SIZE, else the profile's `rpcBatchSize`). */
  readonly rpcBatchSize: number;
};

function addressOverride(reader: SettingReader, key: 'streamPaymentAddress' | 'glmTokenAddress'): Address | null {
  const raw = reader.raw(key);
  if (!raw) return null;
  const text = raw.text.trim();
  if (!isAddress(text)) throw malformedSetting(raw, 'an address (0x followed by 40 hex digits)');
  const address = getAddress(text);
  if (key === 'streamPaymentAddress' && address === zeroAddress) {
    throw malformedSetting(raw, 'a contract address, not the zero address (payments to it burn the funds)');
  }
  reader.record(key, address, raw.source);
  return address;
}

function ethUsdOverride(reader: SettingReader, key: 'ethUsdPrice' | 'glmUsdPrice' = 'ethUsdPrice'): bigint | null {
  const raw = reader.raw(key);
  if (!raw) return null;
  const value = parseFixed18(raw.text);
  if (!value) throw malformedSetting(raw, 'a positive number of USD');
  reader.record(key, raw.text.trim(), raw.source);
  return value;
}

function chainIdOverride(reader: SettingReader, profile: NetworkProfile): number | null {
  const raw = reader.raw('chainId');
  if (!raw) return null;
  const text = raw.text.trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value <= 0) throw malformedSetting(raw, 'a positive whole number');
  if (profile.chainId !== null && profile.chainId !== value) {
    throw new ConfigError({
      shortMessage: `${raw.origin} is ${value}, but the ${profile.name} payments network is chain ${profile.chainId}.`,
      hint: 'Remove it, or choose the payments network of that chain (GOLEM_REQUESTOR_PAYMENTS_NETWORK).',
    });
  }
  reader.record('chainId', value, raw.source);
  return value;
}

/**
 * Resolves the payments side of `profile`: chain id, RPC, StreamPayment contract, token and fixed ETH/USD price,
 * each overridable (flag > env > `.env`) and recorded with its source.
 *
 * Returns a `ConfigError` (so commands that never pay still run) when the profile cannot pay: the devnet is not
 * running; no deployment is known (kaolin.holesky ships none, mainnet has none — never the zero address, reference
 * §14.1 item 11); mainnet has no RPC or chain id unless they are set. Throws `ConfigError` for a malformed value.
 */
export function resolvePayments(reader: SettingReader, profile: NetworkProfile, paths: Paths): PaymentsProfile | ConfigError {
  const rpcRaw = reader.raw('rpcUrl');
  const contract = addressOverride(reader, 'streamPaymentAddress');
  const token = addressOverride(reader, 'glmTokenAddress');
  const ethUsd = ethUsdOverride(reader);
  const glmUsd = ethUsdOverride(reader, 'glmUsdPrice');
  const chainIdSetting = chainIdOverride(reader, profile);
  const rpcBatchSize = integerSetting(reader, 'rpcBatchSize', profile.rpcBatchSize, 1);
  const deploymentsDirRaw = reader.raw('deploymentsDir');
  const deploymentsDir = deploymentsDirRaw ? absolutePath(deploymentsDirRaw.text.trim()) : null;
  reader.record('deploymentsDir', deploymentsDir, deploymentsDirRaw ? deploymentsDirRaw.source : 'default');
  if (rpcRaw) reader.record('rpcUrl', rpcRaw.text.trim(), rpcRaw.source);
  const rpcOverride = rpcRaw?.text.trim() ?? null;

  if (profile.kind === 'devnet') {
    const devnet = readDevnetEndpoints(paths.devnetDir);
    if (devnet instanceof ConfigError) return devnet;
    if (!rpcRaw) reader.record('rpcUrl', devnet.rpcUrl, 'devnet');
    if (!chainIdSetting) reader.record('chainId', devnet.chainId, 'devnet');
    if (!contract) reader.record('streamPaymentAddress', getAddress(devnet.streamPaymentAddress), 'devnet');
    if (!ethUsd) reader.record('ethUsdPrice', devnet.ethUsdPrice, 'devnet');
    return {
      name: profile.name,
      chainId: chainIdSetting ?? devnet.chainId,
      rpcUrl: rpcOverride ?? devnet.rpcUrl,
      streamPaymentAddress: contract ?? getAddress(devnet.streamPaymentAddress),
      glmTokenAddress: token ?? (devnet.glmTokenAddress ? getAddress(devnet.glmTokenAddress) : zeroAddress),
      ethUsdPriceFixed18: ethUsd ?? parseFixed18(devnet.ethUsdPrice),
      glmUsdPriceFixed18: glmUsd ?? (devnet.glmUsdPrice ? parseFixed18(devnet.glmUsdPrice) : null),
      discoveryUrl: devnet.discoveryUrl,
      explorerUrl: null,
      rpcBatchSize,
    };
  }

  // Record what the profile knows before refusing, so `golem config` shows it even when payments are unavailable.
  const rpcUrl = rpcOverride ?? profile.rpcUrl;
  if (!rpcRaw) reader.record('rpcUrl', rpcUrl, 'profile');
  const chainId = chainIdSetting ?? profile.chainId;
  if (!chainIdSetting) reader.record('chainId', chainId, 'profile');
  const deployment = contract || !profile.deployment ? null : findDeployment(profile.deployment, deploymentsDir);
  if (deployment instanceof ConfigError) {
    return new ConfigError({
      shortMessage: `Payments are unavailable on '${profile.name}': ${deployment.shortMessage}`,
      hint: deployment.hint,
      cause: deployment.cause,
    });
  }
  const streamPaymentAddress = contract ?? deployment?.streamPaymentAddress;
  if (!streamPaymentAddress) {
    return new ConfigError({
      shortMessage: `No StreamPayment deployment is known for '${profile.name}'.`,
      hint: 'Set GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS or GOLEM_DEPLOYMENTS_DIR.',
    });
  }
  if (!contract) reader.record('streamPaymentAddress', streamPaymentAddress, 'profile');
  if (!rpcUrl) {
    return new ConfigError({
      shortMessage: `No payments RPC is known for '${profile.name}'.`,
      hint: 'Set GOLEM_REQUESTOR_L2_RPC_URL to its JSON-RPC URL.',
    });
  }
  if (chainId === null) {
    return new ConfigError({
      shortMessage: `No chain id is known for '${profile.name}'.`,
      hint: 'Set GOLEM_REQUESTOR_CHAIN_ID to the chain id its RPC must report.',
    });
  }
  const glmTokenAddress = token ?? deployment?.glmTokenAddress ?? zeroAddress;
  if (!token) reader.record('glmTokenAddress', glmTokenAddress, deployment ? 'profile' : 'default');
  return {
    name: profile.name,
    chainId,
    rpcUrl,
    streamPaymentAddress,
    glmTokenAddress,
    ethUsdPriceFixed18: ethUsd,
    glmUsdPriceFixed18: glmUsd,
    discoveryUrl: null,
    explorerUrl: profile.explorerUrl,
    rpcBatchSize,
  };
}
