/**
 * The devnet's central discovery server: an in-memory stand-in for the Golem central discovery service
 * (reference §5.1) that providers post adverts to and requestors query.
 *
 * Differences from the real server, on purpose: the store is in memory; there is no rate limit (tests and the
 * devnet hammer it from one IP); fields the real server does not know (`provider_port`, `provider_name`) are kept
 * and returned, so a requestor learns which port a devnet provider listens on; provider ids are matched
 * case-insensitively (they are addresses).
 */
import Fastify from 'fastify';
import {z} from 'zod';
import {HttpError, installFastApiConventions, parseOr422, ValidationFailedError} from './fastapi-conventions.js';

/** Options of `startDiscoveryServer`. */
export type DiscoveryServerOptions = {
  /** Interface to bind; loopback only. @default '127.0.0.1' */
  readonly host?: '127.0.0.1';
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Adverts older than this are left out of listings (reference: 5 minutes, hard-coded upstream). @default 300 */
  readonly freshnessSeconds?: number;
  /** Receives one line per unexpected server error. @default no-op */
  readonly onLog?: (line: string) => void;
};

/** A running discovery server. `url` has no trailing slash, e.g. `http://127.0.0.1:41234`. */
export type DiscoveryServer = {
  readonly url: string;
  close(): Promise<void>;
};

/** What a stored advert looks like on the wire (reference §5.1), plus any extra fields the provider sent. */
type StoredAdvert = {
  provider_id: string;
  ip_address: string;
  country: string;
  platform: string | null;
  resources: {cpu: number; memory: number; storage: number};
  pricing: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
  [extra: string]: unknown;
};

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

const AdvertisementBody = z.looseObject({
  ip_address: z.string().regex(IPV4),
  country: z.string().length(2),
  platform: z.string().nullish(),
  resources: z.object({
    cpu: z.number().int().min(1),
    memory: z.number().int().min(1),
    storage: z.number().int().min(1),
  }),
  pricing: z.record(z.string(), z.unknown()).nullish(),
});

const ProviderHeaders = z.object({
  'x-provider-id': z.string(),
  'x-provider-signature': z.string(),
});

const RESOURCE_FILTERS = ['cpu', 'memory', 'storage'] as const;

/** Python's naive UTC `isoformat()` (no zone suffix), as the real server writes its timestamps. */
function naiveUtcNow(): string {
  return new Date().toISOString().replace('Z', '');
}

function parseNaiveUtc(text: string): number {
  return Date.parse(`${text}Z`);
}

function advertNotFound(): HttpError {
  return new HttpError(404, {code: 'ADV_004', message: 'Advertisement not found'});
}

/** Reads the provider credential headers: absent → 422 (FastAPI), empty → 401 AUTH_003. Returns the id. */
function requireCredentials(headers: Record<string, unknown>): string {
  const credentials = parseOr422(ProviderHeaders, headers, 'header');
  if (credentials['x-provider-id'].trim() === '' || credentials['x-provider-signature'].trim() === '') {
    throw new HttpError(401, {code: 'AUTH_003', message: 'Missing provider credentials'});
  }
  return credentials['x-provider-id'].trim();
}

/** Parses the listing's query: non-integers → 422 `int_parsing`, values below 1 → 400 ADV_002. */
function parseListQuery(query: Record<string, unknown>): {
  minimums: Partial<Record<(typeof RESOURCE_FILTERS)[number], number>>;
  country: string | undefined;
  platform: string | undefined;
} {
  const minimums: Partial<Record<(typeof RESOURCE_FILTERS)[number], number>> = {};
  const issues = [];
  for (const key of RESOURCE_FILTERS) {
    const raw = query[key];
    if (raw === undefined) continue;
    const text = String(raw).trim();
    if (!/^[+-]?\d+$/.test(text)) {
      issues.push({
        type: 'int_parsing',
        loc: ['query', key],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: raw,
      });
      continue;
    }
    minimums[key] = Number.parseInt(text, 10);
  }
  if (issues.length > 0) throw new ValidationFailedError(issues);
  if (Object.values(minimums).some((value) => value < 1)) {
    throw new HttpError(400, {code: 'ADV_002', message: 'Resource requirements must be >= 1'});
  }
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {minimums, country: text(query['country']), platform: text(query['platform'])};
}

/**
 * Starts the discovery server on 127.0.0.1 (reference §5.1):
 * - `GET /health` → `{"status":"healthy"}`;
 * - `GET /api/v1/advertisements?cpu&memory&storage&country&platform` → adverts updated within
 *   `freshnessSeconds` whose resources are ≥ the minimums and whose country/platform match exactly;
 * - `GET /api/v1/advertisements/:id` → one advert regardless of age, or 404 ADV_004;
 * - `POST /api/v1/advertisements` (headers `X-Provider-ID`, `X-Provider-Signature`; the signature is not verified,
 *   as upstream) → upsert keyed by provider id, 200 with the stored advert;
 * - `DELETE /api/v1/advertisements/:id` (same headers; id must equal the header, else 401 AUTH_004).
 *
 * @example
 * const discovery = await startDiscoveryServer();
 * await fetch(`${discovery.url}/api/v1/advertisements?cpu=2`);
 * await discovery.close();
 */
export async function startDiscoveryServer(options: DiscoveryServerOptions = {}): Promise<DiscoveryServer> {
  const freshnessMs = (options.freshnessSeconds ?? 300) * 1000;
  const log = options.onLog ?? (() => {});
  const adverts = new Map<string, StoredAdvert>();
  const app = Fastify({logger: false});
  installFastApiConventions(app, (error) => log(`discovery: unexpected error: ${String(error)}`));

  app.get('/health', async () => ({status: 'healthy'}));

  app.get('/api/v1/advertisements', async (request) => {
    const {minimums, country, platform} = parseListQuery(request.query as Record<string, unknown>);
    const oldestMs = Date.now() - freshnessMs;
    return [...adverts.values()].filter(
      (advert) =>
        parseNaiveUtc(advert.updated_at) >= oldestMs &&
        RESOURCE_FILTERS.every((key) => minimums[key] === undefined || advert.resources[key] >= minimums[key]) &&
        (country === undefined || advert.country === country) &&
        (platform === undefined || advert.platform === platform),
    );
  });

  app.get<{Params: {id: string}}>('/api/v1/advertisements/:id', async (request) => {
    const advert = adverts.get(request.params.id.toLowerCase());
    if (!advert) throw advertNotFound();
    return advert;
  });

  app.post('/api/v1/advertisements', async (request) => {
    const providerId = requireCredentials(request.headers);
    const body = parseOr422(AdvertisementBody, request.body, 'body');
    const key = providerId.toLowerCase();
    const now = naiveUtcNow();
    const advert: StoredAdvert = {
      ...body,
      provider_id: providerId,
      platform: body.platform ?? null,
      pricing: body.pricing ?? null,
      created_at: adverts.get(key)?.created_at ?? now,
      updated_at: now,
    };
    adverts.set(key, advert);
    return advert;
  });

  app.delete<{Params: {id: string}}>('/api/v1/advertisements/:id', async (request) => {
    const providerId = requireCredentials(request.headers);
    const key = request.params.id.toLowerCase();
    if (providerId.toLowerCase() !== key) {
      throw new HttpError(401, {code: 'AUTH_004', message: 'Not authorized to delete this advertisement'});
    }
    if (!adverts.delete(key)) throw advertNotFound();
    return {status: 'success'};
  });

  await app.listen({host: options.host ?? '127.0.0.1', port: options.port ?? 0});
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('discovery server: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
    },
  };
}
