/**
 * Host-key pins per rental in a golem-owned, OpenSSH-format known_hosts file (reference §10.5 ➜ TS and §14.3 item
 * 2: the reference disabled host-key checking entirely; issue 12 item 1: pins belong to rentals, not ports).
 *
 * Each rental has an alias (`golem.<name>.<rental id>`, see `services/ssh-access/rental-alias.ts`); its key is
 * written under that alias, exactly as OpenSSH looks it up with `-o HostKeyAlias=<alias>` (the alias replaces the
 * host name and no `[…]:port` is added, sshconnect.c), so the same file works with plain `ssh`. A provider re-using
 * a host:port for a new rental is therefore never a "changed key", and a rental moved to another port keeps its
 * pin. Legacy `[host]:port` entries (written before aliases) are read only to adopt them for an alias once.
 * Hashed `|1|` names and comma lists are read; markers (`@revoked`, `@cert-authority`) and wildcards are ignored.
 * The user's own `~/.ssh/known_hosts` is never read or written.
 */
import {appendFileSync, existsSync, readFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {createHash, createHmac} from 'node:crypto';
import {StorageError} from '../../errors.js';
import {ensureDirExists, writeFileAtomic} from './key-files.js';

/** Outcome of checking a host key: already pinned, pinned now (first use), or different from the pin. */
export type HostKeyVerdict = 'trusted' | 'recorded' | 'mismatch';

/** The known_hosts file of one golem base dir. Methods are synchronous (small local file). */
export type KnownHosts = {
  readonly path: string;
  /** Checks `hostKey` (the raw SSH key blob) against the pin of `alias`; pins it when the alias has none (TOFU). */
  verify(alias: string, hostKey: Buffer): HostKeyVerdict;
  /** OpenSSH fingerprints (`SHA256:…`) of the keys pinned for `alias`. */
  fingerprints(alias: string): string[];
  /** Key types (e.g. `ssh-ed25519`) pinned for `alias`, to prefer them during key exchange. */
  knownKeyTypes(alias: string): string[];
  /** Removes every pin of `alias` (on destroy); other rentals' pins are untouched. */
  forget(alias: string): void;
  /**
   * Copies the legacy `[host]:port` entries to `alias` when the alias has no pin yet (a VM created before pins were
   * per rental keeps the key golem trusted for it). Returns true when something was adopted.
   */
  adoptLegacy(alias: string, host: string, port: number): boolean;
};

/** `host` for port 22, `[host]:port` otherwise; host names lower-cased as OpenSSH does (legacy entries). */
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

type Entry = {readonly line: string; readonly names: string[]; readonly keyType: string; readonly blob: Buffer};

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
  return name.toLowerCase() === pattern.toLowerCase();
}

const HEADER = '# golem: SSH host keys pinned per rental (HostKeyAlias golem.<name>.<rental id>)\n';

/**
 * Opens (lazily creates, mode 0600; its directory is made 0700 when missing, an existing one keeps its mode) the
 * known_hosts file at `path`. Throws `StorageError` when the file cannot be read or written.
 *
 * @example
 * const knownHosts = createKnownHosts(config.paths.knownHostsPath)
 * knownHosts.verify('golem.web-1.3f9a0c1d', hostKeyBlob) // 'recorded', then 'trusted'
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
  const entriesFor = (pattern: string) => readEntries().filter((entry) => entry.names.some((name) => nameMatches(name, pattern)));
  const append = (lines: string[], what: string) => {
    try {
      ensureDirExists(dirname(path));
      if (existsSync(path)) appendFileSync(path, lines.join(''));
      else writeFileAtomic(path, `${HEADER}${lines.join('')}`, 0o600);
    } catch (error) {
      throw new StorageError({operation: `${what} in ${path}`, cause: error});
    }
  };

  return {
    path,
    verify(alias, hostKey) {
      const known = entriesFor(alias);
      if (known.some((entry) => entry.blob.equals(hostKey))) return 'trusted';
      if (known.length > 0) return 'mismatch';
      append([`${alias} ${keyTypeOfBlob(hostKey)} ${hostKey.toString('base64')}\n`], `pin the host key of ${alias}`);
      return 'recorded';
    },
    fingerprints(alias) {
      return entriesFor(alias).map((entry) => sha256Fingerprint(entry.blob));
    },
    knownKeyTypes(alias) {
      return [...new Set(entriesFor(alias).map((entry) => entry.keyType))];
    },
    forget(alias) {
      if (!existsSync(path)) return;
      try {
        const lines = readFileSync(path, 'utf8').split('\n');
        const kept = lines.filter((line) => !parseLine(line)?.names.some((name) => nameMatches(name, alias)));
        if (kept.length !== lines.length) writeFileAtomic(path, kept.join('\n'), 0o600);
      } catch (error) {
        throw new StorageError({operation: `forget ${alias} in ${path}`, cause: error});
      }
    },
    adoptLegacy(alias, host, port) {
      if (entriesFor(alias).length > 0) return false;
      const legacy = entriesFor(hostPattern(host, port));
      if (legacy.length === 0) return false;
      append(
        legacy.map((entry) => `${alias} ${entry.keyType} ${entry.blob.toString('base64')}\n`),
        `adopt the pin of ${hostPattern(host, port)} for ${alias}`,
      );
      return true;
    },
  };
}
