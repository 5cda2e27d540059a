/**
 * The `:` command palette's language (issue 5 item 1): parsing a typed line into an action and completing command
 * words and VM names. Pure functions; `palette-layer.tsx` runs the actions.
 *
 * Commands: `:providers` `:vms` `:streams` `:wallet` (screens), `:create`, `:topup`, `:ssh NAME`, `:info NAME`,
 * `:destroy NAME`, `:spec CORES RAM_GB DISK_GB` (price estimates on Providers; `:spec` alone clears),
 * `:refresh`, `:help`, `:quit`.
 */
import type {ScreenName, VmSpec} from './router.js';

/** A palette command word, its argument syntax and what it does (shown as suggestions). */
export type PaletteCommandSpec = {
  readonly name: string;
  readonly usage: string;
  readonly description: string;
  /** True when the argument is a VM name (completed from the VM list). */
  readonly takesVm?: boolean;
};

/** Every palette command, in suggestion order. */
export const PALETTE_COMMANDS: readonly PaletteCommandSpec[] = [
  {name: 'create', usage: 'create', description: 'Create a VM on the selected provider'},
  {name: 'topup', usage: 'topup', description: 'Top up a stream (on Streams)'},
  {name: 'ssh', usage: 'ssh NAME', description: 'Open an SSH shell on the VM', takesVm: true},
  {name: 'info', usage: 'info NAME', description: 'Show the VM in detail', takesVm: true},
  {name: 'destroy', usage: 'destroy NAME', description: 'Destroy the VM (asks first)', takesVm: true},
  {name: 'spec', usage: 'spec CORES RAM DISK', description: 'Estimate prices for this VM size on Providers'},
  {name: 'providers', usage: 'providers', description: 'Providers screen'},
  {name: 'vms', usage: 'vms', description: 'VMs screen'},
  {name: 'streams', usage: 'streams', description: 'Streams screen'},
  {name: 'wallet', usage: 'wallet', description: 'Wallet screen'},
  {name: 'refresh', usage: 'refresh', description: 'Refresh the data on screen'},
  {name: 'help', usage: 'help', description: 'Show the keys'},
  {name: 'quit', usage: 'quit', description: 'Quit golem'},
];

/** What a palette line asks for. */
export type PaletteAction =
  | {readonly kind: 'screen'; readonly screen: ScreenName}
  | {readonly kind: 'create'}
  | {readonly kind: 'topup'}
  | {readonly kind: 'ssh' | 'info' | 'destroy'; readonly vmName: string}
  | {readonly kind: 'spec'; readonly spec: VmSpec | null}
  | {readonly kind: 'refresh' | 'help' | 'quit'};

/** `parsePalette`'s answer: an action, or why the line is not one (a message for the palette line). */
export type PaletteParse = {readonly ok: true; readonly action: PaletteAction} | {readonly ok: false; readonly message: string};

const SCREEN_WORDS: readonly ScreenName[] = ['providers', 'vms', 'streams', 'wallet'];

function words(line: string): string[] {
  return line.replace(/^\s*:?/, '').trim().split(/\s+/).filter((word) => word !== '');
}

/**
 * Parses a palette line (with or without the leading `:`). A unique prefix of a command word is enough (`:q`,
 * `:dest web-1`). Never throws: a bad line gives `{ok: false, message}`.
 */
export function parsePalette(line: string): PaletteParse {
  const [word = '', ...rest] = words(line);
  if (word === '') return {ok: false, message: 'Type a command, e.g. :ssh NAME, or Esc to close.'};
  const exact = PALETTE_COMMANDS.find((command) => command.name === word.toLowerCase());
  const candidates = exact ? [exact] : PALETTE_COMMANDS.filter((command) => command.name.startsWith(word.toLowerCase()));
  if (candidates.length === 0) return {ok: false, message: `Unknown command :${word}. Tab lists the commands.`};
  if (candidates.length > 1) return {ok: false, message: `:${word} could be ${candidates.map((command) => `:${command.name}`).join(', ')}.`};
  const command = candidates[0]!;
  if (command.takesVm) {
    const vmName = rest[0];
    if (!vmName) return {ok: false, message: `:${command.name} needs a VM name: :${command.usage}`};
    return {ok: true, action: {kind: command.name as 'ssh' | 'info' | 'destroy', vmName}};
  }
  if (command.name === 'spec') {
    if (rest.length === 0) return {ok: true, action: {kind: 'spec', spec: null}};
    const numbers = rest.map((value) => Number(value));
    if (numbers.length !== 3 || numbers.some((value) => !Number.isInteger(value) || value < 1)) {
      return {ok: false, message: ':spec needs three whole numbers ≥ 1: cores, GB of RAM, GB of disk (e.g. :spec 2 4 20).'};
    }
    const [cpu, memory, storage] = numbers as [number, number, number];
    return {ok: true, action: {kind: 'spec', spec: {cpu, memory, storage}}};
  }
  if ((SCREEN_WORDS as readonly string[]).includes(command.name)) {
    return {ok: true, action: {kind: 'screen', screen: command.name as ScreenName}};
  }
  return {ok: true, action: {kind: command.name as 'create' | 'topup' | 'refresh' | 'help' | 'quit'}};
}

