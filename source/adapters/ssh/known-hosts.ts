/**
 * Trust-on-first-use host keys in a golem-owned, OpenSSH-format known_hosts file (reference §10.5 ➜ TS and
 * §14.3 item 2: the reference disabled host-key checking entirely).
 *
 * Entries are keyed by `[host]:port` (bare `host` for port 22, as OpenSSH writes them), so the file also works
 * with `ssh -o UserKnownHostsFile=<file>`. The first key seen for a host:port is recorded; a different key later is
 * a mismatch. Lines golem does not write (hashed `|1|` names, comma lists) are read; markers (`@revoked`,
 * `@cert-authority`) and wildcard patterns are ignored.
 */
import {appendFileSync, existsSync, readFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {createHash, createHmac} from 'node:crypto';
import {StorageError} from '../../errors.js';
import {ensurePrivateDir, writeFileAtomic} from './key-files.js';

/** Outcome of checking a host key: already trusted, recorded now (first use), or different from the record. */
export type HostKeyVerdict = 'trusted' | 'recorded' | 'mismatch';

/** The known_hosts file of one golem base dir. Methods are synchronous (small local file). */
export type KnownHosts = {
  readonly path: string;
  /** Checks `hostKey` (the raw SSH key blob) for `[host]:port`; records it when the host is unknown (TOFU). */
  verify(host: string, port: number, hostKey: Buffer): HostKeyVerdict;
  /** OpenSSH fingerprints (`SHA256:…`) of the keys pinned for `[host]:port`, for the mismatch message. */
  fingerprints(host: string, port: number): string[];
  /** Key types (e.g. `ssh-ed25519`) recorded for `[host]:port`, to prefer them during key exchange. */
  knownKeyTypes(host: string, port: number): string[];
  /** Removes every entry of `[host]:port` (on VM destroy: ports are recycled between VMs, reference §10.2). */
  forget(host: string, port: number): void;
};

/** `host` for port 22, `[host]:port` otherwise; host names lower-cased as OpenSSH does. */
export function hostPattern(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

/**
 * OpenSSH's fingerprint of a public key blob, as `ssh-keygen -lf` and `ssh` print it: `SHA256:` and the
 * base64 of the blob's SHA-256 digest without `=` padding (OpenSSH `sshkey_fingerprint`, SSH_DIGEST_SHA256).
 *
 * @example
 * sha256Fingerprint(blob) // 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s'
 */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Key type named inside an SSH public key blob (its first string). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.length >= 4 + length ? blob.toString('latin1', 4, 4 + length) : 'unknown';
}

type Entry = {readonly line: string; readonly names: string[]; readonly keyType: string; readonly blob: Buffer | undefined};

function parseLine(line: string): Entry | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('@')) return undefined;
  const [names, keyType, base64] = trimmed.split(/\s+/);
  if (!names || !keyType || !base64) return undefined;
  return {line, names: names.split(','), keyType, blob: Buffer.from(base64, 'base64')};
}

function nameMatches(name: string, pattern: string): boolean {
  if (name.startsWith('|1|')) {
    const [, , salt, hash] = name.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(pattern).digest('base64') === hash;
  }
  return name.toLowerCase() === pattern;
}

/**
 * Opens (lazily creates, mode 0600 in a 0700 directory) the known_hosts file at `path`. Throws `StorageError`
 * when the file cannot be read or written.
 *
 * @example
 * const knownHosts = createKnownHosts(config.paths.knownHostsPath)
 * knownHosts.verify('127.0.0.1', 50800, hostKeyBlob) // 'recorded', then 'trusted'
 */
export function createKnownHosts(path: string): KnownHosts {
  const readEntries = (): Entry[] => {
    if (!existsSync(path)) return [];
    try {
      return readFileSync(path, 'utf8')
        .split('\n')
        .map(parseLine)
        .filter((entry): entry is Entry => entry !== undefined);
    } catch (error) {
      throw new StorageError({operation: `read ${path}`, cause: error});
    }
  };
  const entriesFor = (host: string, port: number) => {
    const pattern = hostPattern(host, port);
    return readEntries().filter((entry) => entry.names.some((name) => nameMatches(name, pattern)));
  };

  return {
    path,
    verify(host, port, hostKey) {
      const known = entriesFor(host, port);
      if (known.some((entry) => entry.blob?.equals(hostKey))) return 'trusted';
      if (known.length > 0) return 'mismatch';
      const line = `${hostPattern(host, port)} ${keyTypeOfBlob(hostKey)} ${hostKey.toString('base64')}\n`;
      try {
        ensurePrivateDir(dirname(path));
        if (existsSync(path)) appendFileSync(path, line);
        else writeFileAtomic(path, `# golem: SSH host keys recorded on first connection (trust on first use)\n${line}`, 0o600);
      } catch (error) {
        throw new StorageError({operation: `record the host key of ${hostPattern(host, port)} in ${path}`, cause: error});
      }
      return 'recorded';
    },
    fingerprints(host, port) {
      return entriesFor(host, port).flatMap((entry) => (entry.blob ? [sha256Fingerprint(entry.blob)] : []));
    },
    knownKeyTypes(host, port) {
      return [...new Set(entriesFor(host, port).map((entry) => entry.keyType))];
    },
    forget(host, port) {
      if (!existsSync(path)) return;
      const pattern = hostPattern(host, port);
      try {
        const lines = readFileSync(path, 'utf8').split('\n');
        const kept = lines.filter((line) => {
          const entry = parseLine(line);
          return !entry?.names.some((name) => nameMatches(name, pattern));
        });
        if (kept.length !== lines.length) writeFileAtomic(path, kept.join('\n'), 0o600);
      } catch (error) {
        throw new StorageError({operation: `forget ${pattern} in ${path}`, cause: error});
      }
    },
  };
}
