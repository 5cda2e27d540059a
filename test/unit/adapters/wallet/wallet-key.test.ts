import {chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Hex} from 'viem';
import {privateKeyToAccount} from 'viem/accounts';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadOrCreateWalletKey} from '../../../../source/adapters/wallet/wallet-key.js';
import {ConfigError} from '../../../../source/errors.js';

const WELL_KNOWN: Hex = `0x${'0'.repeat(63)}1`;
const OTHER_KEY: Hex = `0x${'ab'.repeat(32)}`;

let directory: string;
let savedUmask: number;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'golem-wallet-'));
  savedUmask = process.umask();
});

afterEach(() => {
  process.umask(savedUmask);
  rmSync(directory, {recursive: true, force: true});
});

describe('loadOrCreateWalletKey', () => {
  it.each(['022', '000', '077'])('case-30: creates the key file 0600 in a 0700 folder under umask %s', (umask) => {
    process.umask(Number.parseInt(umask, 8));
    const keyPath = join(directory, 'base', 'wallet', 'key.json');
    const created = loadOrCreateWalletKey({keyPath, privateKeyOverride: null});

    expect(created.isNew).toBe(true);
    expect(created.keyPath).toBe(keyPath);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(directory, 'base', 'wallet')).mode & 0o777).toBe(0o700);
    expect(privateKeyToAccount(created.privateKey).address).toBe(created.address);
    expect(JSON.parse(readFileSync(keyPath, 'utf8'))).toEqual({address: created.address, private_key: created.privateKey});
    // No temp file is left behind.
    expect(readdirSync(join(directory, 'base', 'wallet'))).toEqual(['key.json']);
  });

  it('reads the same key back on the next run', () => {
    const keyPath = join(directory, 'key.json');
    const first = loadOrCreateWalletKey({keyPath, privateKeyOverride: null});
    const second = loadOrCreateWalletKey({keyPath, privateKeyOverride: null});
    expect(second).toEqual({...first, isNew: false});
    expect(second.warnings).toEqual([]);
  });

  it('case-30: warns (without failing) when the key file is readable by others', () => {
    const keyPath = join(directory, 'key.json');
    loadOrCreateWalletKey({keyPath, privateKeyOverride: null});
    chmodSync(keyPath, 0o644);
    const loaded = loadOrCreateWalletKey({keyPath, privateKeyOverride: null});
    expect(loaded.warnings).toEqual([expect.stringContaining(`chmod 600 ${keyPath}`)]);
    expect(loaded.warnings[0]).toContain('0644');
  });

  it('uses the environment override without touching the file', () => {
    const keyPath = join(directory, 'key.json');
    const loaded = loadOrCreateWalletKey({keyPath, privateKeyOverride: OTHER_KEY});
    expect(loaded).toMatchObject({keyPath: null, privateKey: OTHER_KEY, address: privateKeyToAccount(OTHER_KEY).address});
    expect(readdirSync(directory)).toEqual([]);
  });

  it('refuses the well-known key 0x…01 from the environment and from a file', () => {
    const keyPath = join(directory, 'key.json');
    expect(() => loadOrCreateWalletKey({keyPath, privateKeyOverride: WELL_KNOWN})).toThrow(ConfigError);
    expect(() => loadOrCreateWalletKey({keyPath, privateKeyOverride: WELL_KNOWN})).toThrow(/well-known/);
    writeFileSync(
      keyPath,
      JSON.stringify({address: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf', private_key: WELL_KNOWN}),
      {mode: 0o600},
    );
    expect(() => loadOrCreateWalletKey({keyPath, privateKeyOverride: null})).toThrow(/well-known/);
  });

  it('accepts a file key without 0x (the provider format) and rejects a damaged file', () => {
    const keyPath = join(directory, 'key.json');
    const address = privateKeyToAccount(OTHER_KEY).address;
    writeFileSync(keyPath, JSON.stringify({address, private_key: OTHER_KEY.slice(2)}), {mode: 0o600});
    expect(loadOrCreateWalletKey({keyPath, privateKeyOverride: null})).toMatchObject({privateKey: OTHER_KEY, address});

    writeFileSync(keyPath, JSON.stringify({address: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf', private_key: OTHER_KEY}));
    expect(() => loadOrCreateWalletKey({keyPath, privateKeyOverride: null})).toThrow(/belongs to/);
    writeFileSync(keyPath, '{not json');
    expect(() => loadOrCreateWalletKey({keyPath, privateKeyOverride: null})).toThrow(ConfigError);
  });
});
