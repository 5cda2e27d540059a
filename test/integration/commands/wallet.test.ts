/**
 * `golem wallet`, `golem wallet faucet` and `golem wallet encrypt` as commands (flags → one service → output), over
 * anvil, StreamPayment and the local Cap + faucet server; stdin is not a TTY here, as in scripts.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {generatePrivateKey} from 'viem/accounts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {deployStreamPayment} from '../../../source/adapters/chain/deploy.js';
import type {CommandIo} from '../../../source/commands/command.js';
import {walletCommand} from '../../../source/commands/wallet.js';
import {walletEncryptCommand} from '../../../source/commands/wallet-encrypt.js';
import {NEW_WALLET_PASSWORD_ENV, walletDecryptCommand, walletPasswordCommand} from '../../../source/commands/wallet-keyfile.js';
import {walletFaucetCommand} from '../../../source/commands/wallet-faucet.js';
import {devnetStatePath, loadConfig} from '../../../source/config/settings.js';
import {startAnvil, type Anvil} from '../../helpers/anvil.js';
import {startCapFaucetServer, type CapFaucetServer} from '../../helpers/cap-faucet-server.js';

let anvil: Anvil;
let server: CapFaucetServer;
let baseDir: string;

beforeAll(async () => {
  anvil = await startAnvil();
  const contract = await deployStreamPayment(anvil.rpcUrl, anvil.chainId, anvil.accounts[0]!.privateKey, anvil.accounts[9]!.address);
  server = await startCapFaucetServer({rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, funderKey: anvil.accounts[1]!.privateKey, payoutWei: 10n ** 17n, pairs: 4});
  baseDir = mkdtempSync(join(tmpdir(), 'golem-wallet-cmd-'));
  const {devnetDir} = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir}).paths;
  mkdirSync(devnetDir, {recursive: true});
  writeFileSync(
    devnetStatePath(devnetDir),
    JSON.stringify({chainId: anvil.chainId, rpcUrl: anvil.rpcUrl, discoveryUrl: 'http://127.0.0.1:9', streamPaymentAddress: contract, ethUsdPrice: '2000'}),
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
  await anvil?.stop();
  if (baseDir) rmSync(baseDir, {recursive: true, force: true});
});

/** Runs a command with captured stdout/stderr (not TTYs) and the given extra environment. */
async function run(command: {run: unknown}, flags: object, env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const io = {
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    config: () =>
      loadConfig({
        GOLEM_REQUESTOR_BASE_DIR: baseDir,
        GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet',
        GOLEM_REQUESTOR_L2_FAUCET_URL: server.url,
        GOLEM_REQUESTOR_CAPTCHA_URL: server.url,
        GOLEM_REQUESTOR_CAPTCHA_API_KEY: server.apiKey,
        ...env,
      }),
    signal: new AbortController().signal,
    isInteractive: false,
    cliPath: '',
  } satisfies CommandIo;
  const exitCode = await (command.run as (io: CommandIo, input: unknown) => Promise<number>)(io, {args: [], rest: [], flags});
  return {exitCode, stdout: out, stderr: err};
}

describe('golem wallet faucet', () => {
  it('prints one JSON document with the faucet transaction, progress on stderr', async () => {
    const key = generatePrivateKey();
    const {exitCode, stdout, stderr} = await run(walletFaucetCommand, {json: true}, {GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: key});
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout) as Record<string, unknown>;
    expect(json).toMatchObject({status: 'funded'});
    expect(json['tx']).toMatch(/^0x[0-9a-f]{64}$/);
    expect(stderr).toContain('→ Solving the proof of work (4 pairs)…');
    expect(stderr).toContain('→ Asking the faucet to pay…');

    const again = await run(walletFaucetCommand, {json: true}, {GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: key});
    expect(JSON.parse(again.stdout)).toMatchObject({status: 'skipped', tx: null, balance_wei: '100000000000000000', threshold_wei: '10000000000000000'});
  });
});

describe('golem wallet encrypt', () => {
  it('encrypts the key file; golem wallet still reads without the password; decrypt and password need it; the key is never printed', async () => {
    const plain = await run(walletCommand, {json: true}, {});
    const before = JSON.parse(plain.stdout) as {address: string; key_path: string; spendable_wei: string; locked_wei: string};
    expect(before).toMatchObject({spendable_wei: '0', locked_wei: '0', open_streams: 0, has_faucet: true});
    const privateKey = (JSON.parse(readFileSync(before.key_path, 'utf8')) as {private_key: string}).private_key;

    const refused = run(walletEncryptCommand, {json: false}, {});
    await expect(refused).rejects.toThrow(/stdin is not a terminal[\s\S]*GOLEM_REQUESTOR_WALLET_PASSWORD/);

    const encrypted = await run(walletEncryptCommand, {json: false}, {GOLEM_REQUESTOR_WALLET_PASSWORD: 'hunter2'});
    expect(encrypted.stdout).toBe(`Encrypted the wallet key of ${before.address} in ${before.key_path}.\n`);
    expect(readFileSync(before.key_path, 'utf8')).not.toContain(privateKey.slice(2));
    for (const output of [encrypted.stdout, encrypted.stderr]) expect(output).not.toContain(privateKey.slice(2));

    // Reading the wallet signs nothing: no password is asked or needed (issue 14).
    const locked = await run(walletCommand, {json: true}, {});
    expect(JSON.parse(locked.stdout)).toMatchObject({address: before.address});

    await expect(run(walletDecryptCommand, {json: true}, {GOLEM_REQUESTOR_WALLET_PASSWORD: 'wrong'})).rejects.toThrow(/^Wrong wallet password for the wallet key file /);
    process.env[NEW_WALLET_PASSWORD_ENV] = 'hunter3';
    try {
      const changed = await run(walletPasswordCommand, {json: true}, {GOLEM_REQUESTOR_WALLET_PASSWORD: 'hunter2'});
      expect(JSON.parse(changed.stdout)).toEqual({key_path: before.key_path, address: before.address, encrypted: true});
    } finally {
      delete process.env[NEW_WALLET_PASSWORD_ENV];
    }
    await expect(run(walletDecryptCommand, {json: true}, {GOLEM_REQUESTOR_WALLET_PASSWORD: 'hunter2'})).rejects.toThrow(/Wrong wallet password/);
    const decrypted = await run(walletDecryptCommand, {json: true}, {GOLEM_REQUESTOR_WALLET_PASSWORD: 'hunter3'});
    expect(JSON.parse(decrypted.stdout)).toEqual({key_path: before.key_path, address: before.address, encrypted: false});
    expect((JSON.parse(readFileSync(before.key_path, 'utf8')) as {private_key: string}).private_key).toBe(privateKey);
    for (const output of [decrypted.stdout, decrypted.stderr]) expect(output).not.toContain(privateKey.slice(2));
  }, 60_000);
});
