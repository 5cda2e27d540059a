import {isIP} from 'node:net';
import {getAddress, isAddress} from 'viem';
import {CancelledError, DiscoveryError} from '../../errors.js';
import type {DiscoveryClient, ProviderFilter} from '../../services/ports.js';
import type {ProviderAdvert} from '../../services/types.js';
import {count, matchesFilter, optionalText, toPricing, type AdvertNetworks} from './advert-fields.js';
import {buildGolemBaseQuery} from './golem-base-query.js';
import {createJsonRpcClient, type JsonRpcOutcome} from './golem-base-rpc.js';
import {
  BlockNumberResult,
  EntityMetaData,
  NumericAnnotation,
  QueriedEntity,
  QueryEntitiesResult,
  StringAnnotation,
  WellFormedEntityMetaData,
} from './golem-base-schemas.js';

/** Where the Golem Base node is and how adverts are read (reference §2.2 golem_base_*, §5.2). */
export type CreateGolemBaseDiscoveryParameters = {
  /** JSON-RPC URL over HTTP(S), e.g. `https://ethwarsaw.holesky.golemdb.io/rpc` (GOLEM_REQUESTOR_GOLEM_BASE_RPC_URL). */
  readonly rpcUrl: string;
  /** Deadline for one whole listing (all its requests), milliseconds. */
  readonly timeoutMs: number;
  /** Providers' advert interval, seconds (GOLEM_REQUESTOR_ADVERTISEMENT_INTERVAL, default 3600); adverts live 2× this many blocks. */
  readonly advertisementIntervalSeconds: number;
  /** Provider API port; Golem Base adverts carry none (real providers: 7466). */
  readonly defaultPort: number;
  /** Most calls per JSON-RPC array body. @default 100 */
  readonly batchSize?: number | undefined;
  /** Most HTTP requests in flight at once. @default 8 */
  readonly maxConcurrentRequests?: number | undefined;
  /** Seconds per block for the "Updated" age. @default 2 (reference §5.2.5) */
  readonly blockTimeSeconds?: number | undefined;
  /** Clock for `updatedAt`. @default () => new Date() */
  readonly now?: (() => Date) | undefined;
};

/** One advert read from an entity, with what is needed to filter and deduplicate it. */
type EntityAdvert = {advert: ProviderAdvert; stated: AdvertNetworks; expiresAtBlock: number};

const HINT =
  'Check GOLEM_REQUESTOR_GOLEM_BASE_RPC_URL, or use the central server: GOLEM_REQUESTOR_DISCOVERY_DRIVER=central.';

/** String annotations first, then numeric ones, so a numeric value wins a key clash (reference §5.2.5). */
function annotationsOf(
  strings: readonly (StringAnnotation | null)[],
  numerics: readonly (NumericAnnotation | null)[],
): Map<string, string | number> {
  const annotations = new Map<string, string | number>();
  for (const annotation of [...strings, ...numerics]) if (annotation) annotations.set(annotation.key, annotation.value);
  return annotations;
}

/**
 * The metadata's expiry, owner and annotations. Well-formed metadata is parsed in one zod pass; otherwise each
 * annotation is parsed on its own and a malformed one is skipped, not the advert.
 */
function readMetadata(raw: unknown): {expiresAtBlock: number; owner: string; annotations: Map<string, string | number>} | null {
  const wellFormed = WellFormedEntityMetaData.safeParse(raw);
  if (wellFormed.success) {
    const {expiresAtBlock, owner, stringAnnotations, numericAnnotations} = wellFormed.data;
    return {expiresAtBlock, owner, annotations: annotationsOf(stringAnnotations ?? [], numericAnnotations ?? [])};
  }
  const lenient = EntityMetaData.safeParse(raw);
  if (!lenient.success) return null;
  const {expiresAtBlock, owner, stringAnnotations, numericAnnotations} = lenient.data;
  const strings = (stringAnnotations ?? []).map((item) => StringAnnotation.safeParse(item).data ?? null);
  const numerics = (numericAnnotations ?? []).map((item) => NumericAnnotation.safeParse(item).data ?? null);
  return {expiresAtBlock, owner, annotations: annotationsOf(strings, numerics)};
}

