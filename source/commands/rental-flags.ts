/**
 * The flags that describe a rental, shared by `vm create` and `vm stream open` (reference §1.2), and how they pick
 * the provider (issue 14): `--provider` takes a name, an id or a unique id prefix (`--provider-id` is the
 * reference's name for it); without one, the cheapest provider that fits the spec, `--country`, `--platform` and
 * `--max-price-per-hour` is chosen, and the quote says which and why.
 */
import type {AnyFlags} from 'meow';
import {UsageError} from '../errors.js';
import {parseFixed18} from '../lib/decimal.js';
import type {Services} from '../services/services.js';
import {chooseProvider, type ChosenProvider} from '../services/providers/choose-provider.js';
import {parseCountry} from './country.js';
import {defaultDepositHours} from '../services/streams/stream-math.js';
import type {CommandIo} from './command.js';

/** Platforms adverts name (reference §5.1 `golem_platform`). */
export const PLATFORMS = ['x86_64', 'arm64'] as const;

/** The rental flags (meow spec shape, checked by `parseCommandLine`). */
export const rentalFlags = {
  provider: {type: 'string'},
  providerId: {type: 'string'},
  country: {type: 'string'},
  platform: {type: 'string', choices: [...PLATFORMS] as string[]},
  maxPricePerHour: {type: 'string'},
  cpu: {type: 'number', isRequired: true},
  memory: {type: 'number', isRequired: true},
  storage: {type: 'number', isRequired: true},
  // No fixed default: `rentalHours` takes it from the monitor's policy (issue 11 item 7).
  hours: {type: 'number'},
} as const satisfies AnyFlags;

/**
 * `--hours` as given, or the default that agrees with the auto top-up policy in the settings
 * (`defaultDepositHours`: 2 h with the default 3600 s minimum runway), so a new stream is not topped up at once.
 * Throws `ConfigError` when the settings are malformed (as any command that loads them).
 */
export function rentalHours(io: Pick<CommandIo, 'config'>, hours: number | undefined): number {
  return hours ?? defaultDepositHours(io.config().monitor);
}

/** The help lines of `rentalFlags`' provider part. */
export const RENTAL_PROVIDER_HELP = `    --provider            Provider name, id or unique id prefix (default: the cheapest that fits)
    --provider-id         Same as --provider (the reference's name)
    --country             With no --provider: only providers in this country (code or name: SE, sweden)
    --platform            With no --provider: only this platform (x86_64 or arm64)
    --max-price-per-hour  With no --provider: only providers costing at most this many USD per hour`;

/** `rentalFlags` as parsed. */
export type RentalFlagValues = {
  provider?: string | undefined;
  providerId?: string | undefined;
  country?: string | undefined;
  platform?: string | undefined;
  maxPricePerHour?: string | undefined;
  cpu: number;
  memory: number;
  storage: number;
};

/** Local checks of the provider flags (no network): throws `UsageError`. */
export function checkProviderFlags(flags: RentalFlagValues): {reference: string | undefined; country: string | undefined; maxUsdPerHourFixed18: bigint | undefined} {
  if (flags.provider !== undefined && flags.providerId !== undefined && flags.provider !== flags.providerId) {
    throw new UsageError({shortMessage: 'Give --provider or --provider-id, not both.'});
  }
  const reference = flags.provider ?? flags.providerId;
  if (reference !== undefined && (flags.country ?? flags.platform ?? flags.maxPricePerHour) !== undefined) {
    throw new UsageError({shortMessage: '--country, --platform and --max-price-per-hour choose a provider; leave them out with --provider.'});
  }
  const maxUsdPerHourFixed18 = flags.maxPricePerHour === undefined ? undefined : parseFixed18(flags.maxPricePerHour.trim());
  if (maxUsdPerHourFixed18 === null || maxUsdPerHourFixed18 === 0n) {
    throw new UsageError({shortMessage: `--max-price-per-hour must be a positive USD amount (e.g. 0.05), got '${flags.maxPricePerHour}'.`});
  }
  return {reference, country: flags.country === undefined ? undefined : parseCountry(flags.country), maxUsdPerHourFixed18};
}

/**
 * The provider for this rental: asks discovery once (with the country/platform filters) and picks by reference or
 * price (`chooseProvider`). Throws `UsageError`, `InvalidInputError` (ambiguous), `NotFoundError`, `DiscoveryError`.
 */
export async function chooseRentalProvider(services: Services, flags: RentalFlagValues): Promise<ChosenProvider> {
  const {reference, country, maxUsdPerHourFixed18} = checkProviderFlags(flags);
  const resources = {cpu: flags.cpu, memory: flags.memory, storage: flags.storage};
  const offers = await services.listProviders({...(reference === undefined ? resources : {}), country, platform: flags.platform, sort: 'price'});
  const filters = [
    ...(country ? [`country ${country}`] : []),
    ...(flags.platform ? [`platform ${flags.platform}`] : []),
    ...(flags.maxPricePerHour ? [`at most $${flags.maxPricePerHour.trim()}/h`] : []),
  ];
  // A provider named on purpose is taken whatever its size (the create then says what it lacks, before paying).
  return chooseProvider(offers, {reference, resources, maxUsdPerHourFixed18, filters});
}
