import {describe, expect, it} from 'vitest';
import type {ProviderOffer} from '../../../../source/services/services.js';
import type {ProviderAdvert} from '../../../../source/services/types.js';
import {formatAge, nextSortColumn, providerColumns, sortProviderOffers} from '../../../../source/ui/screens/provider-columns.js';
import {makeAdvert, usd} from '../../../helpers/fake-services.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');

function offer(id: string, overrides: Partial<ProviderAdvert> = {}): ProviderOffer {
  return {advert: makeAdvert({providerId: `0x${id.repeat(40)}` as `0x${string}`, providerName: `p${id}`, ...overrides}), estimate: null};
}

const junk = {usdPerCoreMonth: null, usdPerGbRamMonth: null, usdPerGbStorageMonth: null};
const offers: ProviderOffer[] = [
  offer('1', {pricing: {usdPerCoreMonth: usd('6'), usdPerGbRamMonth: usd('2'), usdPerGbStorageMonth: usd('0.1')}, country: 'PL', updatedAt: '2026-01-01T11:00:00Z'}),
  offer('2', {pricing: junk, country: null, updatedAt: 'garbage'}),
  offer('3', {pricing: {usdPerCoreMonth: usd('4'), usdPerGbRamMonth: usd('2'), usdPerGbStorageMonth: usd('0.1')}, country: 'DE', updatedAt: '2026-01-01T11:59:00Z'}),
  offer('4', {pricing: {usdPerCoreMonth: 0n, usdPerGbRamMonth: usd('1'), usdPerGbStorageMonth: usd('0.1')}, country: 'SE', updatedAt: null}),
];
const columns = providerColumns({nowMs: NOW, withEstimate: false});
const names = (rows: readonly ProviderOffer[]) => rows.map(({advert}) => advert.providerName);

describe('sortProviderOffers', () => {
  it('case-03: junk and zero prices sort last in both directions', () => {
    expect(names(sortProviderOffers(offers, columns, {column: 'core-price', reversed: false}))).toEqual(['p3', 'p1', 'p2', 'p4']);
    expect(names(sortProviderOffers(offers, columns, {column: 'core-price', reversed: true}))).toEqual(['p1', 'p3', 'p2', 'p4']);
  });

  it('sorts by country A→Z with unknown last, and by age newest first', () => {
    expect(names(sortProviderOffers(offers, columns, {column: 'country', reversed: false}))).toEqual(['p3', 'p1', 'p4', 'p2']);
    expect(names(sortProviderOffers(offers, columns, {column: 'updated', reversed: false}))).toEqual(['p3', 'p1', 'p2', 'p4']);
  });

  it('cycles the sort column and leaves an unknown column as is', () => {
    expect(nextSortColumn(columns, 'name')).toBe('country');
    expect(nextSortColumn(columns, 'updated')).toBe('name');
    expect(sortProviderOffers(offers, columns, {column: 'nope', reversed: false})).toBe(offers);
  });
});

describe('provider columns', () => {
  it('shows the advert age, and "—" for an unknown time', () => {
    expect(formatAge('2026-01-01T11:59:30Z', NOW)).toBe('30s');
    expect(formatAge('2026-01-01T11:00:00Z', NOW)).toBe('1h');
    expect(formatAge('2025-12-29T12:00:00Z', NOW)).toBe('3d');
    expect(formatAge(null, NOW)).toBe('—');
    expect(formatAge('garbage', NOW)).toBe('—');
  });

  it('adds the per-hour estimate columns only with a spec', () => {
    expect(columns.map((column) => column.key)).not.toContain('usd-hour');
    const withSpec = providerColumns({nowMs: NOW, withEstimate: true});
    expect(withSpec.map((column) => column.key)).toEqual(['name', 'country', 'platform', 'cpu', 'memory', 'storage', 'usd-hour', 'eth-hour', 'updated']);
    const estimate = {usdPerMonth: usd('73'), usdPerHour: usd('0.1'), ratePerSecondWei: 10n ** 10n, weiPerHour: 36n * 10n ** 12n};
    const row = {...offers[0]!, estimate};
    const cells = Object.fromEntries(withSpec.map((column) => [column.key, column.cell(row)]));
    expect(cells['usd-hour']).toBe('$0.1');
    expect(cells['eth-hour']).toBe('0.000036 ETH');
    expect(withSpec.find((column) => column.key === 'usd-hour')!.cell(offers[1]!)).toBe('—');
  });
});
