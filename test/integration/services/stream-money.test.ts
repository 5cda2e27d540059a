/**
 * The money checks of streams over real parts (issue 3): anvil + StreamPayment, a real SQLite file per base dir,
 * the devnet discovery server and small provider `/provider/info` servers. Every refused payment is asserted to
 * send nothing (the wallet's pending nonce and balance are unchanged); two golem processes topping up at once do not
 * collide on a nonce; a crash between sending and mining a createStream leaves a record the next run settles.
 */
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {execa} from 'execa';
import type {FastifyInstance} from 'fastify';
import {createTestClient, http, type Address, type Hex} from 'viem';
import {generatePrivateKey, privateKeyToAddress} from 'viem/accounts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {streamInspectCommand, streamListCommand, streamOpenCommand, streamStatusCommand, streamTopUpCommand} from '../../../source/commands/vm-stream.js';
import {loadConfig, type AppConfig} from '../../../source/config/settings.js';
import {startDiscoveryServer, type DiscoveryServer} from '../../../source/devnet/discovery-server.js';
import {formatDuration, formatEth} from '../../../source/lib/format.js';
import {ratePerSecondWei} from '../../../source/services/streams/stream-math.js';
import {bindServices} from '../../../source/services/bind-services.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import {openStreamFor} from '../../../source/services/streams/open-stream-for.js';
import {createStreamPaymentClient} from '../../../source/adapters/chain/stream-payment.js';
import type {Services} from '../../../source/services/services.js';
import {startAdvertisedProvider} from '../../helpers/advertised-provider.js';
import {makeTestIo} from '../../helpers/command-io.js';
import {createMonitorHome, openFundedVm, RATE_WEI, startMonitorChain, type MonitorChain, type MonitorHome} from '../../helpers/monitor-chain.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const FIXTURES = join(import.meta.dirname, 'fixtures');
const resources = {cpu: 1, memory: 1, storage: 10};

let chain: MonitorChain;
let discovery: DiscoveryServer;
const servers: FastifyInstance[] = [];
const homes: MonitorHome[] = [];
const contexts: ServiceContext[] = [];

/** A base dir on the chain whose settings also name the discovery server and a (testnet) faucet URL. */
function home(extraEnv: Record<string, string> = {}): {home: MonitorHome; env: Record<string, string>} {
  const created = createMonitorHome(chain);
  homes.push(created);
  const env = {
    ...created.env,
    GOLEM_REQUESTOR_DISCOVERY_URL: discovery.url,
    GOLEM_REQUESTOR_L2_FAUCET_URL: 'http://127.0.0.1:9/faucet',
    ...extraEnv,
  };
  return {home: created, env};
}

function servicesFor(config: AppConfig): {ctx: ServiceContext; services: Services} {
  const ctx = createServiceContext(config, {timing: {pollIntervalMs: 50, createTimeoutMs: 10_000}});
  contexts.push(ctx);
  return {ctx, services: bindServices(ctx)};
}

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const response = await fetch(chain.anvil.rpcUrl, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params}),
  });
  return ((await response.json()) as {result: T}).result;
}

/** The wallet's pending nonce and balance: equal before and after ⇔ nothing was sent. */
async function walletSnapshot(address: Address): Promise<{nonce: bigint; balanceWei: bigint}> {
  const [nonce, balance] = await Promise.all([
    rpc<string>('eth_getTransactionCount', [address, 'pending']),
    rpc<string>('eth_getBalance', [address, 'pending']),
  ]);
  return {nonce: BigInt(nonce), balanceWei: BigInt(balance)};
}

/** Starts a `/provider/info` server and advertises it in discovery as `advertisedId`. */
async function provider({advertisedId, infoId, contract}: {advertisedId: Address; infoId: Address; contract: Address}): Promise<void> {
  servers.push(await startAdvertisedProvider({discoveryUrl: discovery.url, advertisedId, infoId, contract}));
}

