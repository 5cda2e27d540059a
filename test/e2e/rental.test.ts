/**
 * End to end with the built CLI (`dist/source/cli.js`) on a real devnet: anvil + StreamPayment + discovery + two
 * providers with SSH sandboxes, all on 127.0.0.1. `npm test` builds before running vitest.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const cli = resolve('dist/source/cli.js');
const baseDir = mkdtempSync(join(tmpdir(), 'golem-e2e-'));
const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', NO_COLOR: '1'};

function golem(args: string[], options: {input?: string} = {}) {
  return execa(process.execPath, [cli, ...args], {env, reject: false, timeout: 120_000, stdin: options.input === undefined ? 'ignore' : undefined, input: options.input});
}

async function golemJson<T>(args: string[]): Promise<T> {
  const result = await golem([...args, '--json']);
  expect(result.stderr.includes('Unexpected error'), result.stderr).toBe(false);
  expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** Gas (wei) a transaction paid, from its receipt on the devnet's anvil. */
async function gasPaid(hash: string): Promise<bigint> {
  const {rpcUrl} = JSON.parse(readFileSync(join(baseDir, 'devnet', 'state.json'), 'utf8')) as {rpcUrl: string};
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', id: 1, method: 'eth_getTransactionReceipt', params: [hash]}),
  });
  const {result} = (await response.json()) as {result: {gasUsed: string; effectiveGasPrice: string}};
  return BigInt(result.gasUsed) * BigInt(result.effectiveGasPrice);
}

type Wallet = {address: string; balance_wei: string};
type Providers = {providers: {provider_id: string; provider_port: number; estimate?: {rate_per_second_wei: string}}[]};

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
  const up = await golem(['devnet', 'up', '--detach']);
  expect(up.exitCode, up.stderr + up.stdout).toBe(0);
  expect(up.stdout + up.stderr).toContain('GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet');
}, 120_000);

afterAll(async () => {
  const down = await golem(['devnet', 'down']);
  expect(down.exitCode, down.stderr).toBe(0);
  rmSync(baseDir, {recursive: true, force: true});
}, 60_000);

