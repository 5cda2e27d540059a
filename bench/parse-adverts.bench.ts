/**
 * Discovery parsing cost: normalising 1,000 adverts (zod, decimal prices, sanitising) against a plain
 * `JSON.parse` of the same payload as the baseline, in the same process.
 */
import {bench, describe} from 'vitest';
import {toProviderAdvert} from '../source/adapters/discovery/central.js';

const adverts = Array.from({length: 1000}, (_, index) => ({
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

describe('discovery parsing (1,000 adverts)', () => {
  bench('baseline: JSON.parse', () => void JSON.parse(payload));
  bench('JSON.parse + toProviderAdvert', () => {
    for (const raw of JSON.parse(payload) as unknown[]) toProviderAdvert(raw, 7466);
  });
});
