/**
 * `golem monitor` as real processes (the CLI under tsx) on anvil: two monitors on one base dir → only one funds,
 * the other reports the holder and takes over when the first is SIGKILLed; Ctrl-C (SIGINT) stops cleanly. And
 * `--once` in-process, human lines.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {PassThrough} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {monitorCommand} from '../../../source/commands/monitor.js';
import type {CommandIo} from '../../../source/commands/command.js';
import {loadConfig} from '../../../source/config/settings.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {packageRoot} from '../../../source/lib/package-root.js';
import {createMonitorHome, monitorContext, openFundedVm, startMonitorChain, type MonitorChain, type MonitorHome} from '../../helpers/monitor-chain.js';

let chain: MonitorChain;
let home: MonitorHome;
let ctx: ServiceContext;

beforeAll(async () => {
  chain = await startMonitorChain();
  home = createMonitorHome(chain);
  ctx = monitorContext(home);
}, 60_000);

afterAll(async () => {
  ctx?.db.close();
  home?.remove();
  await chain?.stop();
});

type JsonEvent = {type: string; holder?: {pid: number; role: string}; stream_id?: string; vm_name?: string};

/** A `golem monitor --json` child: its parsed event lines and a waiter for the first event matching a predicate. */
function startMonitorProcess(): {child: ChildProcess; events: JsonEvent[]; next(predicate: (event: JsonEvent) => boolean, timeoutMs: number): Promise<JsonEvent>; stderr: () => string} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.tsx', 'monitor', '--json'], {
    cwd: packageRoot(),
    env: {...process.env, ...home.env, GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS: '5'},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: JsonEvent[] = [];
  const waiters: {predicate: (event: JsonEvent) => boolean; resolve: (event: JsonEvent) => void}[] = [];
  let buffer = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const event = JSON.parse(buffer.slice(0, newline)) as JsonEvent;
      buffer = buffer.slice(newline + 1);
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    }
  });
  return {
    child,
    events,
    stderr: () => errors,
    next: (predicate, timeoutMs) =>
      new Promise((resolve, reject) => {
        const found = events.find(predicate);
        if (found) return resolve(found);
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; events: ${JSON.stringify(events)}; stderr: ${errors}`)), timeoutMs);
        waiters.push({predicate, resolve: (event) => (clearTimeout(timer), resolve(event))});
      }),
  };
}

const exitOf = (child: ChildProcess) =>
  new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({code: child.exitCode, signal: child.signalCode});
    else child.once('exit', (code, signal) => resolve({code, signal}));
  });

describe('golem monitor', () => {
  it('two monitors: only one funds, the other reports the holder and takes over after SIGKILL; SIGINT stops cleanly', async () => {
    await openFundedVm(ctx, chain, 'shared-vm', {seconds: 1800});
    const first = startMonitorProcess();
    const second = startMonitorProcess();
    try {
      // Whichever took the lease first funds; the other stands by naming it.
      const funding = await Promise.race([
        first.next((event) => event.type === 'pass', 60_000).then(() => ({holder: first, waiting: second})),
        second.next((event) => event.type === 'pass', 60_000).then(() => ({holder: second, waiting: first})),
      ]);
      const holderPid = funding.holder.child.pid!;
      const standby = await funding.waiting.next((event) => event.type === 'standby', 60_000);
      expect(standby.holder).toMatchObject({pid: holderPid, role: 'monitor'});
      expect(funding.holder.events.filter((event) => event.type === 'topped-up')).toEqual([
        expect.objectContaining({vm_name: 'shared-vm'}),
      ]);
      expect(funding.waiting.events.map((event) => event.type)).toEqual(['standby']);
      expect(await ctx.fundingLease.status()).toMatchObject({state: 'other', holder: {pid: holderPid, role: 'monitor'}});

      funding.holder.child.kill('SIGKILL');
      await exitOf(funding.holder.child);
      // Stale after 3 intervals (15 s) without a heartbeat; then the standby takes over on its next tick.
      const takeover = await funding.waiting.next((event) => event.type === 'funding', 45_000);
      expect(takeover.holder).toMatchObject({pid: funding.waiting.child.pid, role: 'monitor'});
      await funding.waiting.next((event) => event.type === 'pass', 30_000);
      // The VM was already topped up to the target by the first holder: nothing is paid twice.
      expect(funding.waiting.events.filter((event) => event.type === 'topped-up')).toEqual([]);

      funding.waiting.child.kill('SIGINT');
      const exit = await exitOf(funding.waiting.child);
      expect(exit, funding.waiting.stderr()).toEqual({code: 0, signal: null});
      expect(await ctx.fundingLease.status()).toEqual({state: 'none'});
    } finally {
      first.child.kill('SIGKILL');
      second.child.kill('SIGKILL');
    }
  }, 180_000);

  it('--once prints one line per event and exits after the first pass', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stderr.resume();
    const io = {
      stdin: process.stdin,
      stdout,
      stderr,
      config: () => loadConfig(home.env),
      signal: new AbortController().signal,
      isInteractive: false,
      cliPath: '',
    } as unknown as CommandIo;
    const code = await monitorCommand.run(io, {args: [], rest: [], flags: {once: true, json: false}});
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Funding streams from this process \\(pid ${process.pid}, monitor\\) since `));
    expect(lines.at(-1)).toMatch(/^Pass at .*: 1 stream\(s\) checked, 0 topped up\.( The wallet funds the running VM for .*\.)?$/);
    expect(await ctx.fundingLease.status()).toEqual({state: 'none'});
  }, 60_000);
});