describe('a rental end to end', () => {
  it('lists providers, creates a VM, runs a command over SSH, destroys it and refunds the wallet', async () => {
    const {providers} = await golemJson<Providers>(['vm', 'providers', '--cpu', '1', '--memory', '1', '--storage', '10']);
    expect(providers.length).toBeGreaterThanOrEqual(2);
    expect(new Set(providers.map((provider) => provider.provider_port)).size).toBe(providers.length);
    const provider = providers[0]!;
    expect(BigInt(provider.estimate!.rate_per_second_wei)).toBeGreaterThan(0n);

    const before = await golemJson<Wallet>(['wallet']);
    const created = await golemJson<{vm: {name: string; status: string}; stream_id: string; deposit_wei: string}>([
      'vm', 'create', 'e2e-vm', '--provider-id', provider.provider_id, '--cpu', '1', '--memory', '1', '--storage', '10', '--hours', '1', '--yes',
    ]);
    expect(created.vm.status).toBe('running');
    const afterCreate = await golemJson<Wallet>(['wallet']);
    expect(BigInt(before.balance_wei) - BigInt(afterCreate.balance_wei)).toBeGreaterThanOrEqual(BigInt(created.deposit_wei));

    const echo = await golem(['vm', 'ssh', 'e2e-vm', '--', 'echo', 'ok']);
    expect(echo.stderr).not.toContain('Error');
    expect(echo.stdout).toBe('ok');
    expect(echo.exitCode).toBe(0);
    const failing = await golem(['vm', 'ssh', 'e2e-vm', '--', 'exit 3']);
    expect(failing.exitCode).toBe(3);
    const piped = await golem(['vm', 'ssh', 'e2e-vm', '--', 'cat'], {input: 'hello through stdin\n'});
    expect(piped.stdout).toBe('hello through stdin');

    const {vms} = await golemJson<{vms: {name: string; status: string}[]}>(['vm', 'list']);
    expect(vms.map((vm) => [vm.name, vm.status])).toEqual([['e2e-vm', 'running']]);

    // With the chain unreachable, destroy must not delete the VM (its stream would keep paying): nothing changes.
    const offline = await execa(process.execPath, [cli, 'vm', 'destroy', 'e2e-vm', '--yes'], {
      env: {...env, GOLEM_REQUESTOR_POLYGON_RPC_URL: 'http://127.0.0.1:9'},
      reject: false,
    });
    expect(offline.exitCode).toBe(1);
    expect(offline.stderr).toContain('Cannot reach the RPC endpoint');
    expect((await golemJson<{vms: {status: string}[]}>(['vm', 'list'])).vms[0]?.status).toBe('running');

    const destroyed = await golemJson<{refund_wei: string; payout_wei: string; tx: string}>(['vm', 'destroy', 'e2e-vm', '--yes']);
    expect(BigInt(destroyed.refund_wei)).toBeGreaterThan(0n);
    expect(BigInt(destroyed.refund_wei) + BigInt(destroyed.payout_wei)).toBe(BigInt(created.deposit_wei));

    const inspected = await golemJson<{terminated: boolean}>(['vm', 'stream', 'inspect', '--stream-id', created.stream_id]);
    expect(inspected.terminated).toBe(true);
    // The wallet got the refund back, less exactly the gas the terminate transaction paid.
    const after = await golemJson<Wallet>(['wallet']);
    const gasWei = await gasPaid(destroyed.tx);
    expect(BigInt(after.balance_wei)).toBe(BigInt(afterCreate.balance_wei) + BigInt(destroyed.refund_wei) - gasWei);
    expect((await golemJson<{vms: unknown[]}>(['vm', 'list'])).vms).toEqual([]);
  }, 180_000);

  it('usage errors exit 2 with one line, never a stack trace; unknown streams are not found', async () => {
    for (const args of [
      ['vm', 'providers', '--cpu', '1', '--cpu', '2'],
      ['vm', 'providers', '--cpu', 'abc'],
      ['vm', 'bogus'],
      ['vm', 'create', 'x', '--provider-id', '0x1', '--cpu', '1', '--memory', '1', '--storage', '10', '--hours', '--yes'],
    ]) {
      const result = await golem(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).not.toMatch(/\n\s+at |Unexpected error/);
    }
    const missing = await golem(['vm', 'stream', 'inspect', '--stream-id', '99999']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("Stream '99999' not found.");
  });

  it('case-04: --json prints one document, also for empty results and with stdout not a TTY', async () => {
    const none = await golem(['vm', 'providers', '--cpu', '16', '--memory', '64', '--storage', '100000', '--json']);
    expect(none.exitCode).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual({providers: []});
    const list = await golem(['vm', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual({vms: []});
  });

  it('case-09 + case-30: bad input and missing confirmation fail before any payment, without a stack trace', async () => {
    const {providers} = await golemJson<Providers>(['vm', 'providers']);
    const before = await golemJson<Wallet>(['wallet']);
    const base = ['--provider-id', providers[0]!.provider_id, '--cpu', '1', '--memory', '1', '--storage', '10'];

    // Bad values and a missing confirmation are usage errors: exit 2 (issue 14).
    const badName = await golem(['vm', 'create', '../../etc', ...base, '--yes']);
    expect(badName.exitCode).toBe(2);
    expect(badName.stderr).toContain('Invalid VM name');
    expect(badName.stderr).toContain('Try the name "etc"');

    const piped = await golem(['vm', 'create', 'piped-vm', ...base], {input: 'y\n'});
    expect(piped.exitCode).toBe(2);
    expect(piped.stderr).toContain('--yes');
    expect(piped.stderr).not.toMatch(/\n\s+at /);

    const badResources = await golem(['vm', 'create', 'odd-vm', '--provider-id', providers[0]!.provider_id, '--cpu', '3', '--memory', '1', '--storage', '10', '--yes']);
    expect(badResources.exitCode).toBe(2);
    expect(badResources.stderr).toContain('CPU cores must be');

    const after = await golemJson<Wallet>(['wallet']);
    expect(after.balance_wei).toBe(before.balance_wei);
    expect((await golemJson<{streams: unknown[]}>(['vm', 'stream', 'list'])).streams.length).toBe(1);
  });
});
