/**
 * The contract's deployment block, where a new home's first event scan starts (issue 11 item 3), found in a few
 * batched rounds of `eth_getCode` (issue 16: round trips), against a real anvil with blocks before and after it.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createPublicClient, createTestClient, http} from 'viem';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {deployStreamPayment} from '../../../../source/adapters/chain/deploy.js';
import {createStreamPaymentClient} from '../../../../source/adapters/chain/stream-payment.js';
import {startAnvil, type Anvil} from '../../../helpers/anvil.js';
import {startCountingProxy, type CountingProxy} from '../../../helpers/counting-proxy.js';

describe('findDeploymentBlock', () => {
  let anvil: Anvil;
  let proxy: CountingProxy;
  let lockDir: string;

  beforeAll(async () => {
    anvil = await startAnvil();
    proxy = await startCountingProxy(anvil.rpcUrl);
    lockDir = mkdtempSync(join(tmpdir(), 'golem-deploy-block-'));
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await anvil?.stop();
    rmSync(lockDir, {recursive: true, force: true});
  });

  it('finds the exact block after 777 empty blocks, in at most 5 requests, and with blocks mined after it', async () => {
    const testClient = createTestClient({mode: 'anvil', transport: http(anvil.rpcUrl)});
    await testClient.mine({blocks: 777});
    const [deployer, requestor, oracle] = anvil.accounts;
    const contractAddress = await deployStreamPayment(anvil.rpcUrl, anvil.chainId, deployer!.privateKey, oracle!.address);
    const deployedIn = await createPublicClient({transport: http(anvil.rpcUrl)}).getBlockNumber();
    await testClient.mine({blocks: 123});

    const client = createStreamPaymentClient({
      rpcUrl: proxy.url,
      chainId: anvil.chainId,
      contractAddress,
      privateKey: requestor!.privateKey,
      lockPath: join(lockDir, 'tx.lock'),
      pollingIntervalMs: 50,
    });
    proxy.reset();
    expect(await client.events.findDeploymentBlock()).toBe(deployedIn);
    // The latest block, the code there, then 16-way rounds over 901 blocks: 3 (a binary search needed 10).
    expect(proxy.requests()).toBeLessThanOrEqual(5);
  }, 60_000);
});
