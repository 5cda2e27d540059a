import {homedir} from 'node:os';
import {dirname, isAbsolute, join, resolve} from 'node:path';
import type {SettingKey} from './catalog.js';
import type {RawSetting, SettingReader} from './setting-reader.js';

/** Where golem keeps its files; every path is absolute. */
export type Paths = {
  readonly baseDir: string;
  readonly dbPath: string;
  readonly sshKeyDir: string;
  /** A key file the user named (GOLEM_REQUESTOR_SSH_KEY_PATH), or null to use/generate `<sshKeyDir>/golem_id_ed25519`. */
  readonly sshKeyPath: string | null;
  readonly walletKeyPath: string;
  readonly walletLockPath: string;
  readonly knownHostsPath: string;
  readonly devnetDir: string;
};

/** File name of golem's own SSH key inside `sshKeyDir` (its public half adds `.pub`). */
export const GOLEM_SSH_KEY_NAME = 'golem_id_ed25519';

/** The private key file golem uses: the one the user named (GOLEM_REQUESTOR_SSH_KEY_PATH), else golem's own. */
export function sshIdentityFile(paths: Pick<Paths, 'sshKeyPath' | 'sshKeyDir'>): string {
  return paths.sshKeyPath ?? join(paths.sshKeyDir, GOLEM_SSH_KEY_NAME);
}

/** golem's OpenSSH config (`golem ssh-config --write`): next to its known_hosts, `<base>/ssh/config`. */
export function sshConfigFile(paths: Pick<Paths, 'knownHostsPath'>): string {
  return join(dirname(paths.knownHostsPath), 'config');
}

/** The default base dir, `~/.golem/requestor` (reference §2.6). */
export function defaultBaseDir(): string {
  return join(homedir(), '.golem', 'requestor');
}

/**
 * An absolute path from user text: `~` and `~/…` expand to the home dir; other relative paths resolve against
 * `relativeTo` (the cwd for flags and env, the base dir for values from `<baseDir>/.env`).
 */
export function absolutePath(path: string, relativeTo = process.cwd()): string {
  const expanded = path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
  return isAbsolute(expanded) ? expanded : resolve(relativeTo, expanded);
}

/**
 * The base dir: flag, then env (GOLEM_REQUESTOR_BASE_DIR), then `~/.golem/requestor`. Never from the `.env`
 * file, which lives inside it. Records the value.
 */
export function resolveBaseDir(reader: SettingReader): string {
  const raw = reader.raw('baseDir', (match) => match.source !== 'file');
  const baseDir = raw ? absolutePath(raw.text.trim()) : defaultBaseDir();
  reader.record('baseDir', baseDir, raw ? raw.source : 'default');
  return baseDir;
}

/**
 * Builds the golem paths. Unlike the reference (§2.1 bug, §14.1 item 13) BASE_DIR moves everything, and DB_PATH,
 * SSH_KEY_DIR and SSH_KEY_PATH are honoured, from flags, env or `<baseDir>/.env`. Records each value.
 */
export function resolvePaths(reader: SettingReader): Paths {
  const baseDir = resolveBaseDir(reader);
  const given = (key: SettingKey): string | null => {
    const raw: RawSetting | undefined = reader.raw(key);
    const value = raw ? absolutePath(raw.text.trim(), raw.source === 'file' ? baseDir : undefined) : null;
    if (raw) reader.record(key, value, raw.source);
    return value;
  };
  const withDefault = (key: SettingKey, fallback: string): string => {
    const value = given(key);
    if (value === null) reader.record(key, fallback, 'default');
    return value ?? fallback;
  };
  return {
    baseDir,
    dbPath: withDefault('dbPath', join(baseDir, 'vms.db')),
    sshKeyDir: withDefault('sshKeyDir', join(baseDir, 'ssh')),
    sshKeyPath: given('sshKeyPath'),
    walletKeyPath: join(baseDir, 'wallet', 'key.json'),
    walletLockPath: join(baseDir, 'wallet', 'tx.lock'),
    knownHostsPath: join(baseDir, 'ssh', 'known_hosts'),
    devnetDir: join(baseDir, 'devnet'),
  };
}