/**
 * Maps one entity's metadata to an advert (reference §5.2.4–5.2.5), or null when it is not a usable, honest
 * advert: no `golem_provider_id` address, an owner other than that id (spoofed, §14.3 item 4), no IP literal,
 * or already expired at `latestBlock`.
 */
function toEntityAdvert(
  raw: unknown,
  context: {latestBlock: number | null; defaultPort: number; btlBlocks: number; blockTimeSeconds: number; now: Date},
): EntityAdvert | null {
  const meta = readMetadata(raw);
  if (!meta) return null;
  const {annotations} = meta;
  const text = (key: string) => optionalText(annotations.get(key));
  const providerId = text('golem_provider_id');
  if (!providerId || !isAddress(providerId, {strict: false}) || !isAddress(meta.owner, {strict: false})) return null;
  // Both are well-formed addresses: equal ignoring case (a checksum is not a second identity).
  if (meta.owner.toLowerCase() !== providerId.toLowerCase()) return null;
  const ipAddress = text('golem_ip_address');
  if (!ipAddress || isIP(ipAddress) === 0) return null;
  const {latestBlock} = context;
  if (latestBlock !== null && meta.expiresAtBlock <= latestBlock) return null;
  let updatedAt: string | null = null;
  if (latestBlock !== null) {
    // Extensions push the expiry beyond a fresh BTL, so the derived block may lie ahead: the age clamps at 0.
    const ageBlocks = Math.max(0, latestBlock - (meta.expiresAtBlock - context.btlBlocks));
    updatedAt = new Date(context.now.getTime() - ageBlocks * context.blockTimeSeconds * 1000).toISOString();
  }
  return {
    advert: {
      providerId: getAddress(providerId),
      providerName: text('golem_provider_name'),
      ipAddress,
      port: context.defaultPort,
      country: text('golem_country'),
      platform: text('golem_platform'),
      paymentsNetwork: text('golem_payments_network'),
      resources: {
        cpu: count(annotations.get('golem_cpu')),
        memory: count(annotations.get('golem_memory')),
        storage: count(annotations.get('golem_storage')),
      },
      pricing: toPricing({
        core: annotations.get('golem_price_usd_core_month'),
        ram: annotations.get('golem_price_usd_ram_gb_month'),
        storage: annotations.get('golem_price_usd_storage_gb_month'),
      }),
      updatedAt,
    },
    stated: {network: text('golem_network'), paymentsNetwork: text('golem_payments_network')},
    expiresAtBlock: meta.expiresAtBlock,
  };
}

/** One advert per provider id, the latest expiry winning, in first-seen order. */
function deduplicate(adverts: readonly EntityAdvert[]): ProviderAdvert[] {
  const byId = new Map<string, EntityAdvert>();
  for (const entry of adverts) {
    const seen = byId.get(entry.advert.providerId);
    if (!seen || entry.expiresAtBlock > seen.expiresAtBlock) byId.set(entry.advert.providerId, entry);
  }
  return [...byId.values()].map((entry) => entry.advert);
}

function latestBlockOf(outcome: JsonRpcOutcome | undefined): number | null {
  if (!outcome?.isOk) return null;
  const parsed = BlockNumberResult.safeParse(outcome.result);
  if (!parsed.success) return null;
  const block = Number(BigInt(parsed.data));
  return Number.isSafeInteger(block) ? block : null;
}

