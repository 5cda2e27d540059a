/**
 * Web3 Secret Storage v3 — the encrypted key file of geth, ethers and MetaMask exports — for the requestor's
 * wallet key (reference §2.7 "optionally encrypted keystore v3", Appendix C).
 *
 * Format (Ethereum wiki "Web3 Secret Storage Definition"): `{version: 3, id, address?, crypto: {cipher:
 * 'aes-128-ctr', cipherparams: {iv}, ciphertext, kdf: 'scrypt' | 'pbkdf2', kdfparams, mac}}`, all binary values as
 * hex without 0x. The derived key's first 16 bytes are the AES-128-CTR key; `mac = keccak256(dk[16..32] ‖
 * ciphertext)` proves the password before anything is decrypted.
 */
import {createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes, randomUUID, timingSafeEqual} from 'node:crypto';
import {bytesToHex, hexToBytes, keccak256, type Address, type Hex} from 'viem';
import {privateKeyToAccount} from 'viem/accounts';
import {z} from 'zod';
import {ConfigError} from '../../errors.js';
import {scrypt} from './scrypt.js';

export {isKeystoreJson} from './keystore-detect.js';

const HexBytes = z.string().regex(/^(0x)?([0-9a-fA-F]{2})*$/, 'expected hex bytes');

const ScryptParams = z.object({
  dklen: z.number().int().min(32),
  n: z.number().int().min(2).refine((n) => (n & (n - 1)) === 0, 'n must be a power of two'),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: HexBytes,
});

const Pbkdf2Params = z.object({
  dklen: z.number().int().min(32),
  c: z.number().int().positive(),
  prf: z.literal('hmac-sha256'),
  salt: HexBytes,
});

const CryptoSection = z.discriminatedUnion('kdf', [
  z.object({
    cipher: z.literal('aes-128-ctr'),
    cipherparams: z.object({iv: HexBytes}),
    ciphertext: HexBytes,
    kdf: z.literal('scrypt'),
    kdfparams: ScryptParams,
    mac: HexBytes,
  }),
  z.object({
    cipher: z.literal('aes-128-ctr'),
    cipherparams: z.object({iv: HexBytes}),
    ciphertext: HexBytes,
    kdf: z.literal('pbkdf2'),
    kdfparams: Pbkdf2Params,
    mac: HexBytes,
  }),
]);

/** A parsed v3 keystore. geth writes `crypto`, some old tools `Crypto`; both are read, `crypto` is written. */
export const KeystoreV3 = z
  .object({
    version: z.literal(3),
    id: z.string().optional(),
    address: z.string().optional(),
    crypto: CryptoSection.optional(),
    Crypto: CryptoSection.optional(),
  })
  .refine((value) => value.crypto ?? value.Crypto, 'missing crypto section');
export type KeystoreV3 = z.infer<typeof KeystoreV3>;

/** scrypt cost parameters for new keystores. */
export type ScryptCost = {readonly n: number; readonly r: number; readonly p: number};

/**
 * Cost of new keystores: ethers' default (n = 2^17, r = 8, p = 1: 128 MiB, about a second), a little below
 * geth's "standard" 2^18 so that a 2-core machine shared with others stays responsive. Any file geth or ethers
 * writes still decrypts, whatever its cost.
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = {n: 2 ** 17, r: 8, p: 1};

const strip = (hex: string) => (hex.startsWith('0x') ? hex.slice(2) : hex);
const bytes = (hex: string) => Buffer.from(strip(hex), 'hex');

function scryptKey(password: string, salt: Buffer, cost: ScryptCost, dklen: number): Buffer {
  return scrypt(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, cost, dklen);
}

function macOf(derivedKey: Buffer, ciphertext: Buffer): Buffer {
  return Buffer.from(hexToBytes(keccak256(Buffer.concat([derivedKey.subarray(16, 32), ciphertext]))));
}

/**
 * Encrypts a secp256k1 private key into a v3 keystore with scrypt and AES-128-CTR, a random 32-byte salt and
 * 16-byte IV, a random UUID v4 `id` and the lower-case address without 0x (as geth writes it). Synchronous: it
 * costs about a second at the default cost.
 *
 * Throws `ConfigError` for an empty password.
 *
 * @example
 * const keystore = encryptKeystore(privateKey, 'correct horse')
 * writeFileSync(path, JSON.stringify(keystore), {mode: 0o600})
 */
