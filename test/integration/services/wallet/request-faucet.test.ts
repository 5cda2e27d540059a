/**
 * The faucet flow and the wallet summary over real parts: anvil, StreamPayment deployed on it, and a local Cap +
 * faucet server (test/helpers/cap-faucet-server.ts) that verifies the proof of work and pays real ETH on anvil.
 * The devnet payments profile gets a faucet through GOLEM_REQUESTOR_L2_FAUCET_URL / GOLEM_REQUESTOR_CAPTCHA_URL.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createPublicClient, http, type Hex} from 'viem';
import {generatePrivateKey} from 'viem/accounts';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {deployStreamPayment} from '../../../../source/adapters/chain/deploy.js';
import {devnetStatePath, loadConfig, type AppConfig} from '../../../../source/config/settings.js';
import {CancelledError, ConfigError, FaucetError} from '../../../../source/errors.js';
import {bindServices} from '../../../../source/services/bind-services.js';
import {createServiceContext} from '../../../../source/services/create-services.js';
import type {ServiceContext} from '../../../../source/services/context.js';
import {computeStream} from '../../../../source/services/streams/stream-math.js';
import type {FaucetProgress} from '../../../../source/services/types.js';
import {startAnvil, type Anvil} from '../../../helpers/anvil.js';
import {startCapFaucetServer, type CapFaucetServer} from '../../../helpers/cap-faucet-server.js';

const PAYOUT_WEI = 10n ** 17n;
let anvil: Anvil;
let server: CapFaucetServer;
let baseDir: string;
let contractAddress: `0x${string}`;
const opened: ServiceContext[] = [];

beforeAll(async () => {
  anvil = await startAnvil();
  contractAddress = await deployStreamPayment(anvil.rpcUrl, anvil.chainId, anvil.accounts[0]!.privateKey, anvil.accounts[9]!.address);
  server = await startCapFaucetServer({
    rpcUrl: anvil.rpcUrl,
    chainId: anvil.chainId,
    funderKey: anvil.accounts[1]!.privateKey,
    payoutWei: PAYOUT_WEI,
    pairs: 8,
    targetLength: 3,
  });
  baseDir = mkdtempSync(join(tmpdir(), 'golem-faucet-'));
  const paths = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir}).paths;
  mkdirSync(paths.devnetDir, {recursive: true});
  writeFileSync(
    devnetStatePath(paths.devnetDir),
    JSON.stringify({chainId: anvil.chainId, rpcUrl: anvil.rpcUrl, discoveryUrl: 'http://127.0.0.1:9', streamPaymentAddress: contractAddress, ethUsdPrice: '2000'}),
  );
}, 60_000);

afterEach(() => {
  server.failStep = null;
  server.format = 'list';
  server.delayMs = 0;
});

afterAll(async () => {
  for (const ctx of opened) ctx.db.close();
  await server?.close();
  await anvil?.stop();
  if (baseDir) rmSync(baseDir, {recursive: true, force: true});
});

/** Services for a wallet `privateKey` (fresh and empty by default) on the devnet profile with the local faucet. */
function servicesFor(privateKey: Hex = generatePrivateKey(), adjust: (config: AppConfig) => AppConfig = (config) => config) {
  const config = loadConfig({
    GOLEM_REQUESTOR_BASE_DIR: baseDir,
    GOLEM_REQUESTOR_DB_PATH: join(mkdtempSync(join(baseDir, 'db-')), 'vms.db'),
    GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet',
    GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: privateKey,
    GOLEM_REQUESTOR_L2_FAUCET_URL: server.url,
    GOLEM_REQUESTOR_CAPTCHA_URL: server.url,
    GOLEM_REQUESTOR_CAPTCHA_API_KEY: server.apiKey,
  });
  const ctx = createServiceContext(adjust(config));
  opened.push(ctx);
  return {ctx, services: bindServices(ctx)};
}

async function receiptStatus(hash: Hex) {
  const client = createPublicClient({transport: http(anvil.rpcUrl)});
  return (await client.waitForTransactionReceipt({hash})).status;
}

