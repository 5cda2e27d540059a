import {existsSync, readFileSync} from 'node:fs';
import {parseEnv} from 'node:util';
import {ConfigError} from '../errors.js';
import type {DotenvFile} from './setting-reader.js';

/**
 * Reads a dotenv file (`KEY=value` lines, `#` comments, quoted values, `export ` prefixes) with Node's own parser
 * (`node:util.parseEnv`, Node ≥ 20.12). Returns `null` when the file does not exist. golem reads
 * `<baseDir>/.env`, the file the reference creates there but never loads (reference §2.1, §14.1 item 13).
 *
 * Throws `ConfigError` when the file exists but cannot be read.
 */
export function readDotenvFile(path: string): DotenvFile | null {
  if (!existsSync(path)) return null;
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError({
      shortMessage: `Cannot read the settings file ${path}.`,
      hint: 'Fix its permissions or remove it.',
      cause: error,
    });
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseEnv(content))) {
    if (value !== undefined) values[name] = value;
  }
  return {path, values};
}
