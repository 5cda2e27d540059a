/**
 * The wallet as the chain client uses it, with the key decrypted only when something is signed (issue 14): the
 * address of an encrypted key file is read from the keystore's `address` field (Web3 Secret Storage v3 — geth and
 * `golem wallet encrypt` write it), so balances, stream lists and `golem devnet up` never need the password.
 * Also: decrypting the key file back to plain text and changing its password, written atomically with mode 0600.
 */
import {existsSync, readFileSync, renameSync, unlinkSync} from 'node:fs';
import {getAddress, isAddress, type Address, type Hex} from 'viem';
import {privateKeyToAccount, toAccount, type LocalAccount} from 'viem/accounts';
import {ConfigError, StorageError} from '../../errors.js';
import {encryptKeystore, type ScryptCost} from './keystore.js';
import {isEncryptedKeyFile} from './keystore-detect.js';
import {loadOrCreateWalletKey, WALLET_PASSWORD_HINT, writePrivateTempFile, type LoadOrCreateWalletKeyParameters} from './wallet-key.js';

/** The wallet's address and key file, read without the password. */
export type WalletAddress = {readonly address: Address; readonly keyPath: string | null; readonly isEncrypted: boolean; readonly isNew: boolean; readonly warnings: readonly string[]};

/**
 * The address of the wallet: from an encrypted key file's `address` field without decrypting it; otherwise as
 * `loadOrCreateWalletKey` reads (or first creates) it. Throws `ConfigError` when an encrypted file names no address
 * and no password was given, or what `loadOrCreateWalletKey` throws.
 */
export function readWalletAddress({keyPath, privateKeyOverride, password = null}: LoadOrCreateWalletKeyParameters): WalletAddress {
  if (privateKeyOverride === null && isEncryptedKeyFile(keyPath)) {
    const stored = (JSON.parse(readFileSync(keyPath, 'utf8')) as {address?: unknown}).address;
    const text = typeof stored === 'string' ? (stored.startsWith('0x') ? stored : `0x${stored}`) : '';
    if (isAddress(text, {strict: false})) return {address: getAddress(text), keyPath, isEncrypted: true, isNew: false, warnings: []};
  }
  const wallet = loadOrCreateWalletKey({keyPath, privateKeyOverride, password});
  return {address: wallet.address, keyPath: wallet.keyPath, isEncrypted: wallet.isEncrypted, isNew: wallet.isNew, warnings: wallet.warnings};
}

/**
 * A viem local account for the wallet whose private key is loaded on the first signature: `password()` is called
 * then (once; it may prompt) for an encrypted key file. Only transactions are signed by golem; messages and typed
 * data are refused. Throws (from the signing call) `ConfigError` for a missing or wrong password.
 */
export function lazyWalletAccount(
  parameters: Omit<LoadOrCreateWalletKeyParameters, 'password'> & {password: () => Promise<string | null>},
): LocalAccount {
  const {address} = readWalletAddress({...parameters, password: null});
  let signer: Promise<LocalAccount> | undefined;
  const load = () =>
    (signer ??= (async () => {
      const needsPassword = parameters.privateKeyOverride === null && isEncryptedKeyFile(parameters.keyPath);
      const password = needsPassword ? await parameters.password() : null;
      if (needsPassword && password === null) {
        throw new ConfigError({shortMessage: `The wallet key file ${parameters.keyPath} is encrypted; signing needs its password.`, hint: WALLET_PASSWORD_HINT});
      }
      const {privateKey} = loadOrCreateWalletKey({keyPath: parameters.keyPath, privateKeyOverride: parameters.privateKeyOverride, password});
      return privateKeyToAccount(privateKey);
    })().catch((error: unknown) => {
      signer = undefined;
      throw error;
    }));
  const refuse = async (): Promise<Hex> => {
    throw new ConfigError({shortMessage: 'golem signs transactions only.'});
  };
  return toAccount({
    address,
    signTransaction: async (transaction, options) => (await load()).signTransaction(transaction, options),
    signMessage: refuse,
    signTypedData: refuse,
  });
}

/** Replaces `path` with `content` atomically, mode 0600 whatever the umask (temp file, fsync, rename). */
function replaceKeyFile(path: string, content: string, what: string): void {
  let temporary: string | undefined;
  try {
    temporary = writePrivateTempFile(path, content);
    renameSync(temporary, path);
  } catch (error) {
    throw new StorageError({operation: `write the ${what} ${path}`, cause: error});
  } finally {
    if (temporary !== undefined && existsSync(temporary)) unlinkSync(temporary);
  }
}

function requireEncrypted(keyPath: string): void {
  if (!isEncryptedKeyFile(keyPath)) {
    throw new ConfigError({
      shortMessage: existsSync(keyPath) ? `The wallet key file ${keyPath} is not encrypted.` : `There is no wallet key file at ${keyPath}.`,
      hint: existsSync(keyPath) ? 'Encrypt it with `golem wallet encrypt`.' : 'Run `golem wallet` once to create it.',
    });
  }
}

/**
 * Turns the encrypted key file at `keyPath` back into the plain `{"address","private_key"}` file (mode 0600).
 * Throws `ConfigError` (not encrypted, wrong password), `StorageError`.
 */
export function decryptWalletKeyFile({keyPath, password}: {keyPath: string; password: string}): {keyPath: string; address: Address} {
  requireEncrypted(keyPath);
  const {privateKey, address} = loadOrCreateWalletKey({keyPath, privateKeyOverride: null, password});
  replaceKeyFile(keyPath, `${JSON.stringify({address, private_key: privateKey}, null, 2)}\n`, 'wallet key file');
  return {keyPath, address};
}

/**
 * Re-encrypts the key file at `keyPath` with `newPassword` (checked to open with `password` first). `cost` lowers
 * scrypt's cost for tests only. Throws `ConfigError` (not encrypted, wrong password, empty new one), `StorageError`.
 */
export function changeWalletPassword({keyPath, password, newPassword, cost}: {keyPath: string; password: string; newPassword: string; cost?: ScryptCost}): {keyPath: string; address: Address} {
  requireEncrypted(keyPath);
  if (newPassword.length === 0) throw new ConfigError({shortMessage: 'The new wallet password must not be empty; nothing was changed.'});
  const {privateKey, address} = loadOrCreateWalletKey({keyPath, privateKeyOverride: null, password});
  replaceKeyFile(keyPath, `${JSON.stringify(encryptKeystore(privateKey, newPassword, cost), null, 2)}\n`, 'encrypted wallet key file');
  return {keyPath, address};
}
