/**
 * The devnet provider's stream monitor (reference §8.3): every interval, each running VM whose stream no longer
 * pays is stopped — not deleted as upstream does, so a requestor who tops up a live stream (or terminates it on
 * purpose) never loses the VM's directory to the provider.
 */
import type {Address} from 'viem';
import {checkStreamRunway, describeLookupError, type StreamReader} from './stream-checks.js';
import type {VmRegistry} from './vm-registry.js';

/** Options of `startStreamMonitor`. */
export type StreamMonitorOptions = {
  readonly registry: VmRegistry;
  readonly reader: StreamReader;
  readonly providerId: Address;
  readonly intervalMs: number;
  readonly log: (line: string) => void;
};

/**
 * Runs one pass: for each running VM with a stream, reads it at the latest block's time and stops the VM when the
 * stream is unreadable, terminated (recipient zeroed), halted, or has no seconds left (`remaining == 0`).
 * Returns the names of the VMs it stopped.
 */
export async function runMonitorPass(options: Omit<StreamMonitorOptions, 'intervalMs'>): Promise<string[]> {
  const running = options.registry.list().filter((vm) => vm.status === 'running' && vm.streamId !== null);
  if (running.length === 0) return [];
  const stopped: string[] = [];
  let now: bigint | undefined;
  let clockError: string | undefined;
  try {
    now = await options.reader.latestTimestamp();
  } catch (error) {
    clockError = describeLookupError(error);
  }
  for (const vm of running) {
    let reason: string;
    try {
      if (now === undefined) throw new Error(clockError);
      reason = checkStreamRunway({stream: await options.reader.readAt(vm.streamId!), now}, options.providerId);
    } catch (error) {
      reason = `stream lookup failed: ${describeLookupError(error)}`;
    }
    if (reason === 'ok') continue;
    try {
      await options.registry.stop(vm.name, `stream ${vm.streamId} — ${reason}`);
      stopped.push(vm.name);
    } catch (error) {
      // The VM was deleted or changed state meanwhile.
      options.log(`monitor could not stop ${vm.name}: ${describeLookupError(error)}`);
    }
  }
  return stopped;
}

/** Starts the monitor loop; passes never overlap. `stop()` ends the loop and waits for a pass in flight. */
export function startStreamMonitor(options: StreamMonitorOptions): {stop(): Promise<void>} {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  let isStopped = false;
  const schedule = () => {
    if (isStopped) return;
    timer = setTimeout(() => {
      current = runMonitorPass(options)
        .catch((error: unknown) => options.log(`monitor pass failed: ${describeLookupError(error)}`))
        .finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      isStopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
