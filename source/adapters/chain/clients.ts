/**
 * viem clients for one EVM chain. The chain is built with `defineChain` from the profile's id and RPC URL: importing
 * `viem/chains` costs ~440 ms of start-up (design.md).
 */
import {createPublicClient, createWalletClient, defineChain, http, type Chain, type Hex, type PublicClient, type Transport, type WalletClient} from 'viem';
import {privateKeyToAccount, type PrivateKeyAccount} from 'viem/accounts';

/** Names of chains a golem user is likely to point at by mistake or on purpose, for error messages (case-25). */
const KNOWN_CHAINS: Readonly<Record<number, string>> = {
  1: 'Ethereum mainnet',
  10: 'OP mainnet',
  137: 'Polygon PoS',
  8453: 'Base',
  17000: 'Ethereum Holesky',
  31337: 'anvil / local devnet',
  42161: 'Arbitrum One',
  80002: 'Polygon Amoy',
  393530: 'Golem L2 Holesky',
  11155111: 'Ethereum Sepolia',
  60138453025: 'Golem Kaolin Holesky',
};

/** `"393530 (Golem L2 Holesky)"` for a known id, `"12345"` otherwise. */
export function describeChainId(chainId: number): string {
  const name = KNOWN_CHAINS[chainId];
  return name ? `${chainId} (${name})` : String(chainId);
}

/** Parameters of {@link createChainClients}. */
export type CreateChainClientsParameters = {
  readonly rpcUrl: string;
  readonly chainId: number;
  /** 0x + 64 hex digits; signs locally, never sent anywhere. */
  readonly privateKey: Hex;
  /** Timeout of one HTTP request to the RPC. @default 10_000 */
  readonly timeoutMs?: number | undefined;
  /** Retries of a failed HTTP request (viem retries 429/5xx/timeouts only). @default 2 */
  readonly retryCount?: number | undefined;
  /** How often receipts and blocks are polled. @default 1_000 */
  readonly pollingIntervalMs?: number | undefined;
};

/** The clients built by {@link createChainClients}, sharing one transport configuration. */
export type ChainClients = {
  readonly chain: Chain;
  readonly account: PrivateKeyAccount;
  readonly publicClient: PublicClient<Transport, Chain>;
  readonly walletClient: WalletClient<Transport, Chain, PrivateKeyAccount>;
  /**
   * A public client whose HTTP transport batches JSON-RPC: requests issued in the same tick go out as one HTTP
   * request (a JSON array, up to 1000 calls). For bulk reads such as the monitor's pass over every stream.
   */
  readonly batchClient: PublicClient<Transport, Chain>;
};

/**
 * Builds a public and a wallet client for `chainId` at `rpcUrl` over HTTP with a request timeout and a small retry
 * count, and a local account from `privateKey`. Nothing is requested from the network here; call
 * `StreamPaymentClient.verifyChain()` to check that the endpoint really serves `chainId`.
 *
 * Throws viem's `InvalidPrivateKeyError`-like errors only for a malformed key (settings validate it first).
 *
 * @example
 * const {publicClient, walletClient} = createChainClients({rpcUrl: 'http://127.0.0.1:8545', chainId: 31337, privateKey})
 */
export function createChainClients({
  rpcUrl,
  chainId,
  privateKey,
  timeoutMs = 10_000,
  retryCount = 2,
  pollingIntervalMs = 1000,
}: CreateChainClientsParameters): ChainClients {
  const chain = defineChain({
    id: chainId,
    name: KNOWN_CHAINS[chainId] ?? `chain ${chainId}`,
    nativeCurrency: {name: 'Ether', symbol: 'ETH', decimals: 18},
    rpcUrls: {default: {http: [rpcUrl]}},
  });
  const transport = http(rpcUrl, {timeout: timeoutMs, retryCount, retryDelay: 250});
  const account = privateKeyToAccount(privateKey);
  const publicClient = createPublicClient({chain, transport, pollingInterval: pollingIntervalMs});
  const walletClient = createWalletClient({chain, transport, account, pollingInterval: pollingIntervalMs});
  const batchTransport = http(rpcUrl, {timeout: timeoutMs, retryCount, retryDelay: 250, batch: {batchSize: 1000, wait: 0}});
  const batchClient = createPublicClient({chain, transport: batchTransport, pollingInterval: pollingIntervalMs});
  return {chain, account, publicClient, walletClient, batchClient};
}
