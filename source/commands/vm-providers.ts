import {formatFixed18} from '../lib/decimal.js';
import {formatEth} from '../lib/format.js';
import type {ListProvidersParameters, ProviderOffer, ProviderSort} from '../services/services.js';
import {SECONDS_PER_MONTH} from '../services/streams/stream-math.js';
import {defineCommand, type CommandIo} from './command.js';
import {providerJson} from './json-shapes.js';
import {parseCountry} from './country.js';
import {PLATFORMS} from './rental-flags.js';
import {writeJson, writeLines} from './output.js';
import {plainTable, type PlainColumn} from './plain-table.js';
import {withServices} from './with-services.js';

/** Hours in the month providers price by (reference §6.1: 730). */
const HOURS_PER_MONTH = 730n;

const SORT_KEYS = ['price', 'cpu', 'memory', 'storage', 'country', 'updated'] as const satisfies readonly ProviderSort[];

/** `$0.006849/h`-style cell; `—` for a missing or junk price (case-03). */
const usdCell = (fixed18: bigint | null, fractionDigits: number, suffix: string) =>
  fixed18 === null ? '—' : `$${formatFixed18(fixed18, fractionDigits)}${suffix}`;

/** A monthly unit price as the hourly one (÷ 730, rounded down, reference §1.5), or null. */
const hourly = (monthlyFixed18: bigint | null) => (monthlyFixed18 === null ? null : monthlyFixed18 / HOURS_PER_MONTH);

/**
 * How long ago `updatedAt` (ISO-8601) was at `now`: `42s ago`, `5m ago`, `3h ago`, `2d ago` (floor; a time in the
 * future reads `0s ago`, reference §5.2.5); `—` when unknown or unparseable.
 */
