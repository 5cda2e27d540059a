/**
 * Dashboard (issue 7 §2): the built `golem tui` in a real pseudo-terminal (node-pty, 120×32) on the devnet with 100
 * VM rows in the database, against a bare Ink app (bench/lib/ink-hello.mjs, same ink/react) in the same pty:
 * - launch to first full frame: spawn → the Providers screen showing the devnet's first provider (golem) / the
 *   hello line (baseline);
 * - idle CPU (% of one core) and resident memory (MB) on the VMs screen while it refreshes the 100 VMs on its own
 *   timer. The rows' provider is unreachable (a closed port) so every refresh asks about all 100 again — a devnet
 *   provider would answer 404 and the rows would turn `deleted` and stop being refreshed. Targets (issue 13 item 8):
 *   first frame ≤ 1.3× the bare Ink app's, idle < 1 % of a core, < 150 MB.
 *   The VMs screen refreshes every 2 s while something changes and backs off to 30 s while nothing does
 *   (source/ui/hooks/use-vms.ts), so within the 5 × 4 s windows one or two hold a refresh burst (~10 % for that
 *   window) and the others are quiet: the row reports the median.
 */
import {resolve} from 'node:path';
import pty from 'node-pty';
import stripAnsi from 'strip-ansi';
import {sample, type Benchmark, type BenchRow} from './lib/benchmark.js';
import {startBenchDevnet} from './lib/devnet.js';
import {freePort} from './lib/free-port.js';
import {cpuSeconds, requireBuiltCli, residentMb, sleep} from './lib/process.js';
import {seedVms} from './lib/seed-vms.js';

const LAUNCH_RUNS = 5;
const VM_COUNT = 100;
const SETTLE_MS = 5000;
const IDLE_WINDOWS = 5;
const IDLE_WINDOW_MS = 4000;
const HELLO = resolve('bench/lib/ink-hello.mjs');

type Session = {pid: number; screen(): string; waitFor(text: string, timeoutMs?: number): Promise<number>; write(data: string): void; stop(): Promise<void>};

