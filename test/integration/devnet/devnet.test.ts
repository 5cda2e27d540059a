import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CommandIo} from '../../../source/commands/command.js';
import {devnetDownCommand, devnetStatusCommand, devnetUpCommand} from '../../../source/commands/devnet.js';
import {DevnetEndpoints, devnetStatePath, loadConfig, requirePayments} from '../../../source/config/settings.js';
import {loadOrCreateWalletKey} from '../../../source/adapters/wallet/wallet-key.js';
import {ConfigError} from '../../../source/errors.js';
import {rpcRequest} from '../../../source/devnet/anvil-process.js';
import {DEVNET_WALLET_FUNDS_WEI, startDevnet, type RunningDevnet} from '../../../source/devnet/devnet.js';
import {
  devnetDeploymentPath,
  devnetLockPath,
  isProcessAlive,
  readDevnetState,
  writeDevnetState,
  type DevnetState,
} from '../../../source/devnet/state.js';

const FIXTURE_CLI = fileURLToPath(new URL('fixtures/devnet-cli.mjs', import.meta.url));

type FakeIo = CommandIo & {readonly out: () => string; readonly err: () => string; readonly abort: () => void};

/** A `CommandIo` over PassThrough streams and a real base dir, like cli.tsx builds it. */
function fakeIo(baseDir: string, cliPath = FIXTURE_CLI): FakeIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const controller = new AbortController();
  return {
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    config: () => loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir}),
    signal: controller.signal,
    isInteractive: false,
    cliPath,
    out: () => out,
    err: () => err,
    abort: () => controller.abort(),
  };
}

function tempBaseDir(): string {
  return mkdtempSync(join(tmpdir(), 'golem-devnet-test-'));
}

