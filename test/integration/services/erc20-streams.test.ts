/**
 * ERC20 streams end to end through the services (issue 3 item 1, reference §6.7): anvil + StreamPayment + the
 * devnet's TestToken, a real SQLite file per base dir, the devnet discovery server and small `/provider/info`
 * servers, one asking for the token and one for native ETH. Covers approve of the exact amount, no approve when the
 * allowance suffices, top-up and terminate in the token (refund and payout in the token, no ETH moves but gas), a
 * wallet short of the token refused before any transaction, and the createStream receipt whose first log is the
 * token's Transfer.
 */
import type {FastifyInstance} from 'fastify';
import {erc20Abi, isAddressEqual, zeroAddress, type Address} from 'viem';
import {generatePrivateKey, privateKeyToAddress} from 'viem/accounts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {testTokenAbi} from '../../../contracts/abi/test-token.js';
import {createChainClients, type ChainClients} from '../../../source/adapters/chain/clients.js';
import {deployTestToken} from '../../../source/adapters/chain/deploy.js';
import {loadConfig} from '../../../source/config/settings.js';
import {startDiscoveryServer, type DiscoveryServer} from '../../../source/devnet/discovery-server.js';
import {bindServices} from '../../../source/services/bind-services.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import type {Services} from '../../../source/services/services.js';
import {ratePerSecondWei} from '../../../source/services/streams/stream-math.js';
import {quoteLines} from '../../../source/commands/vm-create.js';
import {createMonitorHome, startMonitorChain, type MonitorChain, type MonitorHome} from '../../helpers/monitor-chain.js';
import {startAdvertisedProvider} from '../../helpers/advertised-provider.js';

const E18 = 10n ** 18n;
const resources = {cpu: 1, memory: 1, storage: 10};
/** 5 + 2 + 1 = 8 USD per month at the advertised prices; GLM at 0.25 USD. */
const USD_PER_MONTH = 8n * E18;
const GLM_USD = '0.25';

let chain: MonitorChain;
let discovery: DiscoveryServer;
let token: Address;
let reader: ChainClients;
let requestor: Address;
/** Provider asking for the token, and one asking for native ETH (the default demo). */
const tokenProvider = privateKeyToAddress(generatePrivateKey());
const nativeProvider = privateKeyToAddress(generatePrivateKey());
const servers: FastifyInstance[] = [];
const homes: MonitorHome[] = [];
const contexts: ServiceContext[] = [];

function servicesFor(extraEnv: Record<string, string> = {}): {ctx: ServiceContext; services: Services} {
  const home = createMonitorHome(chain);
  homes.push(home);
  const env = {
    ...home.env,
    GOLEM_REQUESTOR_DISCOVERY_URL: discovery.url,
    GOLEM_REQUESTOR_GLM_TOKEN_ADDRESS: token,
    GOLEM_REQUESTOR_GLM_USD_PRICE: GLM_USD,
    ...extraEnv,
  };
  const ctx = createServiceContext(loadConfig(env), {timing: {pollIntervalMs: 50, createTimeoutMs: 10_000}});
  contexts.push(ctx);
  return {ctx, services: bindServices(ctx)};
}

async function provider(id: Address, tokenAddress: Address): Promise<void> {
  servers.push(await startAdvertisedProvider({discoveryUrl: discovery.url, advertisedId: id, contract: chain.contractAddress, token: tokenAddress}));
}

const tokenBalance = (address: Address) => reader.publicClient.readContract({address: token, abi: erc20Abi, functionName: 'balanceOf', args: [address]});
const allowance = (owner: Address) =>
  reader.publicClient.readContract({address: token, abi: erc20Abi, functionName: 'allowance', args: [owner, chain.contractAddress]});
const nonce = (address: Address) => reader.publicClient.getTransactionCount({address, blockTag: 'pending'});

let main: {ctx: ServiceContext; services: Services};

beforeAll(async () => {
  chain = await startMonitorChain();
  discovery = await startDiscoveryServer();
  requestor = privateKeyToAddress(chain.requestorKey);
  const deployer = chain.anvil.accounts[0]!;
  token = await deployTestToken(chain.anvil.rpcUrl, chain.anvil.chainId, deployer.privateKey, {
    symbol: 'tGLM',
    decimals: 18,
    mints: [[requestor, 1000n * E18]],
  });
  reader = createChainClients({rpcUrl: chain.anvil.rpcUrl, chainId: chain.anvil.chainId, privateKey: deployer.privateKey, pollingIntervalMs: 50});
  await provider(tokenProvider, token);
  await provider(nativeProvider, zeroAddress);
  main = servicesFor();
}, 60_000);

afterAll(async () => {
  for (const ctx of contexts) ctx.db.close();
  await Promise.all(servers.map((server) => server.close()));
  await discovery?.close();
  await chain?.stop();
  for (const home of homes) home.remove();
});

