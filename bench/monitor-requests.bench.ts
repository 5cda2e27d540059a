/**
 * Auto top-up monitor chattiness (issue 3 item 3): HTTP requests to the RPC per monitor pass with 100 running,
 * healthy streams, counted by a small proxy in front of anvil. golem reads every stream and the block time in one
 * JSON-RPC batch; the baseline reads one stream per request plus the block time (what reference §8.2 does per VM,
 * minus its extra block read per VM). Target: ≤ 2 requests per pass. Also the wall time of one pass against the
 * baseline's reads. Run with `tsx bench/run.ts monitor`.
 */
import {monitorPass} from '../source/services/monitor/monitor-pass.js';
import {startCountingProxy} from '../test/helpers/counting-proxy.js';
import {createMonitorHome, monitorContext, openFundedVm, startMonitorChain} from '../test/helpers/monitor-chain.js';
import {sample, type Benchmark, type BenchRow} from './lib/benchmark.js';

const STREAMS = 100;
const RUNS = 5;

export const benchmark: Benchmark = {
  name: `monitor: RPC requests per pass (${STREAMS} running streams)`,
  async run(): Promise<BenchRow[]> {
    const chain = await startMonitorChain();
    const proxy = await startCountingProxy(chain.anvil.rpcUrl);
    const home = createMonitorHome(chain, proxy.url);
    const ctx = monitorContext(home, {minRemainingSeconds: 3600, targetSeconds: 7200, spendCapWeiPerDay: null});
    try {
      const ids: bigint[] = [];
      for (let index = 0; index < STREAMS; index++) ids.push(await openFundedVm(ctx, chain, `bench-${index}`, {seconds: 4 * 3600}));
      const client = ctx.payments().client;

      const golemRequests: number[] = [];
      const golemMs: number[] = [];
      const baselineRequests: number[] = [];
      const baselineMs: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        proxy.reset();
        let start = performance.now();
        const pass = await monitorPass(ctx);
        golemMs.push(performance.now() - start);
        golemRequests.push(proxy.requests());
        if (pass.checked !== STREAMS || pass.toppedUp !== 0) throw new Error(`unexpected pass: ${pass.checked} checked, ${pass.toppedUp} topped up`);

        proxy.reset();
        start = performance.now();
        await client.getBlockTimestamp();
        for (const id of ids) await client.getStream(id);
        baselineMs.push(performance.now() - start);
        baselineRequests.push(proxy.requests());
      }
      const requests = sample(golemRequests);
      const ms = sample(golemMs);
      const baselineMsSample = sample(baselineMs);
      return [
        {
          name: `monitor pass: HTTP requests to the RPC (${STREAMS} streams)`,
          unit: 'requests',
          golem: requests,
          baseline: {...sample(baselineRequests), label: 'one streams() read per request + block time'},
          target: '≤ 2 requests per pass',
          met: requests.median <= 2,
        },
        {
          name: `monitor pass: wall time (${STREAMS} streams)`,
          unit: 'ms',
          golem: ms,
          baseline: {...baselineMsSample, label: 'one streams() read per request + block time'},
          target: '≤ baseline',
          met: ms.median <= baselineMsSample.median,
        },
      ];
    } finally {
      ctx.db.close();
      home.remove();
      await proxy.stop();
      await chain.stop();
    }
  },
};
