/**
 * scrypt (RFC 7914) for keystores. Node's `scryptSync` (OpenSSL) is used whenever it accepts the parameters; OpenSSL
 * refuses `N ≥ 2^(16·r)` (RFC 7914's bound), yet files in the wild use it — the published v3 test vector has
 * `n = 262144, r = 1` — so those go through `@noble/hashes` (audited pure JS; slower, same result).
 */
import {scryptSync} from 'node:crypto';
import {scrypt as nobleScrypt} from '@noble/hashes/scrypt';

/** scrypt cost parameters: `n` a power of two ≥ 2, block size `r`, parallelism `p`. */
export type ScryptParameters = {readonly n: number; readonly r: number; readonly p: number};

/**
 * scrypt(password, salt, n, r, p) → `dklen` bytes. Synchronous (callers are the synchronous key loader and the
 * encrypt command). Memory: about 128·n·r bytes.
 *
 * @example
 * const derivedKey = scrypt(Buffer.from('pw'), salt, {n: 2 ** 17, r: 8, p: 1}, 32)
 */
export function scrypt(password: Buffer, salt: Buffer, {n, r, p}: ScryptParameters, dklen: number): Buffer {
  const isOpenSslBound = 16 * r <= 53 && n >= 2 ** (16 * r);
  if (!isOpenSslBound) {
    // OpenSSL counts 128·r·(n + 2) + 128·r·p bytes against maxmem (default 32 MiB).
    const maxmem = 128 * r * (n + 2) + 128 * r * p + 16 * 1024 * 1024;
    return scryptSync(password, salt, dklen, {N: n, r, p, maxmem});
  }
  return scryptInJs(password, salt, {n, r, p}, dklen);
}

/** scrypt through `@noble/hashes`, for parameters OpenSSL refuses; exported for its test against the RFC vectors. */
export function scryptInJs(password: Buffer, salt: Buffer, {n, r, p}: ScryptParameters, dklen: number): Buffer {
  return Buffer.from(nobleScrypt(password, salt, {N: n, r, p, dkLen: dklen, maxmem: 128 * r * (n + p + 2) + 1024}));
}
