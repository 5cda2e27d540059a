import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {formatAge, providerTableLines, vmProvidersCommand} from '../../../source/commands/vm-providers.js';
import {sortOffers} from '../../../source/services/providers/sort-offers.js';
import type {ProviderOffer} from '../../../source/services/services.js';
import {makeTestIo} from '../../helpers/command-io.js';

const id = (digit: string) => `0x${digit.repeat(40)}`;
const price = (value: unknown) => ({usd_per_core_month: value, usd_per_gb_ram_month: value, usd_per_gb_storage_month: value});
const advert = (digit: string, pricing: unknown, extra: Record<string, unknown> = {}) => ({
  provider_id: id(digit),
  ip_address: `10.0.0.${digit}`,
  country: 'SE',
  platform: 'x86_64',
  resources: {cpu: 4, memory: 8, storage: 100},
  ...(pricing === undefined ? {} : {pricing}),
  updated_at: '2026-11-30T11:00:00',
  ...extra,
});

// case-03's five adverts: "0.5", "", missing, "abc", "1e30" — plus one that names another payments network.
const ADVERTS = [
  advert('1', price('')),
  advert('2', undefined),
  advert('3', price('abc')),
  advert('4', price('1e30'), {country: 'DE', resources: {cpu: 16, memory: 64, storage: 500}, updated_at: '2026-11-30T12:00:00'}),
  advert('5', price('0.5'), {provider_name: '東京-node 🚀'}),
  advert('6', price('0.1'), {payments_network: 'kaolin.holesky'}),
];

let server: Server;
let requests: string[] = [];
let baseDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(ADVERTS));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseDir = mkdtempSync(join(tmpdir(), 'golem-providers-'));
  env = {
    GOLEM_REQUESTOR_BASE_DIR: baseDir,
    GOLEM_REQUESTOR_DISCOVERY_DRIVER: 'central',
    GOLEM_REQUESTOR_DISCOVERY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'l2.holesky',
    GOLEM_REQUESTOR_ETH_USD_PRICE: '2000',
  };
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(baseDir, {recursive: true, force: true});
});

async function run(argv: Record<string, unknown>) {
  const test = makeTestIo({env});
  const flags = {json: false, allPayments: false, sort: 'price', ...argv} as Parameters<typeof vmProvidersCommand.run>[1]['flags'];
  const code = await vmProvidersCommand.run(test.io, {args: [], rest: [], flags});
  return {code, stdout: test.stdout(), stderr: test.stderr()};
}

