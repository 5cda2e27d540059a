import {toJson} from '../lib/json.js';
import type {OnProgress} from '../services/types.js';
import type {CommandIo} from './command.js';

/** snake_case of each key seen (the same few keys repeat on every row of a list: 1,000 VMs, one regex each). */
const snakeKeys = new Map<string, string>();

/**
 * `key` in snake_case when it is a camelCase identifier (`heartbeatAt` → `heartbeat_at`); other keys (environment
 * variable names, names people chose) are kept as they are. The one naming style of every `--json` document
 * (issue 14).
 */
export function snakeKey(key: string): string {
  let snake = snakeKeys.get(key);
  if (snake === undefined) {
    snake = /^[a-z][a-zA-Z0-9]*$/.test(key) ? key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) : key;
    snakeKeys.set(key, snake);
  }
  return snake;
}

/**
 * The JSON text of a `--json` document or API answer: every object key through `snakeKey` at every depth, bigints
 * as decimal strings (case-24), in one pass (`toJson` with a key renamer).
 */
export function documentJson(value: unknown, indent = 2): string {
  return toJson(value, indent, snakeKey);
}

/**
 * Writes exactly one JSON document (bigints as decimal strings, keys in snake_case) and a newline to stdout
 * (case-04, case-24). Its shape is published in `schemas/` (source/commands/schemas/documents.ts).
 */
export function writeJson(io: CommandIo, value: unknown): void {
  io.stdout.write(`${documentJson(value)}\n`);
}

/** Writes one document of a JSON-lines stream (`monitor --json`, `vm stats --json`): one line, snake_case keys. */
export function writeJsonLine(io: Pick<CommandIo, 'stdout'>, value: unknown): void {
  io.stdout.write(`${documentJson(value, 0)}\n`);
}

/** Writes lines of text to stdout. */
export function writeLines(io: CommandIo, lines: readonly string[]): void {
  io.stdout.write(lines.map((line) => `${line}\n`).join(''));
}

/** A progress reporter that writes `→ message` lines to stderr (never stdout, so `--json` stays clean). */
export function progressToStderr(io: CommandIo): OnProgress {
  return ({message}) => io.stderr.write(`→ ${message}\n`);
}

/**
 * How long ago `iso` was, as people read it in a list: "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"
 * (the exact time stays in `--json`). A time in the future (clock skew) reads "just now"; junk is returned as is.
 */
export function ageText(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.floor((now - at) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}
