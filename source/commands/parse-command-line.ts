/**
 * The one place that turns the words after a command's path into its flags and arguments (issue 14). Every
 * mistake is a `UsageError` (exit 2) naming the flag or word, with "did you mean" for near misses (didyoumean2):
 * unknown flags, a flag without its value, a flag given twice, a number that is not one, a value outside the
 * flag's `choices`, a missing required flag, a missing or extra argument. Commands added to the table get all of
 * this by declaring `flags` (meow's spec shape: type, default, isRequired, choices) and `args`.
 */
import didYouMean from 'didyoumean2';
import type {AnyFlags} from 'meow';
import {UsageError} from '../errors.js';
import type {ArgumentSpec, Command} from './command.js';

/** What `parseCommandLine` found: `wantsHelp` when `--help`/`-h` was given (nothing else is checked then). */
export type ParsedCommandLine = {
  readonly args: string[];
  readonly flags: Record<string, unknown>;
  readonly wantsHelp: boolean;
};

/** `providerId` → `--provider-id`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** `provider-id` → `providerId`. */
function flagKey(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** The closest of `candidates` to `typed` (didyoumean2, similarity ≥ 0.6: a typo, not a different word), or null. */
export function closestMatch(typed: string, candidates: readonly string[]): string | null {
  return didYouMean(typed, candidates, {threshold: 0.6});
}

/** " Did you mean X?" when one candidate is close, else "". */
export function didYouMeanSuffix(typed: string, candidates: readonly string[]): string {
  const match = closestMatch(typed, candidates);
  return match === null ? '' : ` Did you mean ${match}?`;
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** The `args` of `command` as usage words: `NAME [COMMAND…]`. */
export function argumentUsage(specs: readonly ArgumentSpec[]): string {
  return specs.map((spec) => (spec.isOptional ? `[${spec.name}${spec.isVariadic ? '…' : ''}]` : `${spec.name}${spec.isVariadic ? '…' : ''}`)).join(' ');
}

function checkArguments(command: Pick<Command, 'path' | 'args'>, words: readonly string[]): void {
  const specs = command.args ?? [];
  const usage = `golem ${command.path.join(' ')}${specs.length > 0 ? ` ${argumentUsage(specs)}` : ''}`;
  specs.forEach((spec, index) => {
    const word = words[index];
    if (word === undefined || word === '') {
      if (!spec.isOptional) throw new UsageError({shortMessage: `Missing ${spec.name} (usage: ${usage}).`});
      return;
    }
    if (spec.choices && !spec.choices.includes(word)) {
      throw new UsageError({
        shortMessage: `${spec.name} must be one of ${spec.choices.join(', ')}, got '${word}'.${didYouMeanSuffix(word, spec.choices)}`,
      });
    }
  });
  const isVariadic = specs.at(-1)?.isVariadic === true;
  if (!isVariadic && words.length > specs.length) {
    const extra = words.slice(specs.length);
    throw new UsageError({
      shortMessage: `Unexpected argument${extra.length === 1 ? '' : 's'} ${extra.map((word) => `'${word}'`).join(' ')} (usage: ${usage}).`,
    });
  }
}

function convert(flags: AnyFlags, key: string, value: string): unknown {
  const spec = flags[key]!;
  const name = flagName(key);
  if (spec.type === 'number') {
    if (!NUMBER.test(value.trim())) throw new UsageError({shortMessage: `${name} must be a number, got '${value}'.`});
    return Number(value);
  }
  const choices = spec.choices as readonly unknown[] | undefined;
  if (choices && !choices.includes(value)) {
    const texts = choices.map(String);
    throw new UsageError({shortMessage: `${name} must be one of ${texts.join(', ')}, got '${value}'.${didYouMeanSuffix(value, texts)}`});
  }
  return value;
}

/**
 * Parses `words` (everything after the command's path and before `--`) against `command.flags` and `command.args`.
 * Flags are `--kebab-case` (or the one-letter `shortFlag` a spec declares, such as `-r`), with the value as the next
 * word or after `=`; a boolean also takes `--no-<name>`.
 * A value flag followed by another flag (`--hours --yes`) is missing its value; a number flag accepts `-1`.
 * Defaults are filled in. Throws `UsageError`.
 */
export function parseCommandLine(command: Pick<Command, 'path' | 'flags' | 'args'>, words: readonly string[]): ParsedCommandLine {
  if (words.includes('--help') || words.includes('-h')) return {args: [], flags: {}, wantsHelp: true};
  const {flags} = command;
  const known = Object.keys(flags).flatMap((key) => [flagName(key), ...(flags[key]!.type === 'boolean' ? [`--no-${flagName(key).slice(2)}`] : [])]);
  const values: Record<string, unknown> = {};
  const args: string[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    const isFlagLike = word.startsWith('-') && word.length > 1 && !NUMBER.test(word);
    if (!isFlagLike) {
      args.push(word);
      continue;
    }
    const [written = '', inline] = word.split(/=(.*)/s, 2);
    const bare = written.replace(/^--?/, '');
    let key = flagKey(bare);
    let negated = false;
    if (!(key in flags) && bare.startsWith('no-') && flags[flagKey(bare.slice(3))]?.type === 'boolean') {
      key = flagKey(bare.slice(3));
      negated = true;
    }
    // `-r`, `-A`: a one-letter alias declared as the flag's `shortFlag` (meow's spec field).
    const short = /^-[A-Za-z]$/.test(written) ? Object.keys(flags).find((name) => flags[name]!.shortFlag === written.slice(1)) : undefined;
    if (short !== undefined) key = short;
    const spec = written.startsWith('--') || short !== undefined ? flags[key] : undefined;
    if (!spec) {
      const candidates = [...known, '--help'].filter((flag) => written.startsWith('--no-') || !flag.startsWith('--no-'));
      throw new UsageError({shortMessage: `Unknown flag ${written}.${didYouMeanSuffix(written, candidates)}`});
    }
    const name = flagName(key);
    if (key in values) throw new UsageError({shortMessage: `${name} was given twice.`});
    if (spec.type === 'boolean') {
      if (inline !== undefined && !['true', 'false'].includes(inline)) {
        throw new UsageError({shortMessage: `${name} is a switch and takes no value, got '${inline}'.`});
      }
      values[key] = negated ? false : inline !== 'false';
      continue;
    }
    const next = words[index + 1];
    const value = inline ?? next;
    const nextIsFlag = inline === undefined && next !== undefined && next.startsWith('-') && !(spec.type === 'number' && NUMBER.test(next));
    if (value === undefined || value === '' || nextIsFlag) throw new UsageError({shortMessage: `${name} needs a value.`});
    if (inline === undefined) index += 1;
    values[key] = convert(flags, key, value);
  }
  for (const [key, spec] of Object.entries(flags)) {
    if (key in values) continue;
    if (spec.isRequired === true) throw new UsageError({shortMessage: `Missing ${flagName(key)}.`});
    if (spec.default !== undefined) values[key] = spec.default;
  }
  checkArguments(command, args);
  return {args, flags: values, wantsHelp: false};
}