describe('golem vm providers', () => {
  it('case-03: junk prices show as "—", are left out of estimates and sort last; no NaN', async () => {
    const {code, stdout} = await run({cpu: 2, memory: 4, storage: 20});
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/NaN|undefined|Infinity/);
    const rows = stdout.split('\n').filter((line) => line.startsWith('0x'));
    expect(rows.map((row) => row.slice(0, 42))).toEqual([id('5'), id('4'), id('1'), id('2'), id('3')]);
    // 0.5 × (2 + 4 + 20) = $13/mo = $0.017808/h; at $2000/ETH.
    expect(rows[0]).toContain('$13');
    expect(rows[0]).toContain('$0.017808');
    expect(rows[0]).toMatch(/0\.006499 ETH/);
    for (const row of rows.slice(2)) expect(row).toMatch(/—\s+—\s+—\s+—/);
  });

  it('case-03: without a full spec, unit prices per hour; unpriced providers last', async () => {
    const {stdout} = await run({});
    const rows = stdout.split('\n').filter((line) => line.startsWith('0x'));
    expect(stdout).toContain('USD/core/h');
    expect(rows[0]).toContain(id('5'));
    // $0.5/month ÷ 730 = $0.000684…/h
    expect(rows[0]).toContain('$0.000684');
    expect(rows.slice(2).every((row) => row.includes('—'))).toBe(true);
  });

  it('case-04: --json prints exactly one JSON document; estimates only where priced; progress on stderr', async () => {
    const {code, stdout, stderr} = await run({cpu: 2, memory: 4, storage: 20, json: true});
    expect(code).toBe(0);
    const document = JSON.parse(stdout) as {providers: Array<{provider_id: string; estimate?: Record<string, string>}>};
    expect(stdout.trim().split('\n').length).toBeGreaterThan(1);
    expect(document.providers.map((provider) => provider.provider_id)).toEqual([id('5'), id('4'), id('1'), id('2'), id('3')]);
    expect(document.providers[0]!.estimate).toMatchObject({usd_per_month: '13', usd_per_hour: '0.01780821'});
    expect(BigInt(document.providers[0]!.estimate!['wei_per_month']!)).toBe(2_473_363_774n * 2_628_000n);
    expect(document.providers.slice(2).every((provider) => provider.estimate === undefined)).toBe(true);
    expect(stderr).toContain('Querying discovery via central');
  });

  it('case-04: an empty result is {"providers":[]} on stdout with the warning on stderr', async () => {
    const {stdout} = await run({cpu: 1000, json: true});
    expect(JSON.parse(stdout)).toEqual({providers: []});
  });

  it('filters by the payments network unless --all-payments; --payments-network overrides the setting', async () => {
    const ids = async (flags: Record<string, unknown>) =>
      (JSON.parse((await run({json: true, ...flags})).stdout) as {providers: Array<{provider_id: string}>}).providers.map((p) => p.provider_id);
    expect(await ids({})).not.toContain(id('6'));
    expect(await ids({allPayments: true})).toContain(id('6'));
    const kaolin = await ids({paymentsNetwork: 'kaolin.holesky'});
    expect(kaolin).toContain(id('6'));
    expect(kaolin).toContain(id('1'));
  });

  it('--sort cpu, country and updated order rows; --country is sent upper-cased', async () => {
    requests = [];
    const first = async (sort: string) => {
      const {stdout} = await run({json: true, sort, allPayments: true});
      return (JSON.parse(stdout) as {providers: Array<{provider_id: string}>}).providers[0]!.provider_id;
    };
    expect(await first('cpu')).toBe(id('4'));
    expect(await first('updated')).toBe(id('4'));
    expect(await first('country')).toBe(id('4')); // DE before SE
    await run({json: true, country: 'se'});
    expect(requests.at(-1)).toContain('country=SE');
  });

  it('--driver selects another discovery driver than the configured one', async () => {
    const {io} = makeTestIo({env: {...env, GOLEM_REQUESTOR_DISCOVERY_DRIVER: 'golem-base'}});
    const flags = {json: true, allPayments: false, sort: 'price', driver: 'central'} as Parameters<typeof vmProvidersCommand.run>[1]['flags'];
    const before = requests.length;
    expect(await vmProvidersCommand.run(io, {args: [], rest: [], flags})).toBe(0);
    expect(requests.length).toBe(before + 1);
  });
});

describe('provider table cells', () => {
  it('"Updated" is an age: seconds, minutes, hours, days; unknown is —', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    expect(formatAge('2026-11-30T11:59:30Z', now)).toBe('30s ago');
    expect(formatAge('2026-11-30T11:55:00Z', now)).toBe('5m ago');
    expect(formatAge('2026-11-30T09:00:00Z', now)).toBe('3h ago');
    expect(formatAge('2026-11-28T12:00:00Z', now)).toBe('2d ago');
    expect(formatAge('2026-11-30T12:05:00Z', now)).toBe('0s ago');
    expect(formatAge(null, now)).toBe('—');
  });

  it('case-03: sortOffers puts unpriced rows last for every key that ties', () => {
    const offer = (digit: string, core: bigint | null): ProviderOffer => ({
      advert: {
        providerId: id(digit) as `0x${string}`,
        providerName: null,
        ipAddress: '10.0.0.1',
        port: 7466,
        country: null,
        platform: null,
        paymentsNetwork: null,
        resources: {cpu: 1, memory: 1, storage: 1},
        pricing: {usdPerCoreMonth: core, usdPerGbRamMonth: core, usdPerGbStorageMonth: core},
        updatedAt: null,
      },
      estimate: null,
    });
    const offers = [offer('1', null), offer('2', 5n), offer('3', 0n), offer('4', 1n)];
    for (const key of ['price', 'cpu', 'country', 'updated'] as const) {
      expect(sortOffers(offers, key).map((o) => o.advert.providerId)).toEqual([id('4'), id('2'), id('1'), id('3')]);
    }
    expect(providerTableLines(offers, {hasSpec: false, now: new Date()}).join('\n')).not.toContain('NaN');
  });
});
