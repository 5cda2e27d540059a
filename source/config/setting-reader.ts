import {SETTING_CATALOG, SETTING_KEYS, isSecretSetting, settingVariable, type SettingKey} from './catalog.js';

/**
 * Where an effective setting value came from: a command-line flag, the process environment, the `<baseDir>/.env`
 * file, golem's default, the payments network profile (§2.3), or the running devnet's state file.
 */
export type SettingSource = 'flag' | 'env' | 'file' | 'default' | 'profile' | 'devnet';

/** Overrides from command-line flags, keyed by setting name (`{paymentsNetwork: 'devnet'}`); `undefined` = not given. */
export type SettingFlags = Readonly<Partial<Record<SettingKey, string | number | boolean | undefined>>>;

/** A value as the user wrote it, where it came from, and the name it was given under (for error messages). */
export type RawSetting = {
  readonly text: string;
  readonly source: 'flag' | 'env' | 'file';
  /** The variable that matched (`GOLEM_REQUESTOR_L2_RPC_URL`), or `--payments-network` for a flag. */
  readonly name: string;
  /** `GOLEM_REQUESTOR_X` / `GOLEM_REQUESTOR_X in /home/me/.golem/requestor/.env` / `--x`. */
  readonly origin: string;
};

/**
 * One effective setting as `golem config` shows it. `value` is display text (`null` = unset); for a secret it is
 * `(set)` or `(not set)`, never the value, so the list can be printed or logged as is.
 */
export type ResolvedSetting = {
  readonly key: SettingKey;
  /** The environment variable that sets it. */
  readonly variable: string;
  readonly value: string | null;
  readonly source: SettingSource;
  readonly isSecret: boolean;
};

/** The `.env` file that was read: its absolute path and its variables. */
export type DotenvFile = {readonly path: string; readonly values: Readonly<Record<string, string>>};

/**
 * Looks settings up with precedence flag > env > file (reference §2.1 names, case-insensitive), and records the
 * effective value and source of each setting once the caller has decided it (defaults and profile values
 * included), for `golem config`.
 */
export type SettingReader = {
  /**
   * The value given for `key`, or `undefined`. Within one layer the catalogue's names are tried in order; an
   * empty value counts as unset. `accept` may reject a match (then the next name is tried).
   */
  raw(key: SettingKey, accept?: (match: RawSetting) => boolean): RawSetting | undefined;
  /** Records the effective value of `key` (bigints and numbers shown in decimal; secrets masked). Last call wins. */
  record(key: SettingKey, value: string | number | boolean | bigint | null, source: SettingSource): void;
  /** Every setting in catalogue order; one never recorded shows as unset with source `default`. */
  entries(): readonly ResolvedSetting[];
};

type Layer = {readonly source: 'env' | 'file'; readonly get: (name: string) => {name: string; text: string} | undefined; readonly where: string};

/**
 * A case-insensitive view of a variable map (reference §2.1). A name written in lower case in the catalogue
 * (`golem_dev_mode`) matches only that exact spelling, as the reference's global flag does.
 */
function layerOf(source: 'env' | 'file', values: Readonly<Record<string, string | undefined>>, where: string): Layer {
  const byUpper = new Map<string, {name: string; text: string}>();
  for (const [name, text] of Object.entries(values)) {
    if (text !== undefined && text !== '' && !byUpper.has(name.toUpperCase())) byUpper.set(name.toUpperCase(), {name, text});
  }
  return {
    source,
    where,
    get: (name) => {
      if (name === name.toLowerCase()) {
        const text = values[name];
        return text === undefined || text === '' ? undefined : {name, text};
      }
      return byUpper.get(name.toUpperCase());
    },
  };
}

function kebab(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Creates a `SettingReader` over `flags`, the process `env` and an optional `.env` file.
 *
 * @example
 * const reader = createSettingReader({env: process.env, flags: {paymentsNetwork: 'devnet'}});
 * reader.raw('paymentsNetwork') // {text: 'devnet', source: 'flag', name: '--payments-network', …}
 */
export function createSettingReader({
  env,
  flags = {},
  file,
}: {
  env: NodeJS.ProcessEnv;
  flags?: SettingFlags;
  file?: DotenvFile | null;
}): SettingReader {
  const layers: Layer[] = [layerOf('env', env, '')];
  if (file) layers.push(layerOf('file', file.values, ` in ${file.path}`));
  const recorded = new Map<SettingKey, ResolvedSetting>();
  return {
    raw(key, accept = () => true) {
      const flag = flags[key];
      if (flag !== undefined && flag !== '') {
        const name = kebab(key);
        return {text: String(flag), source: 'flag', name, origin: name};
      }
      for (const layer of layers) {
        for (const name of SETTING_CATALOG[key].env) {
          const found = layer.get(name);
          if (!found) continue;
          const match: RawSetting = {text: found.text, source: layer.source, name: found.name, origin: `${found.name}${layer.where}`};
          if (accept(match)) return match;
        }
      }
      return undefined;
    },
    record(key, value, source) {
      const isSecret = isSecretSetting(key);
      const text = value === null ? null : String(value);
      recorded.set(key, {
        key,
        variable: settingVariable(key),
        value: isSecret ? (text === null ? '(not set)' : '(set)') : text,
        source,
        isSecret,
      });
    },
    entries: () =>
      SETTING_KEYS.map((key) => {
        const isSecret = isSecretSetting(key);
        const unset: ResolvedSetting = {key, variable: settingVariable(key), value: isSecret ? '(not set)' : null, source: 'default', isSecret};
        return recorded.get(key) ?? unset;
      }),
  };
}