describe('requestFaucet', () => {
  it.each(['list', 'seeded'] as const)('solves a %s challenge, redeems it and gets paid on chain', async (format) => {
    server.format = format;
    const {ctx, services} = servicesFor();
    const progress: FaucetProgress[] = [];
    const before = {...server.requests};

    const result = await services.requestFaucet({onProgress: (event) => progress.push(event)});

    expect(result).toMatchObject({status: 'funded', address: ctx.wallet().address});
    if (result.status !== 'funded') throw new Error('not funded');
    expect(result.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await receiptStatus(result.txHash)).toBe('success');
    expect(await ctx.payments().client.getBalance()).toBe(PAYOUT_WEI);
    expect(server.requests).toEqual({challenge: before.challenge + 1, redeem: before.redeem + 1, faucet: before.faucet + 1});
    expect(progress.map((event) => event.step).filter((step, index, all) => all[index - 1] !== step)).toEqual([
      'balance',
      'challenge',
      'solve',
      'redeem',
      'payout',
    ]);
    expect(progress.filter((event) => event.step === 'solve').at(-1)).toEqual({step: 'solve', solved: 8, total: 8});
  });

  it('skips without contacting the faucet when the balance is above the threshold, and says so', async () => {
    const {ctx, services} = servicesFor(anvil.accounts[2]!.privateKey);
    const before = {...server.requests};
    const result = await services.requestFaucet();
    expect(result).toEqual({
      status: 'skipped',
      address: ctx.wallet().address,
      balanceWei: await ctx.payments().client.getBalance(),
      thresholdWei: 10n ** 16n,
    });
    expect(server.requests).toEqual(before);
  });

  it.each([
    ['challenge', /Faucet challenge failed: HTTP 500: challenge store unavailable/],
    ['redeem', /Faucet redeem failed: the CAPTCHA server refused the solutions: Invalid solution\./],
    ['payout', /Faucet payout failed: HTTP 429: rate limited, try again in 24h/],
  ] as const)('reports a failing %s step as a FaucetError naming it', async (step, message) => {
    server.failStep = step;
    const {services} = servicesFor();
    const error = await services.requestFaucet().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FaucetError);
    expect((error as FaucetError).step).toBe(step);
    expect((error as FaucetError).shortMessage).toMatch(message);
    expect((error as FaucetError).hint).toBeTruthy();
  });

  it('reports an unreachable CAPTCHA server as a challenge failure', async () => {
    const {services} = servicesFor(undefined, (config) => ({...config, faucet: {...config.faucet!, captchaUrl: 'http://127.0.0.1:9'}}));
    await expect(services.requestFaucet()).rejects.toThrow(/Faucet challenge failed: cannot connect to http:\/\/127\.0\.0\.1:9/);
  });

  it('stops solving at once when aborted', async () => {
    const {services} = servicesFor();
    const controller = new AbortController();
    const started = Date.now();
    const pending = services.requestFaucet({
      signal: controller.signal,
      onProgress: (event) => {
        if (event.step === 'solve') controller.abort();
      },
    });
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('aborts a request in flight', async () => {
    server.delayMs = 5000;
    const {services} = servicesFor();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(services.requestFaucet({signal: controller.signal})).rejects.toBeInstanceOf(CancelledError);
  });

  it('refuses a payments profile without a faucet', async () => {
    const {services} = servicesFor(undefined, (config) => ({...config, faucet: null}));
    await expect(services.requestFaucet()).rejects.toThrowError(ConfigError);
    await expect(services.requestFaucet()).rejects.toThrow(/The payments network 'devnet' has no faucet\./);
  });
});

describe('getWallet', () => {
  it('reports spendable (balance − one payment of gas) and locked (unvested deposits of open streams)', async () => {
    const {ctx, services} = servicesFor(anvil.accounts[3]!.privateKey);
    const {client, profile} = ctx.payments();
    const depositWei = 10n ** 17n;
    const recipient = anvil.accounts[4]!.address;
    const {streamId, txHash} = await client.createStream({recipient, depositWei, ratePerSecondWei: 10n ** 12n});
    ctx.db.repositories.streams.upsert({
      streamId,
      chainId: profile.chainId,
      contractAddress: client.contractAddress,
      recipient,
      depositWei,
      ratePerSecondWei: 10n ** 12n,
      vmName: null,
      status: 'open',
      createTxHash: txHash,
    });

    const wallet = await services.getWallet();
    const vested = computeStream(await client.getStream(streamId), await client.getBlockTimestamp()).vestedWei;
    expect(wallet.openStreams).toBe(1);
    expect(wallet.lockedWei).toBe(depositWei - vested);
    expect(wallet.lockedWei).toBeGreaterThan(0n);
    expect(wallet.balanceWei).toBe(await client.getBalance());
    expect(wallet.spendableWei).toBe(wallet.balanceWei - (await client.estimateMaxGasCostWei()));
    expect(wallet.hasFaucet).toBe(true);
    expect(wallet.paymentsNetwork).toBe('devnet');

    await client.terminate({streamId});
    const after = await services.getWallet();
    expect(after).toMatchObject({openStreams: 0, lockedWei: 0n});
  });

  it('floors spendable at 0 for an empty wallet', async () => {
    const {services} = servicesFor(undefined, (config) => ({...config, faucet: null}));
    expect(await services.getWallet()).toMatchObject({balanceWei: 0n, spendableWei: 0n, lockedWei: 0n, openStreams: 0, hasFaucet: false});
  });
});
