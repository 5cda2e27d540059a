/**
 * Dashboard (issue 7 §2, issue 13 item 8, issue 16 items 4–5): the built `golem tui` in a real pseudo-terminal
 * (node-pty, 120×32) on the devnet, against a bare Ink app (bench/lib/ink-hello.mjs, same ink/react) in the same pty:
 * - launch to first full frame: spawn → the first frame that holds the whole layout — the tab bar, the status bar,
 *   the Providers table's bordered header over its loading row, and the key footer (`FULL_FRAME`; not a splash and
 *   no data: data loads after it) / the hello line (baseline). 10 VMs in the database.
 * - launch to the first provider listed (reported: discovery on the devnet, not a target).
 * - idle CPU (% of one core) and resident memory (MB) on the VMs screen while it refreshes 100 VMs on its own timer.
 *   The rows' provider is unreachable (a closed port) so every refresh asks about all 100 again — a devnet provider
 *   would answer 404 and the rows would turn `deleted` and stop being refreshed. The VMs screen refreshes every 2 s
 *   while something changes and backs off to 30 s while nothing does (source/ui/hooks/use-vms.ts), so within the
 *   5 × 4 s windows one or two hold a refresh burst and the others are quiet: the row reports the median.
 * - scale: the first full frame with 1,000 VMs and 1,000 streams in the database, against the 10-VM figure.
 * Targets: first frame ≤ 1.3× the bare Ink app; idle < 1 % of a core; < 120 MB; 1,000 VMs ≤ 1.2× 10 VMs.
 */
import {cpSync, rmSync} from 'node:fs';
import {resolve} from 'node:path';
import pty from 'node-pty';
import stripAnsi from 'strip-ansi';
import {sample, type Benchmark, type BenchRow} from './lib/benchmark.js';
import {startBenchDevnet} from './lib/devnet.js';
import {freePort} from './lib/free-port.js';
import {cpuSeconds, requireBuiltCli, residentMb, sleep} from './lib/process.js';
import {seedStreams} from './lib/seed-streams.js';
import {seedVms} from './lib/seed-vms.js';

const LAUNCH_RUNS = 5;
const VM_COUNT = 100;
const FEW_VMS = 10;
const MANY_VMS = 1000;
/** What the first full frame holds: tab bar, status bar, the table's bordered header and loading row, the key footer. */
const FULL_FRAME = ['1 Providers', '4 Wallet', 'funding:', '┌─', '│ Provider', 'Looking for providers…', '└─', 'q quit'];
const SETTLE_MS = 5000;
const IDLE_WINDOWS = 5;
const IDLE_WINDOW_MS = 4000;
const HELLO = resolve('bench/lib/ink-hello.mjs');

type Session = {
  pid: number;
  screen(): string;
  /** Resolves with ms since spawn once every one of `texts` has been drawn. */
  waitFor(texts: string | readonly string[], timeoutMs?: number): Promise<number>;
  write(data: string): void;
  stop(): Promise<void>;
};

/** Spawns `args` under node in a 120×32 pty; `waitFor` resolves with ms since spawn when its texts were drawn. */
function spawnInPty(args: readonly string[], env: NodeJS.ProcessEnv): Session {
  const start = performance.now();
  const child = pty.spawn(process.execPath, [...args], {name: 'xterm-256color', cols: 120, rows: 32, env: env as Record<string, string>});
  let output = '';
  let hasExited = false;
  const exited = new Promise<void>((resolvePromise) => child.onExit(() => ((hasExited = true), resolvePromise())));
  const waiters: {texts: readonly string[]; resolve: (ms: number) => void}[] = [];
  const drawn = (texts: readonly string[]) => {
    const plain = stripAnsi(output);
    return texts.every((text) => plain.includes(text));
  };
  child.onData((data) => {
    output += data;
    for (const waiter of [...waiters]) {
      if (drawn(waiter.texts)) {
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
        const texts = typeof text === 'string' ? [text] : text;
        if (drawn(texts)) return resolvePromise(performance.now() - start);
        const timer = setTimeout(() => reject(new Error(`'${texts.join("', '")}' not drawn within ${timeoutMs} ms; last output:\n${stripAnsi(output).slice(-1500)}`)), timeoutMs);
        waiters.push({texts, resolve: (ms) => (clearTimeout(timer), resolvePromise(ms))});
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
      const provider = {id: `0x${'cd'.repeat(20)}` as const, host: '127.0.0.1', port: closedPort};
      const env = {...devnet.env, TERM: 'xterm-256color', COLUMNS: '120', LINES: '32'};
      const firstProvider = devnet.state.providers[0]!.name;

      // The same devnet and wallet in a second base dir whose database holds 1,000 VMs and 1,000 streams; launches
      // alternate between the two (and the bare Ink app), so the machine's load weighs on all three alike.
      seedVms({baseDir: devnet.baseDir, count: FEW_VMS, provider});
      const manyDir = `${devnet.baseDir}-many`;
      cpSync(devnet.baseDir, manyDir, {recursive: true, filter: (path) => !path.includes('funding.lock')});
      seedVms({baseDir: manyDir, count: MANY_VMS, provider});
      seedStreams({baseDir: manyDir, env: devnet.env, count: MANY_VMS, recipient: provider.id});
      const manyEnv = {...env, GOLEM_REQUESTOR_BASE_DIR: manyDir};
      const few = {frame: [] as number[], listed: [] as number[], hello: [] as number[]};
      const many = {frame: [] as number[]};
      try {
        for (let run = 0; run < LAUNCH_RUNS; run++) {
          const hello = spawnInPty([HELLO], env);
          few.hello.push(await hello.waitFor('ink-hello: first frame'));
          await hello.stop();
          for (const [runEnv, into] of [[env, few], [manyEnv, many]] as const) {
            const tui = spawnInPty([cli, 'tui'], runEnv);
            try {
              into.frame.push(await tui.waitFor(FULL_FRAME));
              if (into === few) few.listed.push(await tui.waitFor(firstProvider));
            } finally {
              await tui.stop();
            }
          }
        }
      } finally {
        rmSync(manyDir, {recursive: true, force: true});
      }

      seedVms({baseDir: devnet.baseDir, count: VM_COUNT, provider});
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

      const firstFrame = sample(few.frame);
      const helloLaunch = sample(few.hello);
      const manyFrame = sample(many.frame);
      const cpu = sample(tuiIdle.cpu);
      const rss = sample(tuiIdle.rss);
      return [
        {
          name: `dashboard: launch to first full frame (tabs, status bar, bordered table header, loading row, keys; ${FEW_VMS} VMs)`,
          unit: 'ms',
          golem: firstFrame,
          baseline: {...helloLaunch, label: 'bare Ink app'},
          target: '≤ 1.3× bare Ink app',
          met: firstFrame.median <= 1.3 * helloLaunch.median,
        },
        {
          name: 'dashboard: launch to the first provider listed (devnet discovery)',
          unit: 'ms',
          golem: sample(few.listed),
          baseline: {...helloLaunch, label: 'bare Ink app'},
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
          target: '< 120 MB',
          met: rss.median < 120,
        },
        {
          name: `dashboard: launch to first full frame, ${MANY_VMS} VMs and ${MANY_VMS} streams in the database`,
          unit: 'ms',
          golem: manyFrame,
          baseline: {...firstFrame, label: `${FEW_VMS} VMs`},
          target: `≤ 1.2× ${FEW_VMS} VMs`,
          met: manyFrame.median <= 1.2 * firstFrame.median,
        },
      ];
    } finally {
      await devnet.stop();
    }
  },
};
