/**
 * The bottom of the dashboard: the notice (outcome or error banner) and the key hints of what has focus — only the
 * keys that work there (issue 5 item 1): a screen's own keys and `/` filter on its list, `s`/`S` sort on Providers,
 * `i` details on VMs, the detail view's own keys, a dialog's keys (destroy: type the name, Enter, Esc).
 */
import {Box} from 'ink';
import type {Command} from '../keymap.js';
import type {Modal, Notice, Route} from '../app/router.js';
import {KeyHints} from './key-hints.js';
import {NoticeLine} from './notice-line.js';

/** Key hints: command ids with a short label (the key comes from the keymap). */
export type Hints = ReadonlyArray<readonly [Command, string]>;

const COMMON: Hints = [
  ['app.palette', 'commands'],
  ['app.next-screen', 'screens'],
  ['app.refresh', 'refresh'],
  ['app.help', 'help'],
  ['app.quit', 'quit'],
];

/** Key hints per screen (VMs: the list; see `VM_DETAIL_HINTS` for its detail view). */
export const SCREEN_HINTS: Readonly<Record<Route['name'], Hints>> = {
  providers: [
    ['list.down', 'move'],
    ['provider.create', 'create VM'],
    ['list.filter', 'filter'],
    ['provider.sort', 'sort'],
    ['provider.sort-reverse', 'reverse'],
    ...COMMON,
  ],
  vms: [
    ['list.down', 'move'],
    ['vm.ssh', 'ssh'],
    ['vm.details', 'details'],
    ['vm.stop', 'stop'],
    ['vm.start', 'start'],
    ['vm.destroy', 'destroy'],
    ['list.filter', 'filter'],
    ['vm.copy-ssh', 'copy ssh'],
    ['vm.mark', 'mark'],
    ...COMMON,
  ],
  streams: [
    ['list.down', 'move'],
    ['stream.top-up', 'top up'],
    ['stream.terminate', 'end'],
    ['stream.toggle-ended', 'ended'],
    ['list.filter', 'filter'],
    ...COMMON,
  ],
  wallet: [['wallet.faucet', 'faucet'], ...COMMON],
};

/** Key hints of the VM detail view (no list keys there: no move, no filter). */
export const VM_DETAIL_HINTS: Hints = [
  ['vm.ssh', 'ssh'],
  ['vm.stop', 'stop'],
  ['vm.start', 'start'],
  ['vm.destroy', 'destroy'],
  ['app.back', 'back'],
  ['app.palette', 'commands'],
  ['app.help', 'help'],
  ['app.quit', 'quit'],
];

/** Key hints per modal (destroy, which asks for the typed name, has its own: see `hintsFor`). */
export const MODAL_HINTS: Readonly<Record<Modal['name'], Hints>> = {
  'create-vm': [['form.submit', 'next / create'], ['form.next-field', 'next field'], ['modal.close', 'cancel']],
  'confirm-vm-action': [['confirm.yes', 'yes'], ['confirm.no', 'no / close']],
  'confirm-vms-action': [['confirm.yes', 'yes'], ['confirm.no', 'no / close']],
  'top-up': [['form.next-field', 'choose'], ['form.submit', 'top up'], ['modal.close', 'cancel']],
  'terminate-stream': [['confirm.yes', 'yes'], ['confirm.no', 'no / close']],
  'start-vm': [['form.submit', 'start'], ['modal.close', 'cancel']],
  help: [['modal.close', 'close'], ['list.down', 'scroll']],
  'event-log': [['modal.close', 'close'], ['list.down', 'scroll']],
};

const DESTROY_HINTS: Hints = [
  ['form.submit', 'destroy (once the name is typed)'],
  ['modal.close', 'cancel'],
];

const DESTROY_MANY_HINTS: Hints = [
  ['form.submit', 'destroy (once the count is typed)'],
  ['modal.close', 'cancel'],
];

/** The hints for what has focus: the open modal's, else the detail view's, else the screen's. */
export function hintsFor(route: Route, modal: Modal | null): Hints {
  if (modal?.name === 'confirm-vm-action' && modal.action === 'destroy') return DESTROY_HINTS;
  if (modal?.name === 'confirm-vms-action' && modal.action === 'destroy') return DESTROY_MANY_HINTS;
  if (modal) return MODAL_HINTS[modal.name];
  if (route.name === 'vms' && route.detail) return VM_DETAIL_HINTS;
  return SCREEN_HINTS[route.name];
}

/** Props of `Footer`. */
export type FooterProps = {
  readonly route: Route;
  readonly modal: Modal | null;
  readonly notice: Notice | null;
  /** Lines the layout gives the notice: 2 shows its hint under it, 1 the text alone (cut to the width). @default 2 */
  readonly noticeLines?: number;
  /** Hints claimed by what has focus (a dialog's current step, the palette); else those of the route and modal. */
  readonly hints?: Hints | null;
};

/** The palette's keys. */
export const PALETTE_HINTS: Hints = [
  ['form.submit', 'run'],
  ['list.down', 'choose'],
  ['palette.complete', 'complete'],
  ['modal.close', 'close'],
];

/** Notice line (if any) above the key hints. */
export function Footer({route, modal, notice, noticeLines = 2, hints = null}: FooterProps) {
  return (
    <Box flexDirection="column">
      {notice && noticeLines > 0 ? <NoticeLine notice={noticeLines >= 2 ? notice : {tone: notice.tone, text: notice.text}} /> : null}
      <KeyHints hints={hints ?? hintsFor(route, modal)} />
    </Box>
  );
}
