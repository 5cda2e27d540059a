/**
 * The dashboard's one keymap: every command id, its default keys and a description, grouped by area (gemini's
 * typed keymap). Screens bind handlers to command ids through `useCommands`; the help overlay and the footer
 * read their text from here, so a key is documented exactly where it is defined.
 */
import type {Key} from 'ink';

/** A named (non-printable) key as Ink reports it in `Key`. */
export type NamedKey = 'return' | 'escape' | 'tab' | 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown';

/**
 * One way to trigger a command: a printable `input` (case-sensitive, `'S'` is Shift-s) or a `key`, with
 * modifiers. An unset `ctrl` means "without Ctrl"; an unset `shift` means "either" (except for `tab`, whose
 * bindings always say which).
 */
export type KeyBinding = {
  readonly input?: string;
  readonly key?: NamedKey;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
};

/** A command's default bindings and its help text. */
export type CommandSpec = {readonly keys: readonly KeyBinding[]; readonly description: string};

const up: KeyBinding = {key: 'up'};
const down: KeyBinding = {key: 'down'};
const enter: KeyBinding = {key: 'return'};
const escape: KeyBinding = {key: 'escape'};
const tab: KeyBinding = {key: 'tab', shift: false};
const shiftTab: KeyBinding = {key: 'tab', shift: true};

/** Every command of the dashboard with its default keys. Ids are dotted and grouped by area. */
export const keymap = {
  'app.quit': {keys: [{input: 'q'}], description: 'Quit golem'},
  'app.interrupt': {keys: [{input: 'c', ctrl: true}], description: 'Quit, even from a form or dialog'},
  'app.help': {keys: [{input: '?'}], description: 'Show or hide this help'},
  'app.event-log': {keys: [{input: 'L'}], description: 'Event log: what golem and the monitor did this session, with times'},
  'app.refresh': {keys: [{input: 'r'}], description: 'Refresh the data on screen'},
  'app.next-screen': {keys: [tab], description: 'Next screen'},
  'app.previous-screen': {keys: [shiftTab], description: 'Previous screen'},
  'app.screen-providers': {keys: [{input: '1'}], description: 'Providers screen'},
  'app.screen-vms': {keys: [{input: '2'}], description: 'VMs screen'},
  'app.screen-streams': {keys: [{input: '3'}], description: 'Streams screen'},
  'app.screen-wallet': {keys: [{input: '4'}], description: 'Wallet screen'},
  'list.up': {keys: [up, {input: 'k'}], description: 'Move the selection up'},
  'list.down': {keys: [down, {input: 'j'}], description: 'Move the selection down'},
  'list.page-up': {keys: [{key: 'pageUp'}], description: 'Move the selection one page up'},
  'list.page-down': {keys: [{key: 'pageDown'}], description: 'Move the selection one page down'},
  'list.first': {keys: [{input: 'g'}], description: 'Select the first row'},
  'list.last': {keys: [{input: 'G'}], description: 'Select the last row'},
  'list.filter': {keys: [{input: '/'}], description: 'Filter the list (matches the text on screen; Esc clears)'},
  'app.back': {keys: [escape], description: 'Go back: clear the filter, leave the detail view'},
  'app.palette': {keys: [{input: ':'}], description: 'Command palette (:create, :ssh NAME, :destroy NAME, :quit…)'},
  'palette.complete': {keys: [tab], description: 'Complete the command or name'},
  'modal.close': {keys: [escape], description: 'Close the dialog or form'},
  'provider.create': {keys: [{input: 'c'}], description: 'Create a VM on the selected provider'},
  'provider.sort': {keys: [{input: 's'}], description: 'Sort by the next column'},
  'provider.sort-reverse': {keys: [{input: 'S'}], description: 'Reverse the sort order'},
  'vm.details': {keys: [{input: 'i'}, {key: 'right'}], description: 'Show the VM in detail (ssh command, runway)'},
  'vm.ssh': {keys: [enter], description: 'Open an SSH shell on the VM'},
  'vm.stop': {keys: [{input: 's'}], description: 'Stop the VM (asks first)'},
  'vm.start': {keys: [{input: 'S'}], description: 'Start a stopped VM on a new stream'},
  'vm.copy-ssh': {keys: [{input: 'y'}], description: 'Copy the VM\'s ssh command to the clipboard (OSC 52)'},
  'vm.destroy': {keys: [{input: 'd'}], description: 'Destroy the VM, get the refund (asks you to type its name)'},
  'vm.mark': {keys: [{input: ' '}], description: 'Mark or unmark the VM (then s or d acts on every marked VM at once)'},
  'vm.forward-add': {keys: [{input: 'p'}], description: 'Detail view: forward a local port to the VM (LOCAL:REMOTE)'},
  'vm.forward-remove': {keys: [{input: 'P'}], description: "Detail view: stop the VM's newest port forward"},
  'app.fund': {keys: [{input: 'F'}], description: 'Fund the streams from this dashboard (start the monitor)'},
  'stream.top-up': {keys: [{input: 't'}], description: 'Top up the stream (+30 m, +1 h, +2 h or a duration)'},
  'stream.terminate': {keys: [{input: 'x'}], description: 'End the stream, get the refund (asks)'},
  'stream.toggle-ended': {keys: [{input: 'e'}], description: 'Show or hide ended streams (terminated, halted)'},
  'wallet.faucet': {keys: [{input: 'f'}], description: 'Ask the testnet faucet for funds'},
  'confirm.yes': {keys: [{input: 'y'}, {input: 'Y'}], description: 'Confirm'},
  'confirm.no': {keys: [{input: 'n'}, {input: 'N'}, enter, escape], description: 'Decline (the default)'},
  'form.submit': {keys: [enter], description: 'Submit the form'},
  'form.next-field': {keys: [tab, down], description: 'Next field'},
  'form.previous-field': {keys: [shiftTab, up], description: 'Previous field'},
} as const satisfies Record<string, CommandSpec>;