/**
 * Discovery through a Golem Base node (reference §5.2, driver `golem-base`), read-only over plain HTTP JSON-RPC:
 * no WebSocket and no key (the reference needed both, §5.2.1).
 *
 * One listing is two round trips whatever the number of adverts: (1) one array body with
 * `golembase_queryEntities(<query>)` (§5.2.2, values escaped) and `eth_blockNumber`; (2) `golembase_getEntityMetaData`
 * for every key, in array bodies of at most `batchSize` sent side by side (at most `maxConcurrentRequests`). A node
 * that refuses array bodies is asked one call per request instead (remembered for later listings). The reference
 * made N+1 sequential requests plus one block query per row (§14.1 item 16).
 *
 * Each advert is checked and normalised: the entity owner must equal `golem_provider_id` (case-insensitive;
 * spoofed adverts are dropped, §14.3 item 4), the IP must be an IP literal, expired entities are dropped, the filters
 * are re-checked client side, every string is sanitised, prices become fixed18 USD or null (case-03), and one
 * advert per provider id is kept (latest expiry wins). `updatedAt` = now − max(0, latest − (expiresAtBlock −
 * 2 × interval)) × `blockTimeSeconds` (§5.2.5), null when the block number is unavailable. An entity whose
 * metadata call fails (e.g. it expired meanwhile) is skipped.
 *
 * The network filters come with each call (`filter.network`, `filter.paymentsNetwork`; reference §2.8 wants
 * `golem_network` always, so callers pass the configured network); leaving them out lists every network.
 *
 * Throws `DiscoveryError` (cannot connect, no answer within `timeoutMs`, HTTP error, junk answer, query refused by
 * the node), with a hint naming GOLEM_REQUESTOR_GOLEM_BASE_RPC_URL; `CancelledError` when `signal` aborts.
 *
 * @example
 * const discovery = createGolemBaseDiscovery({
 *   rpcUrl: config.golemBase.rpcUrl, timeoutMs: 10_000, advertisementIntervalSeconds: config.golemBase.advertisementIntervalSeconds,
 *   defaultPort: config.defaultProviderPort,
 * });
 * const adverts = await discovery.findProviders({network: 'mainnet', paymentsNetwork: 'l2.holesky', cpu: 2, memory: 4, storage: 20});
 */
export function createGolemBaseDiscovery({
  rpcUrl,
  timeoutMs,
  advertisementIntervalSeconds,
  defaultPort,
  batchSize = 100,
  maxConcurrentRequests = 8,
  blockTimeSeconds = 2,
  now = () => new Date(),
}: CreateGolemBaseDiscoveryParameters): DiscoveryClient {
  const fail = (reason: string, cause?: unknown) => new DiscoveryError({url: rpcUrl, reason, hint: HINT, cause});
  const rpc = createJsonRpcClient({
    url: rpcUrl,
    batchSize: Math.max(1, Math.floor(batchSize)),
    maxConcurrentRequests: Math.max(1, Math.floor(maxConcurrentRequests)),
    fail,
  });
  const btlBlocks = advertisementIntervalSeconds * 2;

  async function list(filter: ProviderFilter, signal: AbortSignal): Promise<ProviderAdvert[]> {
    const query = buildGolemBaseQuery(filter);
    const [queried, block] = await rpc.callMany(
      [
        {method: 'golembase_queryEntities', params: [query]},
        {method: 'eth_blockNumber', params: []},
      ],
      signal,
    );
    if (!queried?.isOk) {
      const error = queried && !queried.isOk ? queried.error : {code: 0, message: 'no answer'};
      throw fail(`the node refused the query (${error.code}: ${optionalText(error.message)?.slice(0, 200) ?? ''})`);
    }
    const result = QueryEntitiesResult.safeParse(queried.result);
    if (!result.success) throw fail('golembase_queryEntities did not answer a list');
    const keys = [
      ...new Set((result.data ?? []).flatMap((item) => {
        const entity = QueriedEntity.safeParse(item);
        return entity.success ? [entity.data.key.toLowerCase()] : [];
      })),
    ];
    const metadata = await rpc.callMany(
      keys.map((key) => ({method: 'golembase_getEntityMetaData', params: [key]})),
      signal,
    );
    const context = {latestBlock: latestBlockOf(block), defaultPort, btlBlocks, blockTimeSeconds, now: now()};
    const adverts = metadata.flatMap((outcome) => {
      const entry = outcome.isOk ? toEntityAdvert(outcome.result, context) : null;
      return entry && matchesFilter(entry.advert, entry.stated, filter) ? [entry] : [];
    });
    return deduplicate(adverts);
  }

  return {
    url: rpcUrl,
    async findProviders(filter, signal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        return await list(filter, signal ? AbortSignal.any([signal, timeout]) : timeout);
      } catch (error) {
        if (signal?.aborted) throw new CancelledError();
        if (timeout.aborted) throw fail(`no answer within ${timeoutMs / 1000} s`, error);
        throw error;
      }
    },
  };
}