describe('ERC20 streams through the services (reference §6.7)', () => {
  const expectedRate = ratePerSecondWei({usdPerMonthFixed18: USD_PER_MONTH, tokenUsdFixed18: E18 / 4n, decimals: 18});

  it('quotes in the token: rate from GLM/USD and the token decimals, deposit in tGLM, gas bound for approve + create', async () => {
    const quote = await main.services.quoteVm({providerId: tokenProvider, resources, hours: 2});
    expect(quote.token).toMatchObject({address: token, symbol: 'tGLM', decimals: 18, balance: 1000n * E18});
    expect(quote.estimate.ratePerSecondWei).toBe(expectedRate);
    expect(quote.depositWei).toBe(expectedRate * 7200n);
    const oneGas = await main.ctx.payments().client.estimateMaxGasCostWei();
    expect(quote.maxGasWei).toBe(oneGas * 2n);
    // Shown in the token, gas in ETH.
    const lines = quoteLines('quote', quote).join('\n');
    expect(lines).toMatch(/Deposit   : [0-9.]+ tGLM for 2 h/);
    expect(lines).toMatch(/Max gas   : [0-9.]+ ETH \(approve \+ createStream\)/);
    expect(lines).toContain('Wallet    : ');
    expect(lines).toContain(', 1000 tGLM');
    // The native provider still quotes in ETH (the default demo stays native).
    const native = await main.services.quoteVm({providerId: nativeProvider, resources, hours: 2});
    expect(native.token).toBeNull();
    expect(native.estimate.ratePerSecondWei).toBe(ratePerSecondWei({usdPerMonthFixed18: USD_PER_MONTH, ethUsdFixed18: 2000n * E18}));
  });

  it('opens with approve of the exact deposit, sends no ETH, and the id is read past the token Transfer log', async () => {
    const [tokenBefore, ethBefore, nonceBefore] = await Promise.all([tokenBalance(requestor), reader.publicClient.getBalance({address: requestor}), nonce(requestor)]);
    expect(await allowance(requestor)).toBe(0n);
    const opened = await main.services.openStream({providerId: tokenProvider, resources, hours: 1});
    const deposit = expectedRate * 3600n;
    expect(opened.depositWei).toBe(deposit);
    // approve + createStream: two transactions, the approve for exactly the deposit, all of it pulled.
    expect(await nonce(requestor)).toBe(nonceBefore + 2);
    expect(await allowance(requestor)).toBe(0n);
    expect(await tokenBalance(requestor)).toBe(tokenBefore - deposit);
    expect(await tokenBalance(chain.contractAddress)).toBeGreaterThanOrEqual(deposit);
    const operation = main.ctx.db.repositories.operations.listSince('create-stream', '1970-01-01T00:00:00Z').at(-1)!;
    expect(operation.detail).toMatch(/; approve 0x[0-9a-f]{64}$/);
    const approveHash = operation.detail!.split('approve ')[1] as `0x${string}`;
    const approve = await reader.publicClient.getTransaction({hash: approveHash});
    expect(isAddressEqual(approve.to!, token)).toBe(true);
    expect(approve.input.startsWith('0x095ea7b3')).toBe(true);
    expect(approve.input.endsWith(deposit.toString(16).padStart(64, '0'))).toBe(true);

    // Only gas left the wallet's ETH: the createStream carried value 0.
    const create = await reader.publicClient.getTransaction({hash: opened.txHash});
    expect(create.value).toBe(0n);
    const receipts = await Promise.all([approveHash, opened.txHash].map((hash) => reader.publicClient.getTransactionReceipt({hash})));
    const gas = receipts.reduce((sum, receipt) => sum + receipt.gasUsed * receipt.effectiveGasPrice, 0n);
    expect(await reader.publicClient.getBalance({address: requestor})).toBe(ethBefore - gas);

    // The receipt's first log is the token's Transfer (reference §14.1 item 9); the id is still found.
    const receipt = receipts[1]!;
    expect(isAddressEqual(receipt.logs[0]!.address, token)).toBe(true);
    expect(await main.ctx.payments().client.getCreatedStreamId(opened.txHash)).toBe(opened.streamId);
    const stream = await main.ctx.payments().client.getStream(opened.streamId);
    expect(stream).toMatchObject({token, recipient: tokenProvider, deposit, ratePerSecond: expectedRate});
  });

  it('sends no approve when the allowance already covers the deposit', async () => {
    const {walletClient, publicClient} = createChainClients({rpcUrl: chain.anvil.rpcUrl, chainId: chain.anvil.chainId, privateKey: chain.requestorKey});
    const hash = await walletClient.writeContract({address: token, abi: testTokenAbi, functionName: 'approve', args: [chain.contractAddress, 100n * E18]});
    await publicClient.waitForTransactionReceipt({hash});
    const nonceBefore = await nonce(requestor);
    const opened = await main.services.openStream({providerId: tokenProvider, resources, hours: 1});
    expect(await nonce(requestor)).toBe(nonceBefore + 1);
    expect(await allowance(requestor)).toBe(100n * E18 - opened.depositWei);
    const operation = main.ctx.db.repositories.operations.listSince('create-stream', '1970-01-01T00:00:00Z').at(-1)!;
    expect(operation.detail).not.toMatch(/approve/);
    // Leave no allowance behind for the next tests.
    const reset = await walletClient.writeContract({address: token, abi: testTokenAbi, functionName: 'approve', args: [chain.contractAddress, 0n]});
    await publicClient.waitForTransactionReceipt({hash: reset});
  });

  it('tops up and terminates in the token: approve + topUp, refund and payout in tGLM', async () => {
    const opened = await main.services.openStream({providerId: tokenProvider, resources, hours: 1});
    const tokenBefore = await tokenBalance(requestor);
    const nonceBefore = await nonce(requestor);
    const topped = await main.services.topUpStream({streamId: opened.streamId, hours: 1});
    expect(topped.toppedUpWei).toBe(expectedRate * 3600n);
    expect(await nonce(requestor)).toBe(nonceBefore + 2); // approve + topUp
    expect(await tokenBalance(requestor)).toBe(tokenBefore - topped.toppedUpWei);
    expect((await reader.publicClient.getTransaction({hash: topped.txHash})).value).toBe(0n);
    const stream = await main.ctx.payments().client.getStream(opened.streamId);
    expect(stream.deposit).toBe(opened.depositWei + topped.toppedUpWei);

    await chain.travel(600);
    const [requestorBefore, providerBefore] = await Promise.all([tokenBalance(requestor), tokenBalance(tokenProvider)]);
    const ended = await main.services.terminateStream(opened.streamId);
    expect(ended.payoutWei).toBeGreaterThan(0n);
    expect(ended.refundWei).toBeGreaterThan(0n);
    expect(ended.refundWei + ended.payoutWei).toBe(stream.deposit);
    expect(await tokenBalance(requestor)).toBe(requestorBefore + ended.refundWei);
    expect(await tokenBalance(tokenProvider)).toBe(providerBefore + ended.payoutWei);
    // Nothing in ETH reached the provider: it was paid in the token.
    expect(await reader.publicClient.getBalance({address: tokenProvider})).toBe(0n);
  });

  it('refuses a wallet short of the token before any transaction ("need X more tGLM"), and one short of gas ETH', async () => {
    const stranger = chain.anvil.accounts[2]!; // 10,000 ETH, no tGLM
    const poor = servicesFor({GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: stranger.privateKey});
    const before = await nonce(stranger.address);
    const failure = await poor.services.openStream({providerId: tokenProvider, resources, hours: 1}).catch((error: unknown) => error);
    expect(failure).toMatchObject({name: 'InsufficientFundsError', availableWei: 0n, requiredWei: expectedRate * 3600n});
    expect((failure as {hint: string}).hint).toMatch(/^Need [0-9.]+ tGLM more \(deposit [0-9.]+ tGLM, wallet 0 tGLM\)/);
    await expect(poor.services.createVm({name: 'poor-token-vm', providerId: tokenProvider, resources, hours: 1})).rejects.toMatchObject({
      name: 'InsufficientFundsError',
    });
    expect(await nonce(stranger.address)).toBe(before);

    // Tokens but no ETH for gas: "need Y more ETH".
    const noEthKey = generatePrivateKey();
    const noEth = privateKeyToAddress(noEthKey);
    const {walletClient, publicClient} = createChainClients({rpcUrl: chain.anvil.rpcUrl, chainId: chain.anvil.chainId, privateKey: chain.requestorKey});
    const hash = await walletClient.writeContract({address: token, abi: testTokenAbi, functionName: 'transfer', args: [noEth, 10n * E18]});
    await publicClient.waitForTransactionReceipt({hash});
    const dry = servicesFor({GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: noEthKey});
    await expect(dry.services.openStream({providerId: tokenProvider, resources, hours: 1})).rejects.toMatchObject({
      name: 'InsufficientFundsError',
      hint: expect.stringMatching(/^Need [0-9.]+ ETH more for gas \(approve \+ stream transaction/),
    });
    expect(await nonce(noEth)).toBe(0);
    expect(await tokenBalance(noEth)).toBe(10n * E18);
  });

  it('refuses a provider asking for a token other than the payments network\'s, before paying', async () => {
    const stranger = privateKeyToAddress(generatePrivateKey());
    await provider(stranger, privateKeyToAddress(generatePrivateKey()));
    const before = await nonce(requestor);
    await expect(main.services.openStream({providerId: stranger, resources, hours: 1})).rejects.toMatchObject({
      name: 'ProviderError',
      message: expect.stringMatching(/not the payments network's stream token/),
    });
    // Without a token in the profile, the token provider is refused too (native ETH only).
    const nativeOnly = servicesFor({GOLEM_REQUESTOR_GLM_TOKEN_ADDRESS: zeroAddress});
    await expect(nativeOnly.services.openStream({providerId: tokenProvider, resources, hours: 1})).rejects.toThrow(/native ETH only/);
    expect(await nonce(requestor)).toBe(before);
  });
});
