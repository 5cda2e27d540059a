/**
 * Cheap detection of encrypted wallet key files (no viem, no zod), so that commands can decide whether to ask for
 * the wallet password before loading anything heavy (design.md start-up budget).
 */
import {existsSync, readFileSync} from 'node:fs';

/** Whether a parsed JSON document looks like a Web3 Secret Storage v3 keystore (version 3 and a crypto section). */
export function isKeystoreJson(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const record = json as Record<string, unknown>;
  return record['version'] === 3 && (typeof record['crypto'] === 'object' || typeof record['Crypto'] === 'object');
}

/**
 * Whether the key file at `keyPath` exists and is an encrypted v3 keystore (so a password is needed to load it).
 * A missing, unreadable or malformed file answers false: loading it reports the real problem.
 */
export function isEncryptedKeyFile(keyPath: string): boolean {
  if (!existsSync(keyPath)) return false;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(keyPath, 'utf8'));
  } catch {
    // Unreadable or not JSON: not an encrypted key file; loadOrCreateWalletKey reports the actual problem.
    return false;
  }
  return isKeystoreJson(json);
}
