/**
 * Starting the devnet's fault proxies (issue 11 item 1): one in front of the RPC and one per provider, each
 * registered for the devnet's stop and described for the state file.
 */
import type {DevnetProxyEntry} from '../state.js';
import {FAULT_CONTROL_PATH, startFaultProxy, type FaultProxy} from './fault-proxy.js';
import {describeLatency, type LatencyRange} from './fault-rules.js';

/** Parameters of {@link startDevnetProxy}. */
export type StartDevnetProxyParameters = {
  /** `rpc` or the provider's name. */
  readonly name: string;
  readonly targetUrl: string;
  readonly latency: LatencyRange | null;
  /** The devnet's undo list: the proxy is closed when the devnet stops (or fails to start). */
  readonly undo: {label: string; run: () => Promise<void> | void}[];
  readonly log: (line: string) => void;
};

/**
 * Starts a fault proxy on a free loopback port with `latency` and no faults, registers its close in `undo`, logs
 * it, and returns the proxy with its state-file entry (whose `targetUrl` the caller updates if it retargets).
 */
export async function startDevnetProxy({name, targetUrl, latency, undo, log}: StartDevnetProxyParameters): Promise<{proxy: FaultProxy; entry: DevnetProxyEntry}> {
  const proxy = await startFaultProxy({targetUrl, faults: {latency}});
  undo.push({label: `fault proxy ${name}`, run: () => proxy.close()});
  log(`fault proxy for ${name} on ${proxy.url} (${describeLatency(latency)}; control ${proxy.url}${FAULT_CONTROL_PATH})`);
  return {proxy, entry: {name, url: proxy.url, targetUrl, controlUrl: `${proxy.url}${FAULT_CONTROL_PATH}`}};
}