export function encryptKeystore(privateKey: Hex, password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): KeystoreV3 {
  if (password.length === 0) throw new ConfigError({shortMessage: 'The wallet password must not be empty.'});
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const derivedKey = scryptKey(password, salt, cost, 32);
  const cipher = createCipheriv('aes-128-ctr', derivedKey.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(hexToBytes(privateKey))), cipher.final()]);
  return {
    version: 3,
    id: randomUUID(),
    address: strip(privateKeyToAccount(privateKey).address.toLowerCase()),
    crypto: {
      cipher: 'aes-128-ctr',
      cipherparams: {iv: iv.toString('hex')},
      ciphertext: ciphertext.toString('hex'),
      kdf: 'scrypt',
      kdfparams: {dklen: 32, n: cost.n, r: cost.r, p: cost.p, salt: salt.toString('hex')},
      mac: macOf(derivedKey, ciphertext).toString('hex'),
    },
  };
}

/**
 * Decrypts a v3 keystore (scrypt or pbkdf2-hmac-sha256, aes-128-ctr) written by golem, geth or ethers and returns
 * the private key (0x + 64 hex) and its address. The MAC is checked (constant time) before decrypting; when the file
 * names an address, the key must belong to it.
 *
 * Throws `ConfigError` when the document is not a v3 keystore, the password is wrong (MAC mismatch), or the key does
 * not match the stored address; `source` names the file in messages.
 *
 * @example
 * const {privateKey, address} = decryptKeystore(JSON.parse(readFileSync(path, 'utf8')), password, path)
 */
export function decryptKeystore(json: unknown, password: string, source = 'The keystore'): {privateKey: Hex; address: Address} {
  const parsed = KeystoreV3.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError({
      shortMessage: `${source} is not a Web3 Secret Storage v3 keystore (aes-128-ctr with scrypt or pbkdf2).`,
      hint: 'Restore it from your backup; do not delete it if its address holds funds.',
      cause: parsed.error,
    });
  }
  const section = (parsed.data.crypto ?? parsed.data.Crypto)!;
  const salt = bytes(section.kdfparams.salt);
  const secret = Buffer.from(password.normalize('NFKC'), 'utf8');
  const derivedKey =
    section.kdf === 'scrypt'
      ? scryptKey(password, salt, section.kdfparams, section.kdfparams.dklen)
      : pbkdf2Sync(secret, salt, section.kdfparams.c, section.kdfparams.dklen, 'sha256');
  const ciphertext = bytes(section.ciphertext);
  const expectedMac = bytes(section.mac);
  const actualMac = macOf(derivedKey, ciphertext);
  if (expectedMac.length !== actualMac.length || !timingSafeEqual(expectedMac, actualMac)) {
    throw new ConfigError({
      shortMessage: `Wrong wallet password for ${source.replace(/^The /, 'the ')}.`,
      hint: 'Check GOLEM_REQUESTOR_WALLET_PASSWORD, or type the password you chose with `golem wallet encrypt`.',
    });
  }
  const decipher = createDecipheriv('aes-128-ctr', derivedKey.subarray(0, 16), bytes(section.cipherparams.iv));
  const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  if (plain.length !== 32) {
    throw new ConfigError({shortMessage: `${source} does not hold a 32-byte private key.`});
  }
  const privateKey = bytesToHex(plain);
  let address: Address;
  try {
    address = privateKeyToAccount(privateKey).address;
  } catch (error) {
    throw new ConfigError({shortMessage: `${source} does not hold a valid secp256k1 private key.`, cause: error});
  }
  const stored = parsed.data.address;
  if (stored !== undefined && strip(stored).toLowerCase() !== strip(address).toLowerCase()) {
    throw new ConfigError({
      shortMessage: `${source} says address 0x${strip(stored)}, but its key belongs to ${address}.`,
      hint: 'The file was edited or damaged; restore it from your backup.',
    });
  }
  return {privateKey, address};
}
