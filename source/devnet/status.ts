/**
 * `golem devnet status`: what the state file says runs, and whether each part answers right now.
 */
import {devnetStatePath} from '../config/settings.js';
import {describeError} from '../lib/json.js';
import {rpcRequest} from './anvil-process.js';
import {isProcessAlive, readDevnetState, type DevnetState} from './state.js';

/** One probe's outcome; `error` is a one-line reason when `isUp` is false. */
export type ProbeResult = {readonly isUp: boolean; readonly error: string | null};

/** The devnet as seen from outside. `isRunning` = a valid state file whose owning process is alive. */
export type DevnetStatus = {
  readonly devnetDir: string;
  readonly statePath: string;
  /** `absent`: no state file; `invalid`: unreadable; `stale`: its process is gone; `running`. */
  readonly stateKind: 'absent' | 'invalid' | 'stale' | 'running';
  readonly isRunning: boolean;
  readonly stateError: string | null;
  readonly state: DevnetState | null;
  readonly anvilAlive: boolean | null;
  readonly rpc: (ProbeResult & {readonly url: string; readonly chainId: number | null; readonly blockNumber: number | null}) | null;
  readonly discovery: (ProbeResult & {readonly url: string; readonly adverts: number | null}) | null;
  readonly providers: readonly (ProbeResult & {
    readonly name: string;
    readonly url: string;
    readonly providerId: string;
    /** The id `/provider/info` reported (reference §4.8), if it answered. */
    readonly reportedId: string | null;
  })[];
};

/** `<base>/api/v1/<path>` for a provider URL given with or without the `/api/v1` suffix. */
export function providerApiUrl(baseUrl: string, path: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return `${trimmed.endsWith('/api/v1') ? trimmed : `${trimmed}/api/v1`}/${path.replace(/^\/+/, '')}`;
}

async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs)});
  } catch (error) {
    // undici says only "fetch failed"; the reason (ECONNREFUSED, timeout) is in `cause`.
    const cause = error instanceof Error ? (error.cause as {code?: unknown; message?: unknown} | undefined) : undefined;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.name : undefined);
    throw new Error(`no answer from ${url}${reason ? ` (${String(reason)})` : ''}`, {cause: error});
  }
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  return await response.json();
}

async function probeRpc(url: string, timeoutMs: number): Promise<NonNullable<DevnetStatus['rpc']>> {
  try {
    const [chainId, blockNumber] = await Promise.all([
      rpcRequest(url, 'eth_chainId', [], timeoutMs),
      rpcRequest(url, 'eth_blockNumber', [], timeoutMs),
    ]);
    return {url, isUp: true, error: null, chainId: Number(chainId), blockNumber: Number(blockNumber)};
  } catch (error) {
    return {url, isUp: false, error: describeError(error).split('\n').join(' '), chainId: null, blockNumber: null};
  }
}

async function probeDiscovery(url: string, timeoutMs: number): Promise<NonNullable<DevnetStatus['discovery']>> {
  try {
    const health = (await getJson(`${url}/health`, timeoutMs)) as {status?: unknown};
    if (health?.status !== 'healthy') throw new Error(`/health answered ${JSON.stringify(health)}`);
    const adverts = await getJson(`${url}/api/v1/advertisements`, timeoutMs);
    return {url, isUp: true, error: null, adverts: Array.isArray(adverts) ? adverts.length : null};
  } catch (error) {
    return {url, isUp: false, error: describeError(error), adverts: null};
  }
}

async function probeProvider(
  provider: DevnetState['providers'][number],
  timeoutMs: number,
): Promise<DevnetStatus['providers'][number]> {
  const base = {name: provider.name, url: provider.url, providerId: provider.providerId};
  try {
    const info = (await getJson(providerApiUrl(provider.url, 'provider/info'), timeoutMs)) as {provider_id?: unknown};
    const reportedId = typeof info?.provider_id === 'string' ? info.provider_id : null;
    const matches = reportedId?.toLowerCase() === provider.providerId.toLowerCase();
    return {
      ...base,
      isUp: matches,
      error: matches ? null : `/provider/info reported ${String(reportedId)}`,
      reportedId,
    };
  } catch (error) {
    return {...base, isUp: false, error: describeError(error), reportedId: null};
  }
}

/**
 * Reads `<devnetDir>/state.json` and probes what it names: the owning pid and anvil's pid, the RPC (`eth_chainId`,
 * `eth_blockNumber`), discovery (`/health`, advert count) and each provider's `/provider/info` (its id must match).
 * Probes run in parallel with `timeoutMs` each (default 2000 ms). Never throws.
 */
export async function getDevnetStatus(devnetDir: string, {timeoutMs = 2000}: {timeoutMs?: number} = {}): Promise<DevnetStatus> {
  const statePath = devnetStatePath(devnetDir);
  const read = readDevnetState(devnetDir);
  const empty = {devnetDir, statePath, isRunning: false, state: null, anvilAlive: null, rpc: null, discovery: null, providers: []};
  if (read.kind === 'absent') return {...empty, stateKind: 'absent', stateError: null};
  if (read.kind === 'invalid') return {...empty, stateKind: 'invalid', stateError: read.error};
  const {state} = read;
  const isRunning = isProcessAlive(state.pid);
  const [rpc, discovery, providers] = await Promise.all([
    probeRpc(state.rpcUrl, timeoutMs),
    probeDiscovery(state.discoveryUrl, timeoutMs),
    Promise.all(state.providers.map(async (provider) => await probeProvider(provider, timeoutMs))),
  ]);
  return {
    devnetDir,
    statePath,
    stateKind: isRunning ? 'running' : 'stale',
    isRunning,
    stateError: null,
    state,
    anvilAlive: isProcessAlive(state.anvilPid),
    rpc,
    discovery,
    providers,
  };
}