let main: {ctx: ServiceContext; services: Services; env: Record<string, string>};
let requestor: Address;

beforeAll(async () => {
  chain = await startMonitorChain();
  discovery = await startDiscoveryServer();
  requestor = privateKeyToAddress(chain.requestorKey);
  // The honest provider: advertised id = /provider/info id = the stream recipient, the profile's contract.
  await provider({advertisedId: chain.provider, infoId: chain.provider, contract: chain.contractAddress});
  const {env} = home();
  main = {...servicesFor(loadConfig(env)), env};
}, 60_000);

afterAll(async () => {
  for (const ctx of contexts) ctx.db.close();
  await Promise.all(servers.map((server) => server.close()));
  await discovery?.close();
  await chain?.stop();
  for (const created of homes) created.remove();
});

describe('refused payments send nothing', () => {
  it('case-25: a chain id other than the profile\'s is refused, naming both ids', async () => {
    const profile = main.ctx.payments().profile;
    const wrongChain = servicesFor({...main.ctx.config, payments: {...profile, chainId: 1}});
    const streamId = await openFundedVm(main.ctx, chain, 'case-25-vm', {seconds: 7200});
    const before = await walletSnapshot(requestor);

    const opening = wrongChain.services.openStream({providerId: chain.provider, resources, hours: 1});
    await expect(opening).rejects.toMatchObject({name: 'ChainError'});
    await expect(opening).rejects.toThrow(/serves chain 31337.*expects chain 1\b.*Nothing was signed/s);
    await expect(wrongChain.services.topUpStream({streamId, hours: 1})).rejects.toThrow(/serves chain 31337.*expects chain 1\b/s);

    expect(await walletSnapshot(requestor)).toEqual(before);
    expect(wrongChain.ctx.db.repositories.operations.listUnfinished()).toEqual([]);
  });

  it('a provider advertising another contract is refused, not trusted', async () => {
    const id = privateKeyToAddress(generatePrivateKey());
    await provider({advertisedId: id, infoId: id, contract: privateKeyToAddress(generatePrivateKey())});
    const before = await walletSnapshot(requestor);
    await expect(main.services.openStream({providerId: id, resources, hours: 1})).rejects.toThrow(
      /expects payments on contract 0x[0-9a-fA-F]{40}, not the known deployment/,
    );
    await expect(main.services.createVm({name: 'other-contract', providerId: id, resources, hours: 1})).rejects.toMatchObject({name: 'ProviderError'});
    expect(await walletSnapshot(requestor)).toEqual(before);
  });

  it('a provider whose /provider/info id differs from the advertised id is refused', async () => {
    const advertised = privateKeyToAddress(generatePrivateKey());
    await provider({advertisedId: advertised, infoId: privateKeyToAddress(generatePrivateKey()), contract: chain.contractAddress});
    const before = await walletSnapshot(requestor);
    await expect(main.services.openStream({providerId: advertised, resources, hours: 1})).rejects.toThrow(/says it is 0x[0-9a-fA-F]{40}, not the advertised provider/);
    expect(await walletSnapshot(requestor)).toEqual(before);
  });

  it('a wallet that cannot cover deposit + gas gets "need X more" and the faucet hint on a testnet profile', async () => {
    const poorKey = generatePrivateKey();
    const poor = servicesFor(loadConfig(home({GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: poorKey}).env));
    const address = privateKeyToAddress(poorKey);
    const before = await walletSnapshot(address);
    const failure = await poor.services.openStream({providerId: chain.provider, resources, hours: 1}).catch((error: unknown) => error);
    expect(failure).toMatchObject({name: 'InsufficientFundsError', availableWei: 0n});
    expect((failure as Error & {hint: string}).hint).toMatch(/^Need [0-9.]+ ETH more \(deposit \+ gas [0-9.]+ ETH, wallet 0 ETH\)\. Get test ETH with `golem wallet faucet`/);
    await expect(poor.services.createVm({name: 'poor-vm', providerId: chain.provider, resources, hours: 1})).rejects.toMatchObject({
      name: 'InsufficientFundsError',
      hint: expect.stringMatching(/^Need [0-9.]+ ETH more .*golem wallet faucet/),
    });
    expect(await walletSnapshot(address)).toEqual(before);
    expect(before).toEqual({nonce: 0n, balanceWei: 0n});

    // A top-up larger than the balance is refused the same way, before sending.
    const streamId = await openFundedVm(main.ctx, chain, 'rich-vm', {seconds: 7200});
    const mainBefore = await walletSnapshot(requestor);
    await expect(main.services.topUpStream({streamId, amountWei: 10n ** 30n})).rejects.toMatchObject({
      name: 'InsufficientFundsError',
      hint: expect.stringMatching(/^Need [0-9.]+ ETH more .*golem wallet faucet/),
    });
    expect(await walletSnapshot(requestor)).toEqual(mainBefore);
  });

  it('terminated and halted streams are refused before sending; a stream that ran out needs a confirmation', async () => {
    const terminated = await openFundedVm(main.ctx, chain, 'ended-vm', {seconds: 7200});
    await main.ctx.payments().client.terminate({streamId: terminated});
    const halted = await openFundedVm(main.ctx, chain, 'halted-vm', {seconds: 7200});
    await chain.halt(halted);
    const late = await openFundedVm(main.ctx, chain, 'late-vm', {seconds: 60});
    await chain.travel(600);

    const before = await walletSnapshot(requestor);
    await expect(main.services.topUpStream({streamId: terminated, hours: 1})).rejects.toThrow(`Stream ${terminated} cannot be topped up: it is terminated.`);
    await expect(main.services.topUpStream({streamId: halted, seconds: 1800})).rejects.toThrow(/cannot be topped up: it is halted/);
    await expect(main.services.topUpStream({streamId: 999_999n, hours: 1})).rejects.toThrow(/it does not exist/);
    await expect(main.services.topUpStream({streamId: late, hours: 1})).rejects.toMatchObject({
      name: 'InvalidInputError',
      shortMessage: expect.stringMatching(new RegExp(`^Stream ${late} ran out \\d+ s ago; a top-up now also pays for those idle seconds`)),
      hint: expect.stringContaining('--yes'),
    });
    let asked: {gapSeconds: bigint; gapWei: bigint} | undefined;
    await expect(
      main.services.topUpStream({
        streamId: late,
        hours: 1,
        confirmLate: async (info) => {
          asked = info;
          return false;
        },
      }),
    ).rejects.toMatchObject({name: 'CancelledError', shortMessage: 'Nothing was paid.'});
    expect(asked!.gapSeconds).toBeGreaterThanOrEqual(540n);
    expect(asked!.gapWei).toBe(asked!.gapSeconds * RATE_WEI);
    expect(await walletSnapshot(requestor)).toEqual(before);

    const paid = await main.services.topUpStream({streamId: late, seconds: 5400, confirmLate: async () => true});
    expect(paid.toppedUpWei).toBe(5400n * RATE_WEI);
    expect((await walletSnapshot(requestor)).nonce).toBe(before.nonce + 1n);
  });
});

