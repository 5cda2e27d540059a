/**
 * `golem vm list` with unreachable providers (issue 11 item 4: answers within 3 s): the built CLI refreshes 90 VMs on
 * three providers on 127.0.0.1 — one that accepts connections and never answers, one that answers every request
 * 500, and a healthy one — against `vm list --local` (no provider asked) in the same run. Target: ≤ 3000 ms wall
 * time, every VM of the two bad providers shown `unreachable`, the healthy provider's confirmed. Also counts the
 * requests each provider received per list (one `GET /vms` per provider). Run with `tsx bench/run.ts vm-list`.
 */
import {once} from 'node:events';
import {rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {openDatabase} from '../source/adapters/db/database.js';
import {loadConfig} from '../source/config/settings.js';
import {createServiceContext} from '../source/services/create-services.js';
import {refreshVms, VM_LIST_DEADLINE_MS} from '../source/services/vms/refresh-vms.js';
import {sample, type Benchmark, type BenchRow} from './lib/benchmark.js';
import {requireBuiltCli, runProcess, tempDir} from './lib/process.js';

const RUNS = 7;
const VMS_PER_PROVIDER = 30;
const TARGET_MS = 3000;

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
    try {
      const db = openDatabase(loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir}).paths.dbPath);
      db.transact((repositories) => {
        for (const [prefix, port] of [['hang', hanging.port], ['fail', failing.port], ['ok', healthy.port]] as const) {
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
            });
          }
        }
      });
      db.close();
      const env = {...process.env, GOLEM_REQUESTOR_BASE_DIR: baseDir, NO_COLOR: '1'};
      const list: number[] = [];
      const local: number[] = [];
      const requestsPerList: number[] = [];
      let statuses: Record<string, number> = {};
      for (let run = 0; run < RUNS; run++) {
        const before = hanging.requests + failing.requests + healthy.requests;
        let start = performance.now();
        const listed = await runProcess(process.execPath, [cli, 'vm', 'list', '--json'], {env});
        list.push(performance.now() - start);
        if (listed.exitCode !== 0) throw new Error(`vm list exited ${listed.exitCode}: ${listed.stderr}`);
        requestsPerList.push(hanging.requests + failing.requests + healthy.requests - before);
        statuses = {};
        for (const vm of (JSON.parse(listed.stdout) as {vms: {status: string}[]}).vms) statuses[vm.status] = (statuses[vm.status] ?? 0) + 1;
        start = performance.now();
        await runProcess(process.execPath, [cli, 'vm', 'list', '--local', '--json'], {env});
        local.push(performance.now() - start);
      }
      // The same refresh in this process: the provider deadline alone, without the CLI's start-up.
      const ctx = createServiceContext(loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir}));
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
      const listMs = sample(list);
      const isRight = statuses.unreachable === 2 * VMS_PER_PROVIDER && statuses.running === VMS_PER_PROVIDER;
      return [
        {
          name: `vm list --json: ${3 * VMS_PER_PROVIDER} VMs, providers hanging / 500 / healthy (${JSON.stringify(statuses)})`,
          unit: 'ms',
          golem: listMs,
          baseline: {...sample(local), label: 'vm list --local (no provider asked)'},
          target: `≤ ${TARGET_MS} ms, bad providers' VMs unreachable`,
          met: listMs.median <= TARGET_MS && isRight,
        },
        {
          name: `refreshVms in process (the same ${3 * VMS_PER_PROVIDER} VMs; no start-up)`,
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
      for (const each of [hanging, failing, healthy]) {
        each.server.closeAllConnections();
        each.server.close();
      }
      rmSync(baseDir, {recursive: true, force: true});
    }
  },
};
