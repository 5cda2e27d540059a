/**
 * Integration-test helpers for the devnet's fault layer (source/devnet/faults/): a real anvil, or any loopback
 * server, behind a real fault proxy whose faults the test switches at run time (`proxy.setFaults`).
 */
import {startFaultProxy, type FaultProxy} from '../../source/devnet/faults/fault-proxy.js';
import type {FaultConfigInput} from '../../source/devnet/faults/fault-rules.js';
import {startAnvil, type Anvil} from './anvil.js';

/** An anvil reached through a fault proxy: use `rpcUrl` (the proxy's), `anvil.rpcUrl` for the direct way. */
export type AnvilBehindProxy = {
  readonly anvil: Anvil;
  readonly proxy: FaultProxy;
  /** The proxy's URL: what the code under test talks to. */
  readonly rpcUrl: string;
  stop(): Promise<void>;
};

/** Starts anvil (test helper, automine) and a fault proxy in front of it with `faults` (default none). */
export async function startAnvilBehindProxy(faults: FaultConfigInput = {}): Promise<AnvilBehindProxy> {
  const anvil = await startAnvil();
  const proxy = await startFaultProxy({targetUrl: anvil.rpcUrl, faults});
  return {
    anvil,
    proxy,
    rpcUrl: proxy.url,
    async stop() {
      await proxy.close();
      await anvil.stop();
    },
  };
}

/** Puts a fault proxy in front of `targetUrl` (a provider, discovery server, …); close it with `proxy.close()`. */
export async function behindFaultProxy(targetUrl: string, faults: FaultConfigInput = {}): Promise<FaultProxy> {
  return startFaultProxy({targetUrl, faults});
}