/** Spawns `args` under node in a 120×32 pty; `waitFor` resolves with ms since spawn when `text` was drawn. */
function spawnInPty(args: readonly string[], env: NodeJS.ProcessEnv): Session {
  const start = performance.now();
  const child = pty.spawn(process.execPath, [...args], {name: 'xterm-256color', cols: 120, rows: 32, env: env as Record<string, string>});
  let output = '';
  let hasExited = false;
  const exited = new Promise<void>((resolvePromise) => child.onExit(() => ((hasExited = true), resolvePromise())));
  const waiters: {text: string; resolve: (ms: number) => void}[] = [];
  child.onData((data) => {
    output += data;
    const plain = stripAnsi(output);
    for (const waiter of [...waiters]) {
      if (plain.includes(waiter.text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(performance.now() - start);
      }
    }
  });
  return {
    pid: child.pid,
    screen: () => stripAnsi(output).slice(-4000),
    waitFor: (text, timeoutMs = 60_000) =>
      new Promise((resolvePromise, reject) => {
        if (stripAnsi(output).includes(text)) return resolvePromise(performance.now() - start);
        const timer = setTimeout(() => reject(new Error(`'${text}' not drawn within ${timeoutMs} ms; last output:\n${stripAnsi(output).slice(-1500)}`)), timeoutMs);
        waiters.push({text, resolve: (ms) => (clearTimeout(timer), resolvePromise(ms))});
      }),
    write: (data) => child.write(data),
    async stop() {
      if (hasExited) return;
      child.write('q');
      await Promise.race([exited, sleep(3000)]);
      if (!hasExited) child.kill('SIGKILL');
      await Promise.race([exited, sleep(2000)]);
    },
  };
}

/** CPU % of one core and RSS MB of `pid`, over `IDLE_WINDOWS` windows of `IDLE_WINDOW_MS`. */
async function idleFigures(pid: number): Promise<{cpu: number[]; rss: number[]}> {
  const cpu: number[] = [];
  const rss: number[] = [];
  for (let window = 0; window < IDLE_WINDOWS; window++) {
    const cpuBefore = cpuSeconds(pid);
    const wallBefore = performance.now();
    await sleep(IDLE_WINDOW_MS);
    cpu.push(((cpuSeconds(pid) - cpuBefore) / ((performance.now() - wallBefore) / 1000)) * 100);
    rss.push(residentMb(pid));
  }
  return {cpu, rss};
}

/** Dashboard rows: launch to first frame (ms), idle CPU (% of one core), resident memory (MB), vs a bare Ink app. */
export const benchmark: Benchmark = {
  name: 'dashboard',
  async run(): Promise<BenchRow[]> {
    const cli = requireBuiltCli();
    const devnet = await startBenchDevnet('dashboard');
    try {
      const closedPort = await freePort();
      seedVms({baseDir: devnet.baseDir, count: VM_COUNT, provider: {id: `0x${'cd'.repeat(20)}`, host: '127.0.0.1', port: closedPort}});
      const env = {...devnet.env, TERM: 'xterm-256color', COLUMNS: '120', LINES: '32'};
      const firstProvider = devnet.state.providers[0]!.name;

      const launch = {golem: [] as number[], frame: [] as number[], hello: [] as number[]};
      for (let run = 0; run < LAUNCH_RUNS; run++) {
        const hello = spawnInPty([HELLO], env);
        launch.hello.push(await hello.waitFor('ink-hello: first frame'));
        await hello.stop();
        const tui = spawnInPty([cli, 'tui'], env);
        try {
          // The first frame: the tab line and the loading line, drawn before any data arrives (issue 13 item 8).
          launch.frame.push(await tui.waitFor('Looking for providers'));
          launch.golem.push(await tui.waitFor(firstProvider));
        } finally {
          await tui.stop();
        }
      }

      const hello = spawnInPty([HELLO], env);
      await hello.waitFor('ink-hello: first frame');
      await sleep(SETTLE_MS);
      const helloIdle = await idleFigures(hello.pid);
      await hello.stop();

      const tui = spawnInPty([cli, 'tui'], env);
      let tuiIdle: {cpu: number[]; rss: number[]};
      try {
        await tui.waitFor(firstProvider);
        tui.write('2');
        await tui.waitFor('bench-000');
        await sleep(SETTLE_MS);
        tuiIdle = await idleFigures(tui.pid);
      } finally {
        await tui.stop();
      }

      const launchGolem = sample(launch.golem);
      const firstFrame = sample(launch.frame);
      const helloLaunch = sample(launch.hello);
      const cpu = sample(tuiIdle.cpu);
      const rss = sample(tuiIdle.rss);
      return [
        {
          name: 'dashboard: launch to first frame (tabs and loading line, before data)',
          unit: 'ms',
          golem: firstFrame,
          baseline: {...helloLaunch, label: 'bare Ink app'},
          target: '≤ 1.3× bare Ink app',
          met: firstFrame.median <= 1.3 * helloLaunch.median,
        },
        {
          name: 'dashboard: launch to first full frame (Providers listed)',
          unit: 'ms',
          golem: launchGolem,
          baseline: {...sample(launch.hello), label: 'bare Ink app'},
          target: 'reported',
          met: true,
        },
        {
          name: `dashboard: idle CPU, VMs screen, ${VM_COUNT} VMs refreshing`,
          unit: '%cpu',
          golem: cpu,
          baseline: {...sample(helloIdle.cpu), label: 'bare Ink app'},
          target: '< 1 % of one core',
          met: cpu.median < 1,
        },
        {
          name: `dashboard: resident memory, ${VM_COUNT} VMs`,
          unit: 'MB',
          golem: rss,
          baseline: {...sample(helloIdle.rss), label: 'bare Ink app'},
          target: '< 150 MB',
          met: rss.median < 150,
        },
      ];
    } finally {
      await devnet.stop();
    }
  },
};