/** A pid that belonged to a process that has exited (for stale-state cases). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return predicate();
}

describe('startDevnet (anvil, StreamPayment, wallet, discovery, providers)', () => {
  let baseDir: string;
  let devnetDir: string;
  let walletKeyPath: string;
  let devnet: RunningDevnet;
  const logs: string[] = [];

  beforeAll(async () => {
    baseDir = tempBaseDir();
    const paths = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir}).paths;
    devnetDir = paths.devnetDir;
    walletKeyPath = paths.walletKeyPath;
    devnet = await startDevnet({devnetDir, walletKeyPath, onLog: (line) => logs.push(line)});
  }, 120_000);

  afterAll(async () => {
    await devnet?.stop();
    rmSync(baseDir, {recursive: true, force: true});
  });

  it('writes a state file that parses as DevnetEndpoints and that golem reads for the devnet network', () => {
    const raw = JSON.parse(readFileSync(devnetStatePath(devnetDir), 'utf8')) as unknown;
    const endpoints = DevnetEndpoints.parse(raw);
    expect(endpoints.chainId).toBe(31_337);
    expect(endpoints.ethUsdPrice).toBe('3000');
    expect(endpoints.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoints.discoveryUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const profile = requirePayments(loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'}));
    expect(profile).toMatchObject({name: 'devnet', chainId: 31_337, rpcUrl: endpoints.rpcUrl, discoveryUrl: endpoints.discoveryUrl});
    expect(profile.streamPaymentAddress.toLowerCase()).toBe(endpoints.streamPaymentAddress.toLowerCase());
    expect(devnet.state.pid).toBe(process.pid);
  });

  it('writes deployments/devnet.json in the reference §2.4 format', () => {
    const deployment = JSON.parse(readFileSync(devnetDeploymentPath(devnetDir), 'utf8')) as Record<string, unknown>;
    expect(deployment).toMatchObject({
      network: 'devnet',
      StreamPayment: {
        address: devnet.state.streamPaymentAddress,
        oracle: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
        glmToken: '0x0000000000000000000000000000000000000000',
      },
    });
  });

  it('serves chain id 31337 on its RPC, with StreamPayment deployed', async () => {
    expect(Number(await rpcRequest(devnet.state.rpcUrl, 'eth_chainId'))).toBe(31_337);
    const code = await rpcRequest(devnet.state.rpcUrl, 'eth_getCode', [devnet.state.streamPaymentAddress, 'latest']);
    expect(typeof code === 'string' && code.length > 2).toBe(true);
  });

  it("funds the requestor's wallet key (the one golem will pay from) with 1000 ETH", async () => {
    const wallet = loadOrCreateWalletKey({keyPath: walletKeyPath, privateKeyOverride: null});
    expect(wallet.address).toBe(devnet.state.walletAddress);
    const balance = await rpcRequest(devnet.state.rpcUrl, 'eth_getBalance', [wallet.address, 'latest']);
    expect(BigInt(balance as string)).toBe(DEVNET_WALLET_FUNDS_WEI);
  });

  it('lists at least two adverts in discovery, each with its own provider_port', async () => {
    const response = await fetch(`${devnet.state.discoveryUrl}/api/v1/advertisements`);
    const adverts = (await response.json()) as {provider_id: string; provider_port?: number; ip_address: string}[];
    expect(adverts.length).toBeGreaterThanOrEqual(2);
    const ports = adverts.map((advert) => advert.provider_port);
    expect(ports.every((port) => typeof port === 'number' && port > 0)).toBe(true);
    expect(new Set(ports).size).toBe(adverts.length);
    expect(new Set(adverts.map((advert) => advert.provider_id.toLowerCase()))).toEqual(
      new Set(devnet.state.providers.map((provider) => provider.providerId.toLowerCase())),
    );
  });

  it("answers each provider's /api/v1/provider/info with its own id", async () => {
    expect(devnet.state.providers.map((provider) => provider.name)).toEqual(['devnet-alpha', 'devnet-beta']);
    for (const provider of devnet.state.providers) {
      const response = await fetch(`http://127.0.0.1:${provider.port}/api/v1/provider/info`);
      expect(response.status).toBe(200);
      const info = (await response.json()) as {provider_id: string; stream_payment_address: string};
      expect(info.provider_id.toLowerCase()).toBe(provider.providerId.toLowerCase());
      expect(info.stream_payment_address.toLowerCase()).toBe(devnet.state.streamPaymentAddress.toLowerCase());
    }
  });

  it('logs one line per step', () => {
    expect(logs.some((line) => line.startsWith('anvil listening on http://127.0.0.1:'))).toBe(true);
    expect(logs.some((line) => line.startsWith('StreamPayment deployed at 0x'))).toBe(true);
    expect(logs.some((line) => line.includes('funded with 1000 ETH'))).toBe(true);
    expect(logs.some((line) => line.startsWith('discovery server listening on'))).toBe(true);
    expect(logs.filter((line) => line.startsWith('provider devnet-'))).toHaveLength(2);
    expect(logs.some((line) => line.startsWith('state written to'))).toBe(true);
  });

  it('refuses a second devnet for the same base dir while this one runs', async () => {
    const error = await startDevnet({devnetDir, walletKeyPath}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).shortMessage).toBe(`A devnet is already running for ${devnetDir} (pid ${process.pid}).`);
    expect((error as ConfigError).hint).toContain('golem devnet down');
    expect(readDevnetState(devnetDir).kind).toBe('valid');
  });

  it('reports every part as up through `golem devnet status --json`', async () => {
    const io = fakeIo(baseDir);
    const code = await devnetStatusCommand.run(io, {args: [], rest: [], flags: {json: true}});
    // --json keys are snake_case (issue 14).
    const status = JSON.parse(io.out()) as {is_running: boolean; rpc: {is_up: boolean}; discovery: {is_up: boolean}; providers: {is_up: boolean}[]};
    expect(code).toBe(0);
    expect(status).toMatchObject({is_running: true, state_kind: 'running', anvil_alive: true});
    expect(status.rpc).toMatchObject({is_up: true, chain_id: 31_337});
    expect(status.discovery).toMatchObject({is_up: true, adverts: 2});
    expect(status.providers.map((provider) => provider.is_up)).toEqual([true, true]);
  });

  it('stop() leaves no anvil process, no state file and no lock', async () => {
    const {anvilPid} = devnet.state;
    expect(isProcessAlive(anvilPid)).toBe(true);
    await devnet.stop();
    expect(isProcessAlive(anvilPid)).toBe(false);
    expect(existsSync(devnetStatePath(devnetDir))).toBe(false);
    expect(existsSync(devnetLockPath(devnetDir))).toBe(false);
    await expect(rpcRequest(devnet.state.rpcUrl, 'eth_chainId', [], 500)).rejects.toThrow();
    await devnet.stop(); // idempotent
  });
});

describe('golem devnet commands when nothing runs', () => {
  let baseDir: string;
  beforeAll(() => {
    baseDir = tempBaseDir();
  });
  afterAll(() => rmSync(baseDir, {recursive: true, force: true}));

  it('status says the devnet is not running and exits 1', async () => {
    const io = fakeIo(baseDir);
    const code = await devnetStatusCommand.run(io, {args: [], rest: [], flags: {json: false}});
    expect(code).toBe(1);
    expect(io.out()).toBe(`The devnet is not running (no state at ${join(baseDir, 'devnet', 'state.json')}).\n`);
  });

  it('status --json prints exactly one JSON document', async () => {
    const io = fakeIo(baseDir);
    const code = await devnetStatusCommand.run(io, {args: [], rest: [], flags: {json: true}});
    expect(code).toBe(1);
    expect(JSON.parse(io.out())).toMatchObject({state_kind: 'absent', is_running: false, state: null, providers: []});
    expect(io.err()).toBe('');
  });

  it('down says "not running" and exits 0', async () => {
    const io = fakeIo(baseDir);
    const code = await devnetDownCommand.run(io, {args: [], rest: [], flags: {json: false}});
    expect(code).toBe(0);
    expect(io.out()).toBe(`The devnet is not running (base dir ${baseDir}).\n`);
  });

  it('refuses a provider count outside 1-10 before starting anything', async () => {
    const paths = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir}).paths;
    await expect(
      startDevnet({devnetDir: paths.devnetDir, walletKeyPath: paths.walletKeyPath, providers: 0}),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
      shortMessage: 'The devnet runs 1 to 10 providers, not 0.',
      hint: 'Pass --providers with a whole number in that range.',
    });
    expect(existsSync(paths.devnetDir)).toBe(false);
  });

  it('down clears the state of a devnet whose process is gone', async () => {
    const devnetDir = join(baseDir, 'devnet');
    mkdirSync(devnetDir, {recursive: true});
    const pid = await deadPid();
    const stale: DevnetState = {
      chainId: 31_337,
      rpcUrl: 'http://127.0.0.1:1',
      discoveryUrl: 'http://127.0.0.1:2',
      streamPaymentAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      ethUsdPrice: '3000',
      pid,
      detached: true,
      anvilPid: pid,
      walletAddress: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      providers: [],
      deploymentPath: join(devnetDir, 'deployments', 'devnet.json'),
      logPath: null,
      startedAt: new Date().toISOString(),
    };
    writeDevnetState(devnetDir, stale);

    const statusIo = fakeIo(baseDir);
    expect(await devnetStatusCommand.run(statusIo, {args: [], rest: [], flags: {json: false}})).toBe(1);
    expect(statusIo.out()).toContain(`devnet: NOT running (pid ${pid} is gone`);

    const io = fakeIo(baseDir);
    expect(await devnetDownCommand.run(io, {args: [], rest: [], flags: {json: false}})).toBe(0);
    expect(io.out()).toBe(`The devnet was not running (base dir ${baseDir}); removed what it left behind.\n`);
    expect(existsSync(devnetStatePath(devnetDir))).toBe(false);
  });
});

describe('golem devnet up --detach, status, down (separate processes)', () => {
  let baseDir: string;
  beforeAll(() => {
    baseDir = tempBaseDir();
  });
  afterAll(async () => {
    // If an assertion failed half-way, do not leave a background devnet behind.
    const read = readDevnetState(join(baseDir, 'devnet'));
    if (read.kind === 'valid' && isProcessAlive(read.state.pid)) process.kill(-read.state.pid, 'SIGKILL');
    rmSync(baseDir, {recursive: true, force: true});
  });

  it('starts in the background, prints how to point golem at it, and down stops all it started', async () => {
    const upIo = fakeIo(baseDir);
    const upCode = await devnetUpCommand.run(upIo, {args: [], rest: [], flags: {detach: true, providers: 2, tokenProviders: 0, latency: '', blockTime: '', faults: false, json: false}});
    expect(upIo.err()).toContain('Starting the devnet in the background');
    expect(upCode, upIo.err()).toBe(0);
    expect(upIo.out()).toContain('export GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet\n');
    expect(upIo.out()).toContain(`export GOLEM_REQUESTOR_BASE_DIR=${baseDir}\n`);
    expect(upIo.out()).toContain('Stop it with: golem devnet down');

    const devnetDir = join(baseDir, 'devnet');
    const read = readDevnetState(devnetDir);
    if (read.kind !== 'valid') throw new Error(`no state after up --detach: ${read.kind}`);
    const {state} = read;
    expect(state).toMatchObject({detached: true, logPath: join(devnetDir, 'devnet.log')});
    expect(state.pid).not.toBe(process.pid);
    expect(readFileSync(join(devnetDir, 'devnet.log'), 'utf8')).toContain('state written to');

    const secondIo = fakeIo(baseDir);
    await expect(devnetUpCommand.run(secondIo, {args: [], rest: [], flags: {detach: true, providers: 2, tokenProviders: 0, latency: '', blockTime: '', faults: false, json: false}})).rejects.toThrow(
      'A devnet is already running',
    );

    const statusIo = fakeIo(baseDir);
    expect(await devnetStatusCommand.run(statusIo, {args: [], rest: [], flags: {json: false}}), statusIo.out()).toBe(0);
    expect(statusIo.out()).toContain(`devnet: running (pid ${state.pid}`);
    expect(statusIo.out()).toMatch(/chain +http:\/\/127\.0\.0\.1:\d+ +up, chain id 31337, block \d+/);

    const downIo = fakeIo(baseDir);
    expect(await devnetDownCommand.run(downIo, {args: [], rest: [], flags: {json: false}})).toBe(0);
    expect(downIo.out()).toBe(
      `Stopped the devnet (pid ${state.pid}): anvil (pid ${state.anvilPid}), the discovery server, 2 providers (devnet-alpha, devnet-beta).\n`,
    );
    expect(await waitUntil(() => !isProcessAlive(state.pid), 5000)).toBe(true);
    expect(isProcessAlive(state.anvilPid)).toBe(false);
    expect(existsSync(devnetStatePath(devnetDir))).toBe(false);
    expect(readFileSync(join(devnetDir, 'devnet.log'), 'utf8')).toContain('devnet stopped');
  }, 180_000);
});
