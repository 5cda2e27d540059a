/**
 * `golem vm list --json` with unreachable providers (issue 16 §3, after issue 11 item 4: answers within 3 s).
 *
 * - Every provider unreachable: 90 VMs on three providers on 127.0.0.1 — one that accepts connections and never
 *   answers, one that answers every request 500, one whose port is closed — and a chain RPC endpoint that never
 *   answers either (the cost-so-far read). Target ≤ 3000 ms wall time, baseline `node -e 0` in the same run; every
 *   VM shown `unreachable` with the time it was last confirmed kept (`confirmed_at`) and `unreachable_since` set.
 * - Mixed: the hanging and the 500 provider plus a healthy one; the healthy provider's VMs confirmed `running`.
 * - The same refresh in this process (the provider deadline alone), and the HTTP requests per list.
 *
 * Run with `tsx bench/run.ts vm-list`.
 */
import {once} from 'node:events';
import {rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {join} from 'node:path';
import {openDatabase} from '../source/adapters/db/database.js';
import {loadConfig} from '../source/config/settings.js';
import {createServiceContext} from '../source/services/create-services.js';
import {refreshVms, VM_LIST_DEADLINE_MS} from '../source/services/vms/refresh-vms.js';
import {sample, type Benchmark, type BenchRow} from './lib/benchmark.js';
import {freePort} from './lib/free-port.js';
import {requireBuiltCli, runProcess, tempDir} from './lib/process.js';

const RUNS = 7;
const VMS_PER_PROVIDER = 30;
const TARGET_MS = 3000;
/** When the seeded VMs were last confirmed by their providers: must survive an unreachable refresh. */
const CONFIRMED_AT = '2026-12-01T10:00:00.000Z';

type Provider = {server: Server; port: number; requests: number};

async function provider(answer: (name: string, respond: (status: number, body: unknown) => void) => void): Promise<Provider> {
  const state: Provider = {server: createServer(), port: 0, requests: 0};
  state.server.on('request', (request, response) => {
    state.requests += 1;
    answer(request.url ?? '', (status, body) => {
      response.writeHead(status, {'content-type': 'application/json'});
      response.end(JSON.stringify(body));
    });
  });
  state.server.listen(0, '127.0.0.1');
  await once(state.server, 'listening');
  state.port = (state.server.address() as {port: number}).port;
  return state;
}

const names = (prefix: string) => Array.from({length: VMS_PER_PROVIDER}, (_, index) => `${prefix}-${String(index).padStart(2, '0')}`);

/** Writes `VMS_PER_PROVIDER` running VMs per `[prefix, port]` into `baseDir`'s database, last confirmed `CONFIRMED_AT`. */
function seed(baseDir: string, providers: readonly (readonly [string, number])[]): void {
  const db = openDatabase(loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir}).paths.dbPath);
  try {
    db.transact((repositories) => {
      for (const [prefix, port] of providers) {
        for (const name of names(prefix)) {
          repositories.vms.upsert({
            name,
            vmId: name,
            providerId: `0x${'ab'.repeat(20)}`,
            providerIp: '127.0.0.1',
            providerPort: port,
            resources: {cpu: 1, memory: 1, storage: 10},
            sshHost: '127.0.0.1',
            sshPort: 2222,
            streamId: null,
            status: 'running',
            confirmedAt: CONFIRMED_AT,
          });
        }
      }
    });
  } finally {
    db.close();
  }
}

type ListedVm = {status: string; confirmed_at: string | null; unreachable_since: string | null};