/** `completePalette`'s answer: the line after Tab, and the candidates to show. */
export type PaletteCompletion = {readonly line: string; readonly candidates: readonly string[]};

function commonPrefix(values: readonly string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0]!;
  for (const value of values) {
    while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/**
 * Completes the last word of `line`: a command word from `PALETTE_COMMANDS`, or a VM name from `vmNames` after a
 * command that takes one. A unique match is completed with a trailing space; several extend to their common
 * prefix and are listed as candidates.
 */
export function completePalette(line: string, vmNames: readonly string[]): PaletteCompletion {
  const text = line.replace(/^\s*:?/, '');
  const endsWithSpace = /\s$/.test(text);
  const parts = words(text);
  if (parts.length === 0 || (parts.length === 1 && !endsWithSpace)) {
    const typed = (parts[0] ?? '').toLowerCase();
    const names = PALETTE_COMMANDS.map((command) => command.name).filter((name) => name.startsWith(typed));
    if (names.length === 1) return {line: `${names[0]} `, candidates: names};
    return {line: commonPrefix(names).length > typed.length ? commonPrefix(names) : text, candidates: names};
  }
  const command = PALETTE_COMMANDS.find((candidate) => candidate.name === parts[0]!.toLowerCase());
  if (!command?.takesVm || parts.length > 2) return {line: text, candidates: []};
  const typed = endsWithSpace ? '' : (parts[1] ?? '');
  const names = vmNames.filter((name) => name.startsWith(typed));
  if (names.length === 1) return {line: `${command.name} ${names[0]}`, candidates: names};
  const prefix = commonPrefix(names);
  return {line: prefix.length > typed.length ? `${command.name} ${prefix}` : text, candidates: names};
}

/** One line of the palette's list: what it shows, what it does, the line it fills in, and whether that line runs as is. */
export type PaletteSuggestion = {
  /** `ssh NAME`, or a VM name after `:ssh `. */
  readonly label: string;
  readonly description: string;
  /** The palette line this suggestion stands for (`vms`, `ssh `, `ssh web-1`). */
  readonly fill: string;
  /** False when the command still needs an argument (Enter fills it in instead of running it). */
  readonly runs: boolean;
};

/**
 * What the palette lists under `line`: every command whose name starts with the typed word (all of them for an
 * empty line); after a command without a VM argument, that command (its syntax); after one that takes a VM name, the VM names that start with what is typed. Pure.
 */
export function paletteSuggestions(line: string, vmNames: readonly string[]): readonly PaletteSuggestion[] {
  const text = line.replace(/^\s*:?/, '');
  const parts = words(text);
  const endsWithSpace = /\s$/.test(text);
  if (parts.length === 0 || (parts.length === 1 && !endsWithSpace)) {
    const typed = (parts[0] ?? '').toLowerCase();
    return PALETTE_COMMANDS.filter((command) => command.name.startsWith(typed)).map((command) => ({
      label: command.usage,
      description: command.description,
      fill: command.takesVm || command.name === 'spec' ? `${command.name} ` : command.name,
      runs: !command.takesVm && command.name !== 'spec',
    }));
  }
  const command = PALETTE_COMMANDS.find((candidate) => candidate.name === parts[0]!.toLowerCase());
  if (!command) return [];
  // A command with its arguments being typed: the command itself, as a reminder of its syntax.
  if (!command.takesVm) return [{label: command.usage, description: command.description, fill: text.trim(), runs: true}];
  if (parts.length > 2) return [];
  const typed = endsWithSpace ? '' : (parts[1] ?? '');
  return vmNames
    .filter((name) => name.startsWith(typed))
    .map((name) => ({label: name, description: command.description.replace('the VM', name), fill: `${command.name} ${name}`, runs: true}));
}
