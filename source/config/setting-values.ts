import {ConfigError} from '../errors.js';
import type {SettingKey} from './catalog.js';
import type {RawSetting, SettingReader, SettingSource} from './setting-reader.js';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', 'f', 'n']);

/**
 * Parses a boolean the way the reference's settings do (§2.1): true/false, 1/0, yes/no, on/off (and t/f, y/n),
 * any case, surrounding spaces ignored. Returns `null` for anything else.
 */
export function parseBooleanText(text: string): boolean | null {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

/** The `ConfigError` for a malformed value: names the variable (and the file or flag it came from). */
export function malformedSetting(raw: RawSetting, expected: string, options: {isSecret?: boolean; hint?: string} = {}): ConfigError {
  const shown = options.isSecret ? '' : `, got '${raw.text}'`;
  return new ConfigError({shortMessage: `${raw.origin} must be ${expected}${shown}.`, hint: options.hint});
}

/**
 * A text setting: the given value, else `fallback` (recorded with `fallbackSource`, `'default'` unless said).
 * Records the result for `golem config`.
 */
export function textSetting(reader: SettingReader, key: SettingKey, fallback: string, fallbackSource?: SettingSource): string;
export function textSetting(reader: SettingReader, key: SettingKey, fallback: string | null, fallbackSource?: SettingSource): string | null;
export function textSetting(
  reader: SettingReader,
  key: SettingKey,
  fallback: string | null,
  fallbackSource: SettingSource = 'default',
): string | null {
  const raw = reader.raw(key);
  const value = raw ? raw.text.trim() : fallback;
  reader.record(key, value, raw ? raw.source : fallbackSource);
  return value;
}

/**
 * A boolean setting (see `parseBooleanText`), else `fallback`.
 *
 * Throws `ConfigError` naming the variable for any other spelling.
 */
export function booleanSetting(reader: SettingReader, key: SettingKey, fallback: boolean): boolean {
  const raw = reader.raw(key);
  if (!raw) {
    reader.record(key, fallback, 'default');
    return fallback;
  }
  const value = parseBooleanText(raw.text);
  if (value === null) throw malformedSetting(raw, 'true or false (also 1/0, yes/no, on/off)');
  reader.record(key, value, raw.source);
  return value;
}

/**
 * A whole-number setting, else `fallback`. Values below `min` are raised to it (the reference's "effective
 * minimum", §2.2); the recorded value is the effective one.
 *
 * Throws `ConfigError` naming the variable when the text is not a whole number.
 */
export function integerSetting(reader: SettingReader, key: SettingKey, fallback: number, min = Number.MIN_SAFE_INTEGER): number {
  const raw = reader.raw(key);
  if (!raw) {
    const value = Math.max(fallback, min);
    reader.record(key, value, 'default');
    return value;
  }
  const text = raw.text.trim();
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw malformedSetting(raw, 'a whole number');
  const value = Math.max(Number(text), min);
  reader.record(key, value, raw.source);
  return value;
}

/**
 * One of a closed set of words (compared in lower case), else `fallback`.
 *
 * Throws `ConfigError` naming the variable and listing the allowed words.
 */
export function choiceSetting<T extends string>(
  reader: SettingReader,
  key: SettingKey,
  choices: readonly T[],
  fallback: T,
  fallbackSource: SettingSource = 'default',
): T {
  const raw = reader.raw(key);
  if (!raw) {
    reader.record(key, fallback, fallbackSource);
    return fallback;
  }
  const word = raw.text.trim().toLowerCase();
  const value = choices.find((choice) => choice === word);
  if (!value) throw malformedSetting(raw, `one of ${choices.join(', ')}`);
  reader.record(key, value, raw.source);
  return value;
}
