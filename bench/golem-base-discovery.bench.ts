/**
 * Golem Base discovery: one listing of 500 adverts from a local JSON-RPC node that adds 20 ms to every HTTP
 * request (a nearby public RPC), golem's batched driver against the reference's access pattern measured in the
 * same run — one request per advert (reference §5.2.3: `golembase_getEntityMetaData` once per result, N+1
 * sequential round trips; the reference even adds one block query per row, left out here in its favour).
 * Targets: ≤ 3 round trips per listing, ≥ 50× faster than the baseline.
 */
import {createGolemBaseDiscovery} from '../source/adapters/discovery/golem-base.js';
import {spawnGolemBaseServer, type GolemBaseServerProcess} from '../test/helpers/golem-base-server-process.js';
import {sample, timeRuns, type Benchmark, type BenchRow} from './lib/benchmark.js';

const ADVERTS = 500;
const DELAY_MS = 20;
const QUERY = 'golem_type="provider" && golem_network="mainnet" && golem_payments_network="l2.holesky"';

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params}),
  });
  const body = (await response.json()) as {result?: unknown};
  return body.result;
}

/** The reference's pattern: query, then the metadata of each result one request at a time, then the block number. */
async function baselineListing(url: string): Promise<number> {
  const found = ((await rpc(url, 'golembase_queryEntities', [QUERY])) ?? []) as {key: string}[];
  const metadata: unknown[] = [];
  for (const {key} of found) metadata.push(await rpc(url, 'golembase_getEntityMetaData', [key]));
  await rpc(url, 'eth_blockNumber', []);
  return metadata.length;
}

async function measureRoundTrips(server: GolemBaseServerProcess, body: () => Promise<unknown>, runs: number) {
  const roundTrips: number[] = [];
  const requests: number[] = [];
  for (let index = 0; index < runs; index++) {
    await server.resetStats();
    await body();
    const stats = await server.stats();
    roundTrips.push(stats.roundTrips);
    requests.push(stats.requests);
  }
  return {roundTrips: sample(roundTrips), requests: sample(requests)};
}

/** 500 adverts at 20 ms per request: wall time, round trips and HTTP requests, golem vs one request per advert. */
export const benchmark: Benchmark = {
  name: 'golem-base discovery (500 adverts, 20 ms per request)',
  async run(): Promise<BenchRow[]> {
    // The node runs in its own process, as a remote node would: only the client's work is on this process.
    const server = await spawnGolemBaseServer({adverts: ADVERTS, delayMs: DELAY_MS});
    try {
      const discovery = createGolemBaseDiscovery({
        rpcUrl: server.url,
        timeoutMs: 60_000,
        advertisementIntervalSeconds: 3600,
        defaultPort: 7466,
      });
      const golemListing = async () => {
        const adverts = await discovery.findProviders({network: 'mainnet', paymentsNetwork: 'l2.holesky'});
        if (adverts.length !== ADVERTS) throw new Error(`golem listed ${adverts.length} of ${ADVERTS} adverts`);
      };
      const baseline = async () => {
        const count = await baselineListing(server.url);
        if (count !== ADVERTS) throw new Error(`baseline listed ${count} of ${ADVERTS} adverts`);
      };

      const golemTime = await timeRuns(golemListing, 5, 1);
      const baselineTime = await timeRuns(baseline, 2, 0);
      const golemTrips = await measureRoundTrips(server, golemListing, 3);
      const baselineTrips = await measureRoundTrips(server, baseline, 1);
      const ratio = baselineTime.median / golemTime.median;
      const label = 'one request per advert (reference §5.2.3)';
      return [
        {
          name: `golem-base discovery: wall time, ${ADVERTS} adverts, +${DELAY_MS} ms/request`,
          unit: 'ms',
          golem: golemTime,
          baseline: {...baselineTime, label},
          target: `≥ 50× faster (this run: ${ratio.toFixed(0)}×)`,
          met: ratio >= 50,
        },
        {
          name: `golem-base discovery: round trips per listing (${ADVERTS} adverts)`,
          unit: 'round trips',
          golem: golemTrips.roundTrips,
          baseline: {...baselineTrips.roundTrips, label},
          target: '≤ 3',
          met: golemTrips.roundTrips.median <= 3,
        },
        {
          name: `golem-base discovery: HTTP requests per listing (${ADVERTS} adverts)`,
          unit: 'requests',
          golem: golemTrips.requests,
          baseline: {...baselineTrips.requests, label},
          target: `≤ 1 + ⌈${ADVERTS} / batch size 100⌉ = ${1 + Math.ceil(ADVERTS / 100)}`,
          met: golemTrips.requests.median <= 1 + Math.ceil(ADVERTS / 100),
        },
      ];
    } finally {
      await server.close();
    }
  },
};
