/**
 * `golem devnet up --token-providers 1` (issue 3 item 1, reference §6.7): the devnet deploys its TestToken (tGLM),
 * mints it to the requestor's wallet, fixes GLM/USD, and the first provider asks for tGLM streams while the others
 * (and the default demo) stay native ETH. A stream opened through the services to the token provider pays in tGLM.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {erc20Abi, isAddressEqual, zeroAddress, type Address} from 'viem';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createChainClients} from '../../../source/adapters/chain/clients.js';
import {loadConfig, requirePayments} from '../../../source/config/settings.js';
import {ANVIL_DEV_ACCOUNT} from '../../../source/devnet/anvil-process.js';
import {DEVNET_GLM_USD_PRICE, DEVNET_WALLET_TOKENS, startDevnet, type RunningDevnet} from '../../../source/devnet/devnet.js';
import {bindServices} from '../../../source/services/bind-services.js';
import {createServiceContext} from '../../../source/services/create-services.js';

let baseDir: string;
let devnet: RunningDevnet;

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-devnet-token-'));
  const {paths} = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir});
  devnet = await startDevnet({devnetDir: paths.devnetDir, walletKeyPath: paths.walletKeyPath, providers: 2, tokenProviders: 1});
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(baseDir, {recursive: true, force: true});
});

describe('devnet with a token provider', () => {
  it('records the token and GLM/USD in the state; the devnet profile accepts that token', () => {
    expect(devnet.state.glmTokenAddress).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(devnet.state.glmUsdPrice).toBe(DEVNET_GLM_USD_PRICE);
    const profile = requirePayments(loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'}));
    expect(profile.glmTokenAddress).toBe(devnet.state.glmTokenAddress);
    expect(profile.glmUsdPriceFixed18).toBe(25n * 10n ** 16n);
  });

  it('mints 10,000 tGLM to the wallet; the first provider asks for tGLM, the second for native ETH', async () => {
    const token = devnet.state.glmTokenAddress as Address;
    const {publicClient} = createChainClients({rpcUrl: devnet.state.rpcUrl, chainId: devnet.state.chainId, privateKey: ANVIL_DEV_ACCOUNT.privateKey});
    const balance = await publicClient.readContract({address: token, abi: erc20Abi, functionName: 'balanceOf', args: [devnet.state.walletAddress as Address]});
    expect(balance).toBe(DEVNET_WALLET_TOKENS);
    expect(await publicClient.readContract({address: token, abi: erc20Abi, functionName: 'symbol'})).toBe('tGLM');
    const asked = await Promise.all(
      devnet.state.providers.map(async (provider) => {
        const info = (await (await fetch(`${provider.url}/api/v1/provider/info`)).json()) as {glm_token_address: Address};
        return info.glm_token_address;
      }),
    );
    expect(isAddressEqual(asked[0]!, token)).toBe(true);
    expect(asked[1]).toBe(zeroAddress);
  });

  it('opens a tGLM stream to the token provider through the services, and a native one to the other', async () => {
    const ctx = createServiceContext(loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'}), {
      timing: {pollIntervalMs: 50, createTimeoutMs: 10_000},
    });
    try {
      const services = bindServices(ctx);
      const resources = {cpu: 1, memory: 1, storage: 10};
      const [tokenProvider, nativeProvider] = devnet.state.providers;
      const quote = await services.quoteVm({providerId: tokenProvider!.providerId, resources, hours: 1});
      expect(quote.token?.symbol).toBe('tGLM');
      const opened = await services.openStream({providerId: tokenProvider!.providerId, resources, hours: 1});
      const stream = await ctx.payments().client.getStream(opened.streamId);
      expect(isAddressEqual(stream.token, devnet.state.glmTokenAddress as Address)).toBe(true);
      expect(stream.deposit).toBe(quote.depositWei);

      const native = await services.openStream({providerId: nativeProvider!.providerId, resources, hours: 1});
      expect((await ctx.payments().client.getStream(native.streamId)).token).toBe(zeroAddress);

      // A whole rental on the token provider: the provider accepts the tGLM stream; destroy refunds tGLM.
      const token = devnet.state.glmTokenAddress as Address;
      const wallet = devnet.state.walletAddress as Address;
      const created = await services.createVm({name: 'token-vm', providerId: tokenProvider!.providerId, resources, hours: 1});
      expect(created.vm.status).toBe('running');
      expect(isAddressEqual((await ctx.payments().client.getStream(created.streamId)).token, token)).toBe(true);
      const before = await ctx.payments().client.getTokenBalance(token, wallet);
      await services.destroyVm('token-vm');
      const after = await ctx.payments().client.getTokenBalance(token, wallet);
      expect(after).toBeGreaterThan(before);
      expect(after - before).toBeLessThanOrEqual(created.depositWei!);
    } finally {
      ctx.db.close();
    }
  });
});