describe('confirming before paying', () => {
  it('stream open shows rate, cost per hour and month in ETH and USD, deposit and max gas, then asks; no answer pays nothing', async () => {
    // $5/core + $2/GB RAM + $0.1/GB disk for 1/1/10 = $8 per 730-hour month at the home's fixed $2000/ETH.
    const rate = ratePerSecondWei({usdPerMonthFixed18: 8n * 10n ** 18n, ethUsdFixed18: 2000n * 10n ** 18n});
    expect(rate).toBe(1_522_070_015n); // floor(8e36 / (2000e18 × 2_628_000)), exact bigint, never 0
    const flags = {provider: undefined, providerId: chain.provider, country: undefined, platform: undefined, maxPricePerHour: undefined, cpu: 1, memory: 1, storage: 10, hours: '1', json: true};
    const before = await walletSnapshot(requestor);

    // Without a terminal the missing --yes is a usage error before anything is asked of the network (issue 14).
    const script = makeTestIo({env: main.env});
    await expect(streamOpenCommand.run(script.io, {args: [], rest: [], flags: {...flags, json: false, yes: false}})).rejects.toThrow(/stdin is not a terminal/);

    const terminal = makeTestIo({env: main.env, isTty: true});
    const declined = streamOpenCommand.run(terminal.io, {args: [], rest: [], flags: {...flags, json: false, yes: false}});
    for (let tries = 0; !terminal.stderr().includes('Open the stream?') && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(terminal.stderr()).toContain(`Rate      : ${rate} wei/s`);
    expect(terminal.stderr()).toContain(`Per hour  : ${formatEth(rate * 3600n, 8)} (~$0.0109)`);
    expect(terminal.stderr()).toContain(`Per month : ${formatEth(rate * 2_628_000n, 8)} (~$8, 730 h)`);
    expect(terminal.stderr()).toContain(`Deposit   : ${formatEth(rate * 3600n, 8)} for 1 h`);
    expect(terminal.stderr()).toMatch(/Max gas   : [0-9.]+ ETH/);
    terminal.stdin.write('n\n');
    await expect(declined).rejects.toMatchObject({name: 'CancelledError', shortMessage: 'Nothing was paid.'});
    expect(await walletSnapshot(requestor)).toEqual(before);

    const confirmed = makeTestIo({env: main.env});
    expect(await streamOpenCommand.run(confirmed.io, {args: [], rest: [], flags: {...flags, yes: true}})).toBe(0);
    expect(JSON.parse(confirmed.stdout())).toMatchObject({rate_per_second_wei: String(rate), deposit_wei: String(rate * 3600n)});
    expect((await walletSnapshot(requestor)).nonce).toBe(before.nonce + 1n);
  });

  it('stream open --hours max deposits exactly what "Spendable" said: the balance less the fee cap sent (issue 11 item 7)', async () => {
    const key = chain.anvil.accounts[6]!.privateKey;
    const address = chain.anvil.accounts[6]!.address;
    const {env} = home({GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: key});
    const testClient = createTestClient({mode: 'anvil', transport: http(chain.anvil.rpcUrl)});
    await testClient.setBalance({address, value: 10n ** 17n});
    const opened = makeTestIo({env});
    const flags = {provider: undefined, providerId: chain.provider, country: undefined, platform: undefined, maxPricePerHour: undefined, cpu: 1, memory: 1, storage: 10, hours: 'max', yes: true, json: true};
    expect(await streamOpenCommand.run(opened.io, {args: [], rest: [], flags})).toBe(0);
    const depositWei = BigInt((JSON.parse(opened.stdout()) as {deposit_wei: string}).deposit_wei);
    const left = (await walletSnapshot(address)).balanceWei;
    expect(depositWei).toBeGreaterThan(10n ** 17n - 10n ** 16n);
    // All that is left is the unused part of the fee cap: less than the gas bound of one payment.
    expect(left).toBeLessThan(10n ** 17n - depositWei);
    await testClient.setBalance({address, value: 10_000n * 10n ** 18n});
  });

  it('stream topup of a stream that ran out warns and needs --yes (or a terminal) before paying', async () => {
    const late = await openFundedVm(main.ctx, chain, 'late-cli-vm', {seconds: 60});
    await chain.travel(300);
    const before = await walletSnapshot(requestor);
    const refused = makeTestIo({env: main.env});
    await expect(
      streamTopUpCommand.run(refused.io, {args: [], rest: [], flags: {streamId: String(late), hours: undefined, amount: '0.001', glm: undefined, yes: false, json: false}}),
    ).rejects.toThrow(/stdin is not a terminal/);
    expect(refused.stderr()).toMatch(new RegExp(`Stream ${late} ran out \\d+m \\d\\ds ago: [0-9.]+ ETH of this top-up pays for that idle time at once`));
    expect(await walletSnapshot(requestor)).toEqual(before);

    const forced = makeTestIo({env: main.env});
    expect(await streamTopUpCommand.run(forced.io, {args: [], rest: [], flags: {streamId: String(late), hours: undefined, amount: undefined, glm: '0.001', yes: true, json: true}})).toBe(0);
    expect(JSON.parse(forced.stdout())).toMatchObject({stream_id: String(late), topped_up_wei: '1000000000000000'});
  });
});

describe('stream topup asks first', () => {
  it('shows the amount and the runway it buys, and without --yes and a terminal sends nothing', async () => {
    const live = await openFundedVm(main.ctx, chain, 'ask-cli-vm', {seconds: 7200});
    const before = await walletSnapshot(requestor);
    const refused = makeTestIo({env: main.env});
    await expect(
      streamTopUpCommand.run(refused.io, {args: [], rest: [], flags: {streamId: String(live), hours: '1', amount: undefined, glm: undefined, yes: false, json: false}}),
    ).rejects.toThrow(/stdin is not a terminal/);
    expect(refused.stderr()).toMatch(new RegExp(`Top up stream ${live} by [0-9.]+ ETH \\(${3600n * RATE_WEI} wei\\): \\+1h 00m of runway`));
    expect(await walletSnapshot(requestor)).toEqual(before);
  });
});

describe('stream states', () => {
  it('stream list shows active / needs-top-up / out-of-funds / halted / terminated from chain time, with time travel', async () => {
    // A wallet of its own: the list shows every stream the wallet ever opened (the event scan), not only these.
    const key = chain.anvil.accounts[5]!.privateKey;
    const {env} = home({GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: key});
    const {ctx, services} = servicesFor(loadConfig(env));
    const long = await openFundedVm(ctx, chain, 'long-vm', {seconds: 7200, key});
    const short = await openFundedVm(ctx, chain, 'short-vm', {seconds: 1800, key});
    const halted = await openFundedVm(ctx, chain, 'halt-vm', {seconds: 7200, key});
    await chain.halt(halted);
    const ended = await openFundedVm(ctx, chain, 'end-vm', {seconds: 7200, key});
    await ctx.payments().client.terminate({streamId: ended});

    const states = async () => new Map((await services.listStreams()).map((view) => [view.record.streamId, view.state]));
    expect(await states()).toEqual(
      new Map([
        [long, 'active'],
        [short, 'needs-top-up'],
        [halted, 'halted'],
        [ended, 'terminated'],
      ]),
    );
    await chain.travel(3700);
    expect(await states()).toEqual(
      new Map([
        [long, 'needs-top-up'],
        [short, 'out-of-funds'],
        [halted, 'halted'],
        [ended, 'terminated'],
      ]),
    );

    const json = makeTestIo({env});
    expect(await streamListCommand.run(json.io, {args: [], rest: [], flags: {json: true}})).toBe(0);
    const listed = (JSON.parse(json.stdout()) as {streams: {stream_id: string; state: string; computed: {remaining_seconds: string}}[]}).streams;
    const longRow = listed.find((row) => row.stream_id === String(long))!;
    expect(longRow.state).toBe('needs-top-up');
    expect(listed.find((row) => row.stream_id === String(short))?.state).toBe('out-of-funds');

    const table = makeTestIo({env});
    expect(await streamListCommand.run(table.io, {args: [], rest: [], flags: {json: false}})).toBe(0);
    const line = table.stdout().split('\n').find((text) => text.includes('long-vm'))!;
    expect(line).toContain('needs-top-up');
    expect(line).toContain(formatDuration(BigInt(longRow.computed.remaining_seconds)));
    expect(line).toMatch(/\d+m \d\ds|\dh \d\dm/);
    expect(line).toContain(`${RATE_WEI} wei/s`);
  });

  it('case-24: stream status --json and inspect --json with a 10^18 wei deposit print exact decimal strings', async () => {
    const {env} = home();
    const {ctx} = servicesFor(loadConfig(env));
    const streamId = await openFundedVm(ctx, chain, 'big-vm', {seconds: 1_000_000_000}); // 10^9 s × 10^9 wei/s
    const status = makeTestIo({env});
    expect(await streamStatusCommand.run(status.io, {args: ['big-vm'], rest: [], flags: {json: true}})).toBe(0);
    const printed = JSON.parse(status.stdout()) as {stream_id: string; state: string; chain: {deposit: string; rate_per_second: string}; verified: boolean};
    expect(printed).toMatchObject({stream_id: String(streamId), state: 'active', verified: true});
    expect(printed.chain.deposit).toBe('1000000000000000000');
    expect(printed.chain.rate_per_second).toBe('1000000000');

    const inspect = makeTestIo({env});
    expect(await streamInspectCommand.run(inspect.io, {args: [], rest: [], flags: {json: true, streamId: String(streamId)}})).toBe(0);
    expect(JSON.parse(inspect.stdout())).toMatchObject({state: 'active', chain: {deposit: '1000000000000000000'}});
    const text = makeTestIo({env});
    expect(await streamInspectCommand.run(text.io, {args: [], rest: [], flags: {json: false, streamId: String(streamId)}})).toBe(0);
    expect(text.stdout()).toMatch(/state +: active/);
    expect(text.stdout()).toContain('deposit       : 1000000000000000000 wei (1 ETH)');
  });
});

describe('two golem processes', () => {
  it('case-21: topping up at once never collide on a nonce', async () => {
    const streamId = await openFundedVm(main.ctx, chain, 'shared-vm', {seconds: 7200});
    const before = await main.ctx.payments().client.getStream(streamId);
    const nonceBefore = (await walletSnapshot(requestor)).nonce;
    const worker = () =>
      execa('node', ['--import', TSX, join(FIXTURES, 'top-up-worker.ts'), String(streamId), '2', '60'], {env: main.env, reject: false});
    const results = await Promise.all([worker(), worker()]);
    const txs: Hex[] = [];
    for (const result of results) {
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      txs.push(...(JSON.parse(result.stdout) as {txs: Hex[]}).txs);
    }
    expect(txs).toHaveLength(4);
    const nonces = await Promise.all(txs.map(async (hash) => BigInt((await rpc<{nonce: string}>('eth_getTransactionByHash', [hash])).nonce)));
    expect(new Set(nonces).size).toBe(4);
    expect([...nonces].sort((a, b) => (a < b ? -1 : 1))).toEqual(Array.from({length: 4}, (_, index) => nonceBefore + BigInt(index)));
    const after = await main.ctx.payments().client.getStream(streamId);
    expect(after.deposit).toBe(before.deposit + 4n * 60n * RATE_WEI);
    expect(main.ctx.db.repositories.streams.get(streamId)?.depositWei).toBe(before.deposit + 4n * 60n * RATE_WEI);
  }, 120_000);
});

describe('a crash between sending and mining', () => {
  it('case-22: a createStream sent by a process killed before the receipt is recorded by the next run, never re-sent', async () => {
    const crashKey = chain.anvil.accounts[3]!.privateKey;
    const crashAddress = chain.anvil.accounts[3]!.address;
    const {env} = home({GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: crashKey});
    const {ctx, services} = servicesFor(loadConfig(env));
    const testClient = createTestClient({mode: 'anvil', transport: http(chain.anvil.rpcUrl)});
    const nonceBefore = (await walletSnapshot(crashAddress)).nonce;
    const depositWei = 3600n * RATE_WEI;

    await testClient.setAutomine(false);
    try {
      const child = execa('node', ['--import', TSX, join(FIXTURES, 'open-stream-worker.ts'), chain.provider, String(depositWei), String(RATE_WEI)], {
        env,
        reject: false,
      });
      const deadline = Date.now() + 60_000;
      let sentHash: Hex | null = null;
      while (sentHash === null) {
        sentHash = ctx.db.repositories.operations.listUnfinished().find((operation) => operation.kind === 'create-stream')?.txHash ?? null;
        if (sentHash === null) {
          expect(Date.now() < deadline, 'the child never stored a transaction hash').toBe(true);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      child.kill('SIGKILL');
      const exited = await child;
      expect(exited.signal).toBe('SIGKILL');
      expect(ctx.db.repositories.streams.list()).toEqual([]);
      // Signed and stored before the broadcast (issue 11 item 1): `signed`, or `sent` once the node took it.
      const [left] = ctx.db.repositories.operations.listUnfinished();
      expect(left).toMatchObject({kind: 'create-stream', txHash: sentHash});
      expect(['signed', 'sent']).toContain(left!.status);
      expect(left!.rawTx).toMatch(/^0x[0-9a-f]+$/);

      await testClient.mine({blocks: 1});
      await testClient.setAutomine(true);

      const views = await services.listStreams();
      expect(views).toHaveLength(1);
      expect(views[0]!.record).toMatchObject({vmName: 'crash-vm', depositWei, status: 'open', createTxHash: sentHash});
      expect(views[0]!.state).toBe('active'); // exactly one hour left: not below the 3600 s minimum
      expect(ctx.db.repositories.operations.listUnfinished()).toEqual([]);
      // Exactly one transaction left the wallet: the one the killed process sent. A second run sends nothing new.
      expect((await walletSnapshot(crashAddress)).nonce).toBe(nonceBefore + 1n);
      expect(await services.listStreams()).toHaveLength(1);
      expect((await walletSnapshot(crashAddress)).nonce).toBe(nonceBefore + 1n);
    } finally {
      await testClient.setAutomine(true);
    }
  }, 120_000);

  it('case-22: a createStream whose receipt timed out stays "sent" and is recorded once mined, never marked failed', async () => {
    const key = chain.anvil.accounts[4]!.privateKey;
    const {env} = home({GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: key});
    const {ctx} = servicesFor(loadConfig(env));
    const {profile} = ctx.payments();
    const impatient = createStreamPaymentClient({
      rpcUrl: profile.rpcUrl,
      chainId: profile.chainId,
      contractAddress: profile.streamPaymentAddress,
      privateKey: key,
      lockPath: ctx.config.paths.walletLockPath,
      receiptTimeoutMs: 1500,
    });
    const impatientCtx: ServiceContext = {...ctx, payments: () => ({profile, client: impatient})};
    const testClient = createTestClient({mode: 'anvil', transport: http(chain.anvil.rpcUrl)});
    await testClient.setAutomine(false);
    try {
      const opening = openStreamFor(impatientCtx, {recipient: chain.provider, depositWei: 3600n * RATE_WEI, ratePerSecondWei: RATE_WEI, vmName: 'slow-vm'});
      await expect(opening).rejects.toThrow(/no receipt arrived/);
      const [row] = ctx.db.repositories.operations.listUnfinished();
      expect(row).toMatchObject({kind: 'create-stream', status: 'sent'});
      expect(row!.detail).toMatch(/no receipt arrived/);
      await testClient.mine({blocks: 1});
    } finally {
      await testClient.setAutomine(true);
    }
    const views = await bindServices(ctx).listStreams();
    expect(views.map((view) => view.record)).toMatchObject([{vmName: 'slow-vm', status: 'open'}]);
    expect(ctx.db.repositories.operations.listUnfinished()).toEqual([]);
  }, 60_000);
});
