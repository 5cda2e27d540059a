/**
 * `golem devnet up --latency … --block-time …` (issue 11 item 1): the devnet starts a fault proxy in front of the
 * RPC and of each provider, records them in the state file, golem's endpoints (rpcUrl, the provider's advertised
 * port) are the proxies', every reply carries the latency, and `devnet status` lists the proxies.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {devnetStatusLines} from '../../../../source/commands/devnet.js';
import {rpcRequest} from '../../../../source/devnet/anvil-process.js';
import {startDevnet, type RunningDevnet} from '../../../../source/devnet/devnet.js';
import {getDevnetStatus} from '../../../../source/devnet/status.js';

const baseDir = mkdtempSync(join(tmpdir(), 'golem-devnet-faults-'));
let devnet: RunningDevnet;

beforeAll(async () => {
  devnet = await startDevnet({
    devnetDir: join(baseDir, 'devnet'),
    walletKeyPath: join(baseDir, 'wallet', 'key.json'),
    providers: 1,
    blockTimeSeconds: 2,
    faults: {latency: {minMs: 200, maxMs: 200}},
  });
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(baseDir, {recursive: true, force: true});
});

describe('devnet with the fault layer', () => {
  it('puts a proxy in front of the RPC and each provider, and golem reaches them only through it', async () => {
    const {state} = devnet;
    expect(state.blockTimeSeconds).toBe(2);
    expect(state.faults?.latency).toEqual({minMs: 200, maxMs: 200});
    const [rpc, provider] = state.faults!.proxies;
    expect(rpc).toMatchObject({name: 'rpc', url: state.rpcUrl, controlUrl: `${state.rpcUrl}/__faults`});
    expect(rpc!.targetUrl).not.toBe(state.rpcUrl);
    expect(provider).toMatchObject({name: state.providers[0]!.name, url: state.providers[0]!.url});

    // The RPC through the proxy answers, 200 ms later than the node itself.
    const started = performance.now();
    expect(await rpcRequest(state.rpcUrl, 'eth_chainId')).toBe('0x7a69');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);

    // The provider's advert names the proxy's port, so requestors go through it.
    const adverts = (await (await fetch(`${state.discoveryUrl}/api/v1/advertisements`)).json()) as {provider_port?: number}[];
    expect(adverts.map((advert) => advert.provider_port)).toEqual([state.providers[0]!.port]);
    const control = (await (await fetch(provider!.controlUrl)).json()) as {target: string};
    expect(control.target).toBe(provider!.targetUrl);
  });

  it('blocks come every 2 s', async () => {
    const first = Number(await rpcRequest(devnet.state.rpcUrl, 'eth_blockNumber'));
    await new Promise((resolve) => setTimeout(resolve, 4500));
    const second = Number(await rpcRequest(devnet.state.rpcUrl, 'eth_blockNumber'));
    expect(second - first).toBeGreaterThanOrEqual(1);
    expect(second - first).toBeLessThanOrEqual(3);
  });

  it('devnet status shows the latency, the block time and every proxy', async () => {
    const lines = devnetStatusLines(await getDevnetStatus(join(baseDir, 'devnet')));
    expect(lines.join('\n')).toContain('faults      latency 200 ms per reply, a block every 2 s');
    const proxies = lines.filter((line) => line.startsWith('  proxy '));
    expect(proxies).toHaveLength(2);
    expect(proxies[0]).toContain(`${devnet.state.rpcUrl} → `);
  });
});
