import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {privateKeyToAccount} from 'viem/accounts';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {decryptKeystore, encryptKeystore} from '../../../../source/adapters/wallet/keystore.js';
import {encryptWalletKeyFile, isEncryptedKeyFile, loadOrCreateWalletKey} from '../../../../source/adapters/wallet/wallet-key.js';
import {ConfigError} from '../../../../source/errors.js';

/** The published v3 test vectors (Ethereum wiki "Web3 Secret Storage Definition"; geth's keystore tests), password "testpassword". */
const VECTOR_KEY = '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d';
const SCRYPT_VECTOR = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: {iv: '83dbcc02d8ccb40e466191a123791e0e'},
    ciphertext: 'd172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c',
    kdf: 'scrypt',
    kdfparams: {dklen: 32, n: 262144, r: 1, p: 8, salt: 'ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19'},
    mac: '2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
};
const PBKDF2_VECTOR = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: {iv: '6087dab2f9fdbbfaddc31a909735c1e6'},
    ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
    kdf: 'pbkdf2',
    kdfparams: {c: 262144, dklen: 32, prf: 'hmac-sha256', salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd'},
    mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
};
/** Cheap scrypt cost for round trips (the default costs ~1 s and 128 MiB). */
const CHEAP = {n: 1024, r: 8, p: 1};

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'golem-keystore-'));
});
afterEach(() => rmSync(directory, {recursive: true, force: true}));

describe('decryptKeystore', () => {
  it('decrypts the published scrypt test vector', () => {
    const {privateKey, address} = decryptKeystore(SCRYPT_VECTOR, 'testpassword');
    expect(privateKey).toBe(VECTOR_KEY);
    expect(address).toBe(privateKeyToAccount(VECTOR_KEY).address);
  });

  it('decrypts the published pbkdf2 test vector', () => {
    expect(decryptKeystore(PBKDF2_VECTOR, 'testpassword').privateKey).toBe(VECTOR_KEY);
  });

  it('refuses a wrong password by its MAC, naming the env var', () => {
    expect(() => decryptKeystore(PBKDF2_VECTOR, 'wrong', 'The wallet key file /k.json')).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: Wrong wallet password for the wallet key file /k.json.
      Hint: Check GOLEM_REQUESTOR_WALLET_PASSWORD, or type the password you chose with \`golem wallet encrypt\`.]
    `);
  });

  it('refuses what is not a v3 keystore', () => {
    expect(() => decryptKeystore({version: 3, crypto: {cipher: 'aes-128-cbc'}}, 'x')).toThrow(/not a Web3 Secret Storage v3 keystore/);
  });
});

describe('encryptKeystore', () => {
  it('round-trips a key and writes the fields geth and ethers read', () => {
    const keystore = encryptKeystore(VECTOR_KEY, 'correct horse', CHEAP);
    expect(keystore).toMatchObject({
      version: 3,
      address: privateKeyToAccount(VECTOR_KEY).address.slice(2).toLowerCase(),
      crypto: {cipher: 'aes-128-ctr', kdf: 'scrypt', kdfparams: {dklen: 32, n: 1024, r: 8, p: 1}},
    });
    expect(keystore.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(keystore)).not.toContain(VECTOR_KEY.slice(2));
    expect(decryptKeystore(JSON.parse(JSON.stringify(keystore)), 'correct horse').privateKey).toBe(VECTOR_KEY);
    expect(() => decryptKeystore(keystore, 'correct horse!')).toThrow(ConfigError);
  });

  it('refuses an empty password', () => {
    expect(() => encryptKeystore(VECTOR_KEY, '', CHEAP)).toThrow(/must not be empty/);
  });
});

describe('encrypted wallet key files', () => {
  it('encrypts the plain key file in place (0600) and loads it only with the password', () => {
    const keyPath = join(directory, 'wallet', 'key.json');
    const created = loadOrCreateWalletKey({keyPath, privateKeyOverride: null});
    expect(isEncryptedKeyFile(keyPath)).toBe(false);

    const {address} = encryptWalletKeyFile({keyPath, password: 'pw', cost: CHEAP});
    expect(address).toBe(created.address);
    expect(isEncryptedKeyFile(keyPath)).toBe(true);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyPath, 'utf8')).not.toContain(created.privateKey.slice(2));

    const loaded = loadOrCreateWalletKey({keyPath, privateKeyOverride: null, password: 'pw'});
    expect(loaded).toMatchObject({privateKey: created.privateKey, address: created.address, isEncrypted: true, isNew: false});
    expect(() => loadOrCreateWalletKey({keyPath, privateKeyOverride: null})).toThrow(/is encrypted and no password was given[\s\S]*GOLEM_REQUESTOR_WALLET_PASSWORD/);
    expect(() => loadOrCreateWalletKey({keyPath, privateKeyOverride: null, password: 'nope'})).toThrow(/Wrong wallet password/);
    expect(() => encryptWalletKeyFile({keyPath, password: 'pw', cost: CHEAP})).toThrow(/already encrypted/);
  });

  it('loads a keystore written by another tool (the published vector as key file)', () => {
    const keyPath = join(directory, 'key.json');
    writeFileSync(keyPath, JSON.stringify(PBKDF2_VECTOR), {mode: 0o600});
    expect(loadOrCreateWalletKey({keyPath, privateKeyOverride: null, password: 'testpassword'}).privateKey).toBe(VECTOR_KEY);
  });

  it('says there is nothing to encrypt when no key file exists', () => {
    expect(() => encryptWalletKeyFile({keyPath: join(directory, 'none.json'), password: 'pw'})).toThrow(/no wallet key file/);
  });
});

describe('scrypt', () => {
  it('computes RFC 7914 test vector 2 in the JS path and through node:crypto', async () => {
    const {scrypt, scryptInJs} = await import('../../../../source/adapters/wallet/scrypt.js');
    // RFC 7914 §12: P = "password", S = "NaCl", N = 1024, r = 8, p = 16, dkLen = 64.
    const expected = 'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640';
    const parameters = {n: 1024, r: 8, p: 16};
    expect(scryptInJs(Buffer.from('password'), Buffer.from('NaCl'), parameters, 64).toString('hex')).toBe(expected);
    expect(scrypt(Buffer.from('password'), Buffer.from('NaCl'), parameters, 64).toString('hex')).toBe(expected);
  });
});
