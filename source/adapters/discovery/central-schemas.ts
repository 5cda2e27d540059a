/**
 * Lenient zod schema of one central-discovery advert (reference §5.1). Only what identifies a provider is
 * required (`provider_id`, `ip_address`); every other field is read defensively by the mapper, so one junk
 * field never drops a usable advert, and one junk advert never drops the list.
 */
import {z} from 'zod';

/**
 * One element of `GET /api/v1/advertisements`: `{provider_id, ip_address, country, platform, resources,
 * pricing, created_at, updated_at}` plus the devnet's extensions `provider_port`, `provider_name`,
 * `payments_network`.
 */
export const CentralAdvert = z.object({
  provider_id: z.string(),
  ip_address: z.string(),
  provider_port: z.unknown().optional(),
  provider_name: z.unknown().optional(),
  country: z.unknown().optional(),
  platform: z.unknown().optional(),
  payments_network: z.unknown().optional(),
  resources: z.record(z.string(), z.unknown()).nullish(),
  pricing: z.record(z.string(), z.unknown()).nullish(),
  updated_at: z.unknown().optional(),
});
export type CentralAdvert = z.infer<typeof CentralAdvert>;

/** The network fields an advert may state (our devnet's extensions; the real server has none, reference §2.8). */
export const CentralAdvertNetworks = z.object({network: z.unknown().optional(), payments_network: z.unknown().optional()});

/** Error bodies of the discovery server: `{"detail": {"code","message"}}`, `{"detail": "<text>"}`, 429 `{"code","message"}`. */
export const CentralErrorBody = z.union([
  z.object({detail: z.object({code: z.string().optional(), message: z.string()})}),
  z.object({detail: z.string()}),
  z.object({code: z.string().optional(), message: z.string()}),
]);
