import {formatFixed18} from '../lib/decimal.js';
import {formatEth} from '../lib/format.js';
import type {ProviderOffer} from '../services/services.js';
import {defineCommand} from './command.js';
import {providerJson} from './json-shapes.js';
import {plainTable, writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

const price = (value: bigint | null, suffix: string) => (value === null ? '—' : `$${formatFixed18(value, 4)}${suffix}`);

function row({advert, estimate}: ProviderOffer): string[] {
  return [
    advert.providerId,
    advert.providerName ?? '—',
    `${advert.ipAddress}:${advert.port}`,
    advert.country ?? '—',
    String(advert.resources.cpu),
    String(advert.resources.memory),
    String(advert.resources.storage),
    price(advert.pricing.usdPerCoreMonth, '/mo'),
    price(advert.pricing.usdPerGbRamMonth, '/mo'),
    price(advert.pricing.usdPerGbStorageMonth, '/mo'),
    estimate ? `~$${formatFixed18(estimate.usdPerHour, 6)}/h · ${formatEth(estimate.weiPerHour, 8)}/h` : '—',
  ];
}

/** `golem vm providers` — reference §1.5. */
export const vmProvidersCommand = defineCommand({
  path: ['vm', 'providers'],
  description: 'List available providers matching requirements.',
  help: `
  Usage
    $ golem vm providers [--cpu N] [--memory GB] [--storage GB] [--country CC] [--platform ARCH] [--json]

  Options
    --cpu        Minimum CPU cores required
    --memory     Minimum memory (GB) required
    --storage    Minimum disk (GB) required
    --country    Preferred provider country
    --platform   Preferred platform/arch (e.g., x86_64, arm64)
    --json       Output in JSON format

  With --cpu, --memory and --storage all given, each provider shows the estimated price of that VM.

  Examples
    $ golem vm providers --cpu 2 --memory 4 --storage 20
    $ golem vm providers --json | jq '.providers[].provider_id'
`,
  flags: {
    cpu: {type: 'number'},
    memory: {type: 'number'},
    storage: {type: 'number'},
    country: {type: 'string'},
    platform: {type: 'string'},
    json: {type: 'boolean', default: false},
  },
  async run(io, {flags}) {
    const offers = await withServices(io, (services) =>
      services.listProviders(
        {cpu: flags.cpu, memory: flags.memory, storage: flags.storage, country: flags.country, platform: flags.platform},
        io.signal,
      ),
    );
    if (flags.json) {
      writeJson(io, {providers: offers.map(providerJson)});
      return 0;
    }
    if (offers.length === 0) {
      io.stderr.write('No providers found matching criteria.\n');
      return 0;
    }
    writeLines(io, [
      `Available providers (${offers.length})`,
      '',
      ...plainTable(
        [
          {header: 'Provider ID', maxWidth: 42},
          {header: 'Name', maxWidth: 24},
          {header: 'Address', maxWidth: 28},
          {header: 'Country', maxWidth: 8},
          {header: 'CPU', align: 'right'},
          {header: 'RAM GB', align: 'right'},
          {header: 'Disk GB', align: 'right'},
          {header: 'USD/core', maxWidth: 14},
          {header: 'USD/GB RAM', maxWidth: 14},
          {header: 'USD/GB disk', maxWidth: 14},
          {header: 'Estimate', maxWidth: 40},
        ],
        offers.map(row),
      ),
    ]);
    return 0;
  },
});