export function formatAge(updatedAt: string | null, now: Date): string {
  const millis = updatedAt ? Date.parse(updatedAt) : Number.NaN;
  if (Number.isNaN(millis)) return '—';
  const seconds = Math.max(0, Math.floor((now.getTime() - millis) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86_400)}d ago`;
}

const IDENTITY_COLUMNS: readonly PlainColumn[] = [
  {header: 'Provider ID', maxWidth: 42},
  {header: 'Name', maxWidth: 24},
  {header: 'Address', maxWidth: 28},
  {header: 'Country', maxWidth: 8},
  {header: 'CPU', align: 'right'},
  {header: 'RAM GB', align: 'right'},
  {header: 'Disk GB', align: 'right'},
];
const TRAILING_COLUMNS: readonly PlainColumn[] = [{header: 'Platform', maxWidth: 12}, {header: 'Updated'}];

/**
 * The table of `golem vm providers` as lines. Without a full spec (`hasSpec` false) each row shows the unit prices
 * per hour (USD per core, per GB RAM, per GB disk — monthly ÷ 730); with one, the estimate for that spec per hour
 * and per month in USD and in ETH (the stream rate × 3600 and × 2,628,000 s, exact bigint, reference §6.2). A
 * missing or junk price, or no estimate, shows as `—` (case-03). `now` dates the "Updated" column.
 */
export function providerTableLines(offers: readonly ProviderOffer[], {hasSpec, now}: {hasSpec: boolean; now: Date}): string[] {
  const priceColumns: readonly PlainColumn[] = hasSpec
    ? [
        {header: 'USD/h', align: 'right'},
        {header: 'USD/mo', align: 'right'},
        {header: 'ETH/h', align: 'right'},
        {header: 'ETH/mo', align: 'right'},
      ]
    : [
        {header: 'USD/core/h', align: 'right'},
        {header: 'USD/GB RAM/h', align: 'right'},
        {header: 'USD/GB disk/h', align: 'right'},
      ];
  const rows = offers.map(({advert, estimate}) => {
    const {pricing} = advert;
    const prices = hasSpec
      ? [
          usdCell(estimate?.usdPerHour ?? null, 6, ''),
          usdCell(estimate?.usdPerMonth ?? null, 4, ''),
          estimate ? formatEth(estimate.weiPerHour, 8) : '—',
          estimate ? formatEth(estimate.ratePerSecondWei * SECONDS_PER_MONTH, 6) : '—',
        ]
      : [
          usdCell(hourly(pricing.usdPerCoreMonth), 6, ''),
          usdCell(hourly(pricing.usdPerGbRamMonth), 6, ''),
          usdCell(hourly(pricing.usdPerGbStorageMonth), 6, ''),
        ];
    return [
      advert.providerId,
      advert.providerName ?? '—',
      `${advert.ipAddress}:${advert.port}`,
      advert.country ?? '—',
      String(advert.resources.cpu),
      String(advert.resources.memory),
      String(advert.resources.storage),
      ...prices,
      advert.platform ?? '—',
      formatAge(advert.updatedAt, now),
    ];
  });
  return plainTable([...IDENTITY_COLUMNS, ...priceColumns, ...TRAILING_COLUMNS], rows);
}

/** Writes to stderr what is being asked of discovery (reference §1.5 steps 1–2); stdout stays for the result. */
function describeQuery(io: CommandIo, parameters: ListProvidersParameters): void {
  const config = io.config();
  const payments = parameters.allPayments ? 'ALL' : (parameters.paymentsNetwork ?? config.paymentsNetwork);
  const criteria = [
    parameters.cpu && `CPU ≥ ${parameters.cpu}`,
    parameters.memory && `RAM ≥ ${parameters.memory} GB`,
    parameters.storage && `disk ≥ ${parameters.storage} GB`,
    parameters.country && `country ${parameters.country}`,
    parameters.platform && `platform ${parameters.platform}`,
  ].filter(Boolean);
  io.stderr.write(
    `→ Querying discovery via ${parameters.driver ?? config.discoveryDriver} ` +
      `(network=${parameters.network ?? config.network}, payments=${payments})` +
      `${criteria.length > 0 ? `: ${criteria.join(', ')}` : ''}\n`,
  );
}

/** `golem vm providers` — reference §1.5 (all options) plus `--sort`. */
export const vmProvidersCommand = defineCommand({
  path: ['vm', 'providers'],
  description: 'List available providers matching requirements.',
  help: `
  Usage
    $ golem vm providers [--cpu N] [--memory GB] [--storage GB] [--country CC] [--platform ARCH]
                         [--driver central|golem-base] [--network NET] [--payments-network NAME | --all-payments]
                         [--sort price|cpu|memory|storage|country|updated] [--json]

  Options
    --cpu               Minimum CPU cores required
    --memory            Minimum memory (GB) required
    --storage           Minimum disk (GB) required
    --country           Preferred provider country (two letters, e.g. SE)
    --platform          Preferred platform/arch (e.g., x86_64, arm64)
    --driver            Discovery driver to use (central or golem-base; default from settings)
    --network           Override network filter for this command (development, testnet or mainnet)
    --payments-network  Filter by payments network profile (default: current config)
    --all-payments      Do not filter by payments network (show all)
    --sort              Order rows by price (default), cpu, memory, storage, country or updated
    --json              Output in JSON format

  Without a full spec each row shows the unit prices per hour (USD per core, per GB RAM, per GB disk).
  With --cpu, --memory and --storage all given, each row shows what that VM costs per hour and per month,
  in USD and in ETH. A price the provider does not advertise (or advertises as junk) shows as —, and such
  providers sort last.

  Examples
    $ golem vm providers
    $ golem vm providers --cpu 2 --memory 4 --storage 20 --sort price
    $ golem vm providers --country SE --sort updated
    $ golem vm providers --all-payments --json | jq '.providers[].provider_id'
`,
  flags: {
    cpu: {type: 'number'},
    memory: {type: 'number'},
    storage: {type: 'number'},
    country: {type: 'string'},
    platform: {type: 'string', choices: [...PLATFORMS] as string[]},
    driver: {type: 'string', choices: ['central', 'golem-base']},
    network: {type: 'string', choices: ['development', 'testnet', 'mainnet']},
    paymentsNetwork: {type: 'string'},
    allPayments: {type: 'boolean', default: false},
    sort: {type: 'string', choices: [...SORT_KEYS], default: 'price'},
    json: {type: 'boolean', default: false},
  },
  async run(io, {flags}) {
    const parameters: ListProvidersParameters = {
      cpu: flags.cpu,
      memory: flags.memory,
      storage: flags.storage,
      country: flags.country === undefined ? undefined : parseCountry(flags.country),
      platform: flags.platform,
      driver: flags.driver as ListProvidersParameters['driver'],
      network: flags.network,
      paymentsNetwork: flags.paymentsNetwork,
      allPayments: flags.allPayments,
      sort: flags.sort as ProviderSort,
    };
    describeQuery(io, parameters);
    const offers = await withServices(io, (services) => services.listProviders(parameters, io.signal));
    if (flags.json) {
      writeJson(io, {providers: offers.map(providerJson)});
      return 0;
    }
    if (offers.length === 0) {
      io.stderr.write('No providers found matching criteria.\n');
      return 0;
    }
    const hasSpec = Boolean(flags.cpu && flags.memory && flags.storage);
    writeLines(io, [`Available providers (${offers.length})`, '', ...providerTableLines(offers, {hasSpec, now: new Date()})]);
    return 0;
  },
});
