/**
 * viem clients for one EVM chain. The chain is built with `defineChain` from the profile's id and RPC URL: importing
 * `viem/chains` costs ~440 ms of start-up (design.md).
 */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  fallback,
  http,
  type Chain,
  type Hex,
  type HttpTransportConfig,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import {ChainError} from '../../errors.js';
import {privateKeyToAccount, type LocalAccount} from 'viem/accounts';
import {fetchWithoutRedirects} from '../../lib/no-redirect.js';
import {batchTolerantFetch} from './batch-fetch.js';

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

/**
 * The endpoints of an RPC URL setting: one URL, or several separated by commas (fail-over order), trimmed, empty
 * parts and repeats dropped (issue 6 item 4).
 *
 * @example
 * parseRpcUrls('https://a.example/rpc, https://b.example/rpc') // ['https://a.example/rpc', 'https://b.example/rpc']
 */
export function parseRpcUrls(rpcUrl: string): string[] {
  return [...new Set(rpcUrl.split(',').map((part) => part.trim()).filter((part) => part !== ''))];
}

/** An endpoint of a fail-over list that serves another chain than the profile's; the list skips it. */
export class WrongChainEndpointError extends ChainError {
  constructor(
    readonly url: string,
    readonly actualChainId: number,
    readonly expectedChainId: number,
  ) {
    super({
      shortMessage: `The RPC endpoint ${url} serves chain ${describeChainId(actualChainId)}, but the payments profile expects chain ${describeChainId(expectedChainId)}. Nothing was signed.`,
      hint: 'Remove that endpoint from the RPC URL list (GOLEM_REQUESTOR_L2_RPC_URL), or choose the payments network that matches it.',
    });
  }
}

/**
 * One endpoint of a fail-over list whose chain id is checked (`eth_chainId`) before its first use: an endpoint
 * that serves another chain throws `WrongChainEndpointError` for every request, so `fallback` moves on to the
 * next one. The check is kept per endpoint for the life of the process; a failed check (endpoint down) is
 * tried again on the next request.
 */
function chainCheckedHttp(url: string, chainId: number, config: HttpTransportConfig): Transport {
  const inner = http(url, config);
  let check: Promise<void> | undefined;
  return (parameters) => {
    const transport = inner(parameters);
    const verify = () =>
      (check ??= (async () => {
        const answer = await transport.request({method: 'eth_chainId'});
        const actual = Number(answer);
        if (actual !== chainId) throw new WrongChainEndpointError(url, actual, chainId);
      })().catch((error: unknown) => {
        if (!(error instanceof WrongChainEndpointError)) check = undefined;
        throw error;
      }));
    return {
      ...transport,
      async request(arguments_, options) {
        await verify();
        return transport.request(arguments_, options);
      },
    } as typeof transport;
  };
}

/**
 * The transport for an RPC URL setting: plain `http` for one URL (`verifyChain` checks its chain id), viem's
 * `fallback` over chain-checked endpoints for a comma-separated list — each request goes to the first endpoint
 * that answers, an endpoint serving another chain id is skipped. Resending a signed transaction to the next
 * endpoint is safe: it is the same transaction (same nonce and hash), never a second payment.
 */
export function rpcTransport(rpcUrl: string, chainId: number, config: HttpTransportConfig): Transport {
  const urls = parseRpcUrls(rpcUrl);
  if (urls.length <= 1) return http(urls[0] ?? rpcUrl, config);
  const inner = fallback(
    urls.map((url) => chainCheckedHttp(url, chainId, config)),
    {retryCount: config.retryCount ?? 2, retryDelay: config.retryDelay ?? 250},
  );
  return (parameters) => {
    const transport = inner(parameters);
    return {
      ...transport,
      async request(arguments_, options) {
        try {
          return await transport.request(arguments_, options);
        } catch (error) {
          // viem wraps what a transport throws (UnknownRpcError); a wrong chain is the clearer message.
          throw findCause(error, (cause) => cause instanceof WrongChainEndpointError) ?? error;
        }
      },
    } as typeof transport;
  };
}

function findCause(error: unknown, predicate: (cause: unknown) => boolean): unknown {
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    if (predicate(current)) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

/** Parameters of {@link createChainClients}. */
export type CreateChainClientsParameters = {
  /** One JSON-RPC URL, or several separated by commas for fail-over (see {@link rpcTransport}). */
  readonly rpcUrl: string;
  readonly chainId: number;
  /**
   * 0x + 64 hex digits, signing locally and never sent anywhere; or a viem local account that signs (the wallet's
   * lazy account, which decrypts the key on the first signature — adapters/wallet/wallet-account.ts).
   */
  readonly privateKey: Hex | LocalAccount;
  /** Timeout of one HTTP request to the RPC. @default 10_000 */
  readonly timeoutMs?: number | undefined;
  /** Retries of a failed HTTP request (viem retries 429/5xx/timeouts only). @default 2 */
  readonly retryCount?: number | undefined;
  /** How often receipts and blocks are polled. @default 1_000 */
  readonly pollingIntervalMs?: number | undefined;
  /**
   * Most JSON-RPC calls in one batch request: calls issued together (in one tick, e.g. under `Promise.all`) go out
   * as one HTTP request of at most this many calls (issue 16); 1 sends every call on its own. A batch the endpoint
   * refuses is split (`batch-fetch.ts`). @default 1
   */
  readonly batchSize?: number | undefined;
};

/** The clients built by {@link createChainClients}, sharing one transport configuration. */
export type ChainClients = {
  readonly chain: Chain;
  readonly account: LocalAccount;
  readonly publicClient: PublicClient<Transport, Chain>;
  readonly walletClient: WalletClient<Transport, Chain, LocalAccount>;
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
  batchSize = 1,
}: CreateChainClientsParameters): ChainClients {
  const chain = defineChain({
    id: chainId,
    name: KNOWN_CHAINS[chainId] ?? `chain ${chainId}`,
    nativeCurrency: {name: 'Ether', symbol: 'ETH', decimals: 18},
    rpcUrls: {default: {http: parseRpcUrls(rpcUrl)}},
  });
  // No redirect is followed: a 3xx from the RPC is an error naming its target, never a re-sent signed transaction.
  // Batching: reads issued in the same tick share one HTTP request (wait 0 = flushed on the next macrotask).
  const batch = batchSize > 1 ? {batchSize: Math.floor(batchSize), wait: 0} : false;
  const fetchFn = batch ? batchTolerantFetch(fetchWithoutRedirects) : fetchWithoutRedirects;
  const transport = rpcTransport(rpcUrl, chainId, {timeout: timeoutMs, retryCount, retryDelay: 250, fetchFn, batch});
  const account = typeof privateKey === 'string' ? privateKeyToAccount(privateKey) : privateKey;
  const publicClient = createPublicClient({chain, transport, pollingInterval: pollingIntervalMs});
  const walletClient = createWalletClient({chain, transport, account, pollingInterval: pollingIntervalMs});
  return {chain, account, publicClient, walletClient};
}
