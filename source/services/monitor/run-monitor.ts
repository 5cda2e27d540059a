import {runwayText, runwayWarning} from '../../lib/runway-text.js';
import {getWalletRunway} from '../ledger/get-wallet-runway.js';
import type {ServiceContext} from '../context.js';
import type {RunMonitorOptions} from '../services.js';
import type {FundingHolder, FundingStatus, MonitorEvent} from '../types.js';
import {monitorPass} from './monitor-pass.js';

/**
 * Runs the auto top-up monitor until `options.signal` aborts (reference §8.2 as a daemon, one funder at a time).
 *
 * Every `config.monitor.intervalSeconds`: try to take the funding lease (`ctx.fundingLease`, stale after ~3
 * intervals). Holding it → `funding` (once, when taken), then one `monitorPass` → its `topped-up`/`warning` events and
 * a `pass` event. A warning repeated by consecutive passes is reported once, until it changes or clears. Another
 * process holding it → `standby` (once per holder) and nothing is sent; when that holder dies, its lease goes stale
 * and this process takes over on a later tick. A pass that throws (no payments profile, storage) becomes a
 * `warning`; the loop goes on. On abort: the sleep ends at once, a running pass stops before its next top-up, the
 * lease is released, and the promise resolves.
 *
 * Throws `ConfigError` at once when there is no usable payments profile (nothing to fund); nothing else.
 *
 * @example
 * const controller = new AbortController()
 * await runMonitor(ctx, {role: 'monitor', signal: controller.signal, onEvent: (event) => console.log(event)})
 */
export async function runMonitor(ctx: ServiceContext, options: RunMonitorOptions): Promise<void> {
  const {role, signal, onEvent} = options;
  const emit = (event: MonitorEvent) => onEvent?.(event);
  // Fail fast (ConfigError) when there is no payments profile, rather than warning every pass.
  ctx.payments();
  const intervalMs = ctx.config.monitor.intervalSeconds * 1000;
  let shownHolder: string | null = null;
  let lastWarnings = new Set<string>();
  try {
    while (!signal.aborted) {
      let status: FundingStatus;
      try {
        status = await ctx.fundingLease.acquire(role);
      } catch (error) {
        emit({type: 'warning', streamId: null, vmName: null, message: `could not take the funding lease: ${describe(error)}`});
        await sleep(intervalMs, signal);
        continue;
      }
      if (status.state === 'none') {
        await sleep(intervalMs, signal);
        continue;
      }
      const key = holderKey(status.state, status.holder);
      if (key !== shownHolder) {
        shownHolder = key;
        emit({type: status.state === 'self' ? 'funding' : 'standby', holder: status.holder});
      }
      if (status.state === 'self') {
        try {
          const pass = await monitorPass(ctx, {signal});
          const warnings = new Set<string>();
          for (const event of pass.events) {
            if (event.type === 'warning') {
              warnings.add(event.message);
              if (lastWarnings.has(event.message)) continue;
            }
            emit(event);
          }
          const runway = await getWalletRunway(ctx).catch(() => null);
          const short = runway ? runwayWarning(runway) : null;
          if (short) {
            warnings.add(short);
            if (!lastWarnings.has(short)) emit({type: 'warning', streamId: null, vmName: null, message: short});
          }
          lastWarnings = warnings;
          emit({type: 'pass', checked: pass.checked, toppedUp: pass.toppedUp, at: new Date().toISOString(), ...(runway ? {runway: runwayText(runway)} : {})});
        } catch (error) {
          const message = `monitor pass failed: ${describe(error)}; retrying next pass.`;
          if (!lastWarnings.has(message)) emit({type: 'warning', streamId: null, vmName: null, message});
          lastWarnings = new Set([message]);
        }
      }
      await sleep(intervalMs, signal);
    }
  } finally {
    await ctx.fundingLease.release();
  }
}

function holderKey(state: 'self' | 'other', holder: FundingHolder): string {
  return `${state}:${holder.hostname}:${holder.pid}:${holder.since}`;
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'shortMessage' in error && typeof error.shortMessage === 'string') return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, {once: true});
  });
}
