import {isIP} from 'node:net';
import {getAddress, isAddress} from 'viem';
import {httpGetJson} from '../http-get-json.js';
import {DiscoveryError} from '../../errors.js';
import {sanitizeText} from '../../lib/sanitize.js';
import type {DiscoveryClient, ProviderFilter} from '../../services/ports.js';
import type {ProviderAdvert} from '../../services/types.js';
import {count, matchesFilter, optionalText, toPricing, type AdvertNetworks} from './advert-fields.js';
import {CentralAdvert, CentralAdvertNetworks, CentralErrorBody} from './central-schemas.js';

/** Where the central discovery server is and how to reach providers it lists. */
export type CreateCentralDiscoveryParameters = {
  /** Base URL of the discovery server, e.g. `http://195.201.39.101:9001` (GOLEM_REQUESTOR_DISCOVERY_URL). */
  readonly url: string;
  /** Provider API port for adverts without our `provider_port` extension (real providers: 7466). */
  readonly defaultPort: number;
  /** Request timeout, milliseconds. */
  readonly timeoutMs: number;
};

function portOr(value: unknown, fallback: number): number {
  const port = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65_535 ? port : fallback;
}

/** The server writes naive UTC ISO times (`2025-01-01T10:00:00.123456`); returns `…Z` ISO-8601 or null. */
function isoTime(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = /(?:Z|[+-]\d\d:?\d\d)$/i.test(value.trim()) ? value.trim() : `${value.trim()}Z`;
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

/**
 * Maps one raw advert to a `ProviderAdvert`, or null when it cannot identify a reachable provider (id not an
 * address, IP not an IP literal). Prices become fixed18 USD or null (missing, "", "abc", negative — case-03);
 * numbers and strings are both accepted, and "1e30" is a valid (huge) price.
 */
export function toProviderAdvert(raw: unknown, defaultPort: number): ProviderAdvert | null {
  const parsed = CentralAdvert.safeParse(raw);
  if (!parsed.success) return null;
  const advert = parsed.data;
  const providerId = advert.provider_id.trim();
  if (!isAddress(providerId, {strict: false})) return null;
  const ipAddress = advert.ip_address.trim();
  if (isIP(ipAddress) === 0) return null;
  const resources = advert.resources ?? {};
  const pricing = advert.pricing ?? {};
  return {
    providerId: getAddress(providerId),
    providerName: optionalText(advert.provider_name),
    ipAddress,
    port: portOr(advert.provider_port, defaultPort),
    country: optionalText(advert.country),
    platform: optionalText(advert.platform),
    paymentsNetwork: optionalText(advert.payments_network),
    resources: {cpu: count(resources['cpu']), memory: count(resources['memory']), storage: count(resources['storage'])},
    pricing: toPricing({
      core: pricing['usd_per_core_month'],
      ram: pricing['usd_per_gb_ram_month'],
      storage: pricing['usd_per_gb_storage_month'],
    }),
    updatedAt: isoTime(advert.updated_at),
  };
}

/** The networks a raw advert states: our devnet's `network`/`payments_network` extensions, when present. */
function statedNetworks(raw: unknown): AdvertNetworks {
  const parsed = CentralAdvertNetworks.safeParse(raw);
  if (!parsed.success) return {network: null, paymentsNetwork: null};
  return {network: optionalText(parsed.data.network), paymentsNetwork: optionalText(parsed.data.payments_network)};
}

/** Keeps one advert per provider id, the most recently updated (unknown times count as oldest), in first-seen order. */
function deduplicate(adverts: readonly ProviderAdvert[]): ProviderAdvert[] {
  const byId = new Map<string, ProviderAdvert>();
  const time = (advert: ProviderAdvert) => (advert.updatedAt ? Date.parse(advert.updatedAt) : -Infinity);
  for (const advert of adverts) {
    const seen = byId.get(advert.providerId);
    if (!seen || time(advert) > time(seen)) byId.set(advert.providerId, advert);
  }
  return [...byId.values()];
}

function errorText(body: string, status: number): string {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(body);
  } catch {
    // not JSON: quote the text
  }
  const known = CentralErrorBody.safeParse(parsed);
  let text: string;
  if (!known.success) text = body;
  else if ('detail' in known.data) {
    const {detail} = known.data;
    text = typeof detail === 'string' ? detail : [detail.code, detail.message].filter(Boolean).join(' ');
  } else text = [known.data.code, known.data.message].filter(Boolean).join(' ');
  const clean = sanitizeText(text).trim().slice(0, 300);
  return `HTTP ${status}${clean ? `: ${clean}` : ''}`;
}

function query(filter: ProviderFilter): string {
  const parameters = new URLSearchParams();
  // The server answers 400 (ADV_002) for minimums below 1; a minimum of 0 means "no filter" anyway.
  for (const key of ['cpu', 'memory', 'storage'] as const) {
    const value = filter[key];
    if (value !== undefined && value >= 1) parameters.set(key, String(Math.ceil(value)));
  }
  if (filter.country) parameters.set('country', filter.country);
  if (filter.platform) parameters.set('platform', filter.platform);
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

/**
 * Discovery through the central advertisement server (reference §5.1, driver `central`).
 *
 * `findProviders` sends `GET <url>/api/v1/advertisements` with only the filters given, then maps each advert
 * leniently (a bad one is dropped, not the list): provider id checksummed (adverts whose id is not an address
 * are dropped), port from our `provider_port` extension else `defaultPort`, `provider_name` when present,
 * prices as fixed18 USD or null (case-03), every string sanitised, one advert per provider id (latest
 * `updated_at` wins). The server itself ignores network filters (§2.8), so the filter's `network` and
 * `paymentsNetwork` are applied here to adverts that state them (our devnet's extensions); every other filter is
 * re-checked too.
 *
 * Throws `DiscoveryError` (unreachable, timeout, non-2xx with the server's code and message, body not a list)
 * and `CancelledError` when `signal` aborts.
 *
 * @example
 * const discovery = createCentralDiscovery({url: config.discoveryUrl, defaultPort: 7466, timeoutMs: 10_000});
 * const adverts = await discovery.findProviders({cpu: 2, memory: 4, storage: 20});
 */
export function createCentralDiscovery({url, defaultPort, timeoutMs}: CreateCentralDiscoveryParameters): DiscoveryClient {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    async findProviders(filter, signal) {
      const body = await httpGetJson(`${base}/api/v1/advertisements${query(filter)}`, {
        timeoutMs,
        signal,
        fail: (reason, cause) => new DiscoveryError({url: base, reason, cause}),
        describeStatus: (status, text) => errorText(text, status),
      });
      if (!Array.isArray(body)) throw new DiscoveryError({url: base, reason: 'the answer is not a list of adverts'});
      // The server has no network fields (reference §2.8, §14.1 item 8): those filters apply here.
      const adverts = body.flatMap((raw) => {
        const advert = toProviderAdvert(raw, defaultPort);
        return advert && matchesFilter(advert, statedNetworks(raw), filter) ? [advert] : [];
      });
      return deduplicate(adverts);
    },
  };
}
