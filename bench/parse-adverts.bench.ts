/**
 * Discovery parsing cost: normalising 1,000 central-discovery adverts (zod, decimal prices, sanitising) with
 * golem's `toProviderAdvert`, against a plain `JSON.parse` of the same payload as the baseline, in this process.
 * Reported (no target): it shows what validation adds per `vm providers`.
 */
import {toProviderAdvert} from '../source/adapters/discovery/central.js';
import {timeRuns, type Benchmark, type BenchRow} from './lib/benchmark.js';

const ADVERTS = 1000;
const RUNS = 30;

const adverts = Array.from({length: ADVERTS}, (_, index) => ({
  provider_id: `0x${(index + 1).toString(16).padStart(40, '0')}`,
  provider_name: `provider-${index} 東京 🚀`,
  ip_address: '127.0.0.1',
  provider_port: 7466,
  country: 'SE',
  platform: 'x86_64',
  resources: {cpu: 4, memory: 8, storage: 80},
  pricing: {usd_per_core_month: '5.0', usd_per_gb_ram_month: 2, usd_per_gb_storage_month: index % 7 === 0 ? 'abc' : '0.1'},
  created_at: '2026-11-30T10:00:00',
  updated_at: '2026-11-30T10:00:00',
}));
const payload = JSON.stringify(adverts);

/** Discovery parsing row: ms to normalise 1,000 adverts vs `JSON.parse` alone. */
export const benchmark: Benchmark = {
  name: 'parse-adverts',
  async run(): Promise<BenchRow[]> {
    let accepted = 0;
    const baseline = await timeRuns(() => JSON.parse(payload), RUNS, 3);
    const golem = await timeRuns(() => {
      accepted = 0;
      for (const raw of JSON.parse(payload) as unknown[]) if (toProviderAdvert(raw, 7466)) accepted++;
    }, RUNS, 3);
    if (accepted === 0) throw new Error('toProviderAdvert accepted none of the adverts');
    return [
      {
        name: `discovery: parse ${ADVERTS.toLocaleString('en')} adverts (${accepted} kept)`,
        unit: 'ms',
        golem,
        baseline: {...baseline, label: 'JSON.parse only'},
        target: 'reported',
        met: true,
      },
    ];
  },
};
