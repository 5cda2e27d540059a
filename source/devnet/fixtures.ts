/**
 * The devnet's provider line-up: distinct names, countries, capacities and USD prices, so that `golem vm
 * providers` has something to filter and sort on.
 */

/** One devnet provider's advertised identity, capacity (cores, GB RAM, GB disk) and monthly USD prices. */
export type DevnetProviderFixture = {
  readonly name: string;
  /** ISO 3166 two-letter code (reference §5.1: exactly 2 chars). */
  readonly country: string;
  readonly platform: string;
  readonly resources: {readonly cpu: number; readonly memory: number; readonly storage: number};
  /** Decimal USD strings per month (reference §5.2.4, month = 730 h). */
  readonly pricing: {
    readonly usdPerCoreMonth: string;
    readonly usdPerGbRamMonth: string;
    readonly usdPerGbStorageMonth: string;
  };
};

const LINE_UP: readonly DevnetProviderFixture[] = [
  {
    name: 'devnet-alpha',
    country: 'SE',
    platform: 'x86_64',
    resources: {cpu: 4, memory: 8, storage: 80},
    pricing: {usdPerCoreMonth: '5', usdPerGbRamMonth: '2', usdPerGbStorageMonth: '0.1'},
  },
  {
    name: 'devnet-beta',
    country: 'DE',
    platform: 'x86_64',
    resources: {cpu: 8, memory: 16, storage: 160},
    pricing: {usdPerCoreMonth: '4', usdPerGbRamMonth: '1.5', usdPerGbStorageMonth: '0.08'},
  },
  {
    name: 'devnet-gamma',
    country: 'PL',
    platform: 'arm64',
    resources: {cpu: 2, memory: 4, storage: 40},
    pricing: {usdPerCoreMonth: '3', usdPerGbRamMonth: '1', usdPerGbStorageMonth: '0.05'},
  },
  {
    name: 'devnet-delta',
    country: 'US',
    platform: 'x86_64',
    resources: {cpu: 16, memory: 32, storage: 320},
    pricing: {usdPerCoreMonth: '6.5', usdPerGbRamMonth: '2.5', usdPerGbStorageMonth: '0.12'},
  },
];

const EXTRA_COUNTRIES = ['NL', 'FR', 'FI', 'CZ', 'ES', 'JP'] as const;

/** Most providers a devnet starts (each is an HTTP server plus SSH sandboxes in the devnet process). */
export const MAX_DEVNET_PROVIDERS = 10;

/**
 * The first `count` providers of the line-up (1 ≤ count ≤ `MAX_DEVNET_PROVIDERS`): alpha (SE, 4/8/80), beta (DE,
 * 8/16/160), gamma (PL, arm64), delta (US); beyond four, `devnet-p<n>` with rotating countries and growing
 * prices. Deterministic, so a restarted devnet advertises the same offers.
 */
export function devnetProviderFixtures(count: number): DevnetProviderFixture[] {
  const fixtures: DevnetProviderFixture[] = [];
  for (let index = 0; index < count; index++) {
    const listed = LINE_UP[index];
    if (listed) {
      fixtures.push(listed);
      continue;
    }
    const extra = index - LINE_UP.length;
    fixtures.push({
      name: `devnet-p${index + 1}`,
      country: EXTRA_COUNTRIES[extra % EXTRA_COUNTRIES.length]!,
      platform: 'x86_64',
      resources: {cpu: 2 + 2 * (extra % 4), memory: 4 + 4 * (extra % 4), storage: 50 + 50 * (extra % 4)},
      pricing: {
        usdPerCoreMonth: `${4 + extra}.25`,
        usdPerGbRamMonth: `${1 + extra}.5`,
        usdPerGbStorageMonth: `0.0${(extra % 9) + 1}`,
      },
    });
  }
  return fixtures;
}
