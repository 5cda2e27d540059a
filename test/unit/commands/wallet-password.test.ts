import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {configWithWalletPassword, readHiddenLine} from '../../../source/commands/wallet-password.js';
import {loadConfig} from '../../../source/config/settings.js';
import {CancelledError} from '../../../source/errors.js';
import {FakeTtyIn} from '../../helpers/fake-tty.js';

function streams() {
  const stdin = new FakeTtyIn();
  const stderr = new PassThrough();
  let written = '';
  stderr.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return {
    stdin: stdin as unknown as NodeJS.ReadStream & FakeTtyIn,
    stderr: stderr as unknown as NodeJS.WriteStream,
    written: () => written,
  };
}

let baseDir: string;
beforeEach(() => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-password-'));
});
afterEach(() => rmSync(baseDir, {recursive: true, force: true}));

describe('readHiddenLine', () => {
  it('reads a line in raw mode without echoing it, with backspace, and restores the mode', async () => {
    const io = streams();
    const pending = readHiddenLine({...io, prompt: 'Password: '});
    io.stdin.write('sekrx\u007ft\r');
    expect(await pending).toBe('sekrt');
    expect(io.written()).toBe('Password: \n');
    expect(io.stdin.isRaw).toBe(false);
  });

  it('turns Ctrl+C into an interrupt', async () => {
    const io = streams();
    const pending = readHiddenLine({...io, prompt: 'Password: '});
    io.stdin.write('ab\u0003');
    await expect(pending).rejects.toMatchObject({name: 'CancelledError', isInterrupt: true});
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('configWithWalletPassword', () => {
  const keystoreFile = () => {
    const keyPath = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir}).paths.walletKeyPath;
    mkdirSync(join(keyPath, '..'), {recursive: true});
    writeFileSync(keyPath, JSON.stringify({version: 3, crypto: {}}));
  };

  it('leaves the settings alone for a plain or missing key file, and without a terminal', async () => {
    const io = {...streams(), isInteractive: true, config: () => loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir})};
    expect((await configWithWalletPassword(io)).walletPassword).toBeNull();
    keystoreFile();
    const scripted = {...io, isInteractive: false};
    expect((await configWithWalletPassword(scripted)).walletPassword).toBeNull();
    const withEnv = {...io, config: () => loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_WALLET_PASSWORD: 'env'})};
    expect((await configWithWalletPassword(withEnv)).walletPassword).toBe('env');
  });

  it('asks once per process on a terminal when the key file is encrypted', async () => {
    keystoreFile();
    const first = {...streams(), isInteractive: true, config: () => loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir})};
    const pending = configWithWalletPassword(first);
    first.stdin.write('typed\r');
    expect((await pending).walletPassword).toBe('typed');
    expect(first.written()).toContain('Wallet password (');

    const second = {...streams(), isInteractive: true, config: first.config};
    expect((await configWithWalletPassword(second)).walletPassword).toBe('typed');
    expect(second.written()).toBe('');
  });
});