/** A command id, e.g. `'vm.stop'`. */
export type Command = keyof typeof keymap;

/** The help overlay's sections, in order. */
export const keymapSections: ReadonlyArray<{readonly title: string; readonly commands: readonly Command[]}> = [
  {
    title: 'Everywhere',
    commands: [
      'app.screen-providers',
      'app.screen-vms',
      'app.screen-streams',
      'app.screen-wallet',
      'app.next-screen',
      'app.previous-screen',
      'app.palette',
      'app.event-log',
      'app.refresh',
      'app.fund',
      'app.help',
      'app.quit',
      'app.interrupt',
    ],
  },
  {
    title: 'Lists',
    commands: ['list.up', 'list.down', 'list.page-up', 'list.page-down', 'list.first', 'list.last', 'list.filter', 'app.back'],
  },
  {title: 'Providers', commands: ['provider.create', 'provider.sort', 'provider.sort-reverse']},
  {title: 'VMs', commands: ['vm.ssh', 'vm.details', 'vm.copy-ssh', 'vm.mark', 'vm.stop', 'vm.start', 'vm.destroy', 'vm.forward-add', 'vm.forward-remove']},
  {title: 'Streams', commands: ['stream.top-up', 'stream.terminate', 'stream.toggle-ended']},
  {title: 'Wallet', commands: ['wallet.faucet']},
  {title: 'Palette', commands: ['palette.complete']},
  {title: 'Forms and dialogs', commands: ['form.next-field', 'form.previous-field', 'form.submit', 'confirm.yes', 'confirm.no', 'modal.close']},
];

const NAMED_KEY_FLAGS: Record<NamedKey, keyof Key> = {
  return: 'return',
  escape: 'escape',
  tab: 'tab',
  up: 'upArrow',
  down: 'downArrow',
  left: 'leftArrow',
  right: 'rightArrow',
  pageUp: 'pageUp',
  pageDown: 'pageDown',
};

/** True when `binding` describes the key event (`input`, `key`) that Ink's `useInput` reported. */
export function matchesBinding(binding: KeyBinding, input: string, key: Key): boolean {
  if (key.ctrl !== (binding.ctrl ?? false)) return false;
  if (binding.shift !== undefined && key.shift !== binding.shift) return false;
  if (binding.key !== undefined) return key[NAMED_KEY_FLAGS[binding.key]] === true;
  // Ink reports Alt+x as input 'x' with meta; a plain-letter command must not fire on it.
  return binding.input === input && (binding.ctrl === true || !key.meta);
}

/** True when the key event (`input`, `key`) from Ink's `useInput` triggers `command`. */
export function matches(command: Command, input: string, key: Key): boolean {
  return keymap[command].keys.some((binding: KeyBinding) => matchesBinding(binding, input, key));
}

const KEY_LABELS: Record<NamedKey, string> = {
  return: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
};

/** A binding as people read it: `"q"`, `"Ctrl-C"`, `"Shift-Tab"`, `"↑"`. */
export function formatBinding(binding: KeyBinding): string {
  const base = binding.key === undefined ? (binding.input === ' ' ? 'Space' : (binding.input ?? '')) : KEY_LABELS[binding.key];
  if (binding.ctrl) return `Ctrl-${base.toUpperCase()}`;
  if (binding.key !== undefined && binding.shift) return `Shift-${base}`;
  return base;
}

/** All keys of `command` joined for display: `"q / Ctrl-C"`. */
export function formatKeys(command: Command): string {
  return keymap[command].keys.map((binding: KeyBinding) => formatBinding(binding)).join(' / ');
}