/** Runs `node args` `RUNS` times with `env`: wall times (ms) and the last run's stdout. Throws on a failed run. */
async function timed(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{times: number[]; stdout: string}> {
  const times: number[] = [];
  let stdout = '';
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const result = await runProcess(process.execPath, args, {env});
    times.push(performance.now() - start);
    if (result.exitCode !== 0) throw new Error(`node ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
    stdout = result.stdout;
  }
  return {times, stdout};
}

function statusCounts(vms: readonly ListedVm[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const vm of vms) counts[vm.status] = (counts[vm.status] ?? 0) + 1;
  return counts;
}

export const benchmark: Benchmark = {
  name: 'vm list with unreachable providers',
  async run(): Promise<BenchRow[]> {
    const cli = requireBuiltCli();
    const baseDir = tempDir('vm-list-unreachable');
    const healthyNames = names('ok');
    const hanging = await provider(() => {});
    const failing = await provider((_path, respond) => respond(500, {detail: 'An unexpected error occurred'}));
    const healthy = await provider((path, respond) =>
      path === '/api/v1/vms'
        ? respond(200, healthyNames.map((name) => ({id: name, name, status: 'running', resources: {cpu: 1, memory: 1, storage: 10}, ssh_port: 2222})))
        : respond(404, {detail: 'Not Found'}),
    );
    const hangingRpc = await provider(() => {});
    const servers = [hanging, failing, healthy, hangingRpc];
    try {
      const closedPort = await freePort();
      const allDir = join(baseDir, 'all-unreachable');
      const mixedDir = join(baseDir, 'mixed');
      seed(allDir, [['hang', hanging.port], ['fail', failing.port], ['closed', closedPort]]);
      seed(mixedDir, [['hang', hanging.port], ['fail', failing.port], ['ok', healthy.port]]);
      const envOf = (dir: string) => ({
        ...process.env,
        GOLEM_REQUESTOR_BASE_DIR: dir,
        GOLEM_REQUESTOR_L2_RPC_URL: `http://127.0.0.1:${hangingRpc.port}`,
        NO_COLOR: '1',
      });
      const list = [cli, 'vm', 'list', '--json'];

      // Every provider unreachable, against bare Node in the same run.
      const node = await timed(['-e', '0'], envOf(allDir));
      const all = await timed(list, envOf(allDir));
      const allVms = (JSON.parse(all.stdout) as {vms: ListedVm[]}).vms;
      const isAllMarked =
        allVms.length === 3 * VMS_PER_PROVIDER &&
        allVms.every((vm) => vm.status === 'unreachable' && vm.confirmed_at === CONFIRMED_AT && vm.unreachable_since !== null);

      // Mixed: two bad providers, one healthy.
      const requestsPerList: number[] = [];
      const mixedTimes: number[] = [];
      let mixedVms: ListedVm[] = [];
      for (let run = 0; run < RUNS; run++) {
        const before = hanging.requests + failing.requests + healthy.requests;
        const start = performance.now();
        const listed = await runProcess(process.execPath, list, {env: envOf(mixedDir)});
        mixedTimes.push(performance.now() - start);
        if (listed.exitCode !== 0) throw new Error(`vm list exited ${listed.exitCode}: ${listed.stderr}`);
        requestsPerList.push(hanging.requests + failing.requests + healthy.requests - before);
        mixedVms = (JSON.parse(listed.stdout) as {vms: ListedVm[]}).vms;
      }
      const mixedCounts = statusCounts(mixedVms);
      const isMixedRight = mixedCounts['unreachable'] === 2 * VMS_PER_PROVIDER && mixedCounts['running'] === VMS_PER_PROVIDER;

      // The same refresh in this process: the provider deadline alone, without the CLI's start-up.
      const ctx = createServiceContext(loadConfig({GOLEM_REQUESTOR_BASE_DIR: mixedDir}));
      const inProcess: number[] = [];
      try {
        for (let run = 0; run < RUNS; run++) {
          const start = performance.now();
          await refreshVms(ctx);
          inProcess.push(performance.now() - start);
        }
      } finally {
        ctx.db.close();
      }

      const allMs = sample(all.times);
      const mixedMs = sample(mixedTimes);
      const baseline = {...sample(node.times), label: 'node -e 0'};
      return [
        {
          name: `vm list --json: every provider unreachable (${3 * VMS_PER_PROVIDER} VMs: hanging / 500 / closed port; RPC hanging) ${JSON.stringify(statusCounts(allVms))}`,
          unit: 'ms',
          golem: allMs,
          baseline,
          target: `≤ ${TARGET_MS} ms, every VM unreachable with its last confirmed time`,
          met: allMs.median <= TARGET_MS && isAllMarked,
        },
        {
          name: `vm list --json: providers hanging / 500 / healthy (${3 * VMS_PER_PROVIDER} VMs; RPC hanging) ${JSON.stringify(mixedCounts)}`,
          unit: 'ms',
          golem: mixedMs,
          baseline,
          target: `≤ ${TARGET_MS} ms, bad providers' VMs unreachable, healthy ones running`,
          met: mixedMs.median <= TARGET_MS && isMixedRight,
        },
        {
          name: `refreshVms in process (the mixed ${3 * VMS_PER_PROVIDER} VMs; no start-up)`,
          unit: 'ms',
          golem: sample(inProcess),
          baseline: null,
          target: `≤ ${VM_LIST_DEADLINE_MS} ms deadline + 250 ms`,
          met: sample(inProcess).median <= VM_LIST_DEADLINE_MS + 250,
        },
        {
          name: 'vm list --json: HTTP requests to providers per list (3 providers, GETs retried on 5xx)',
          unit: 'requests',
          golem: sample(requestsPerList),
          baseline: null,
          target: `≤ 9 (one GET /vms per provider, up to 2 retries on a 5xx), not one per VM (${3 * VMS_PER_PROVIDER})`,
          met: sample(requestsPerList).median <= 9,
        },
      ];
    } finally {
      for (const each of servers) {
        each.server.closeAllConnections();
        each.server.close();
      }
      rmSync(baseDir, {recursive: true, force: true});
    }
  },
};
