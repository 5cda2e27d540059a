/** The bottom of the dashboard: the notice (outcome or error banner) and the key hints of what has focus. */
import {Box} from 'ink';
import type {Command} from '../keymap.js';
import type {Modal, Notice, ScreenName} from '../app/router.js';
import {KeyHints} from './key-hints.js';
import {NoticeLine} from './notice-line.js';

type Hints = ReadonlyArray<readonly [Command, string]>;

const COMMON: Hints = [
  ['app.next-screen', 'screens'],
  ['app.refresh', 'refresh'],
  ['app.help', 'help'],
  ['app.quit', 'quit'],
];

/** Key hints per screen. */
export const SCREEN_HINTS: Readonly<Record<ScreenName, Hints>> = {
  providers: [['list.down', 'move'], ['provider.create', 'create VM'], ...COMMON],
  vms: [['list.down', 'move'], ['vm.ssh', 'ssh'], ['vm.stop', 'stop'], ['vm.start', 'start'], ['vm.destroy', 'destroy'], ...COMMON],
  streams: [['list.down', 'move'], ['stream.top-up', 'top up'], ['stream.terminate', 'end'], ...COMMON],
  wallet: [['wallet.faucet', 'faucet'], ...COMMON],
};

/** Key hints per modal. */
export const MODAL_HINTS: Readonly<Record<Modal['name'], Hints>> = {
  'create-vm': [['form.submit', 'create'], ['form.next-field', 'next field'], ['modal.close', 'cancel']],
  'confirm-vm-action': [['confirm.yes', 'yes'], ['confirm.no', 'no / close']],
  'top-up': [['form.next-field', 'choose'], ['form.submit', 'top up'], ['modal.close', 'cancel']],
  'terminate-stream': [['confirm.yes', 'yes'], ['confirm.no', 'no / close']],
  'start-vm': [['form.submit', 'start'], ['modal.close', 'cancel']],
  help: [['modal.close', 'close']],
};

/** Props of `Footer`. */
export type FooterProps = {readonly screen: ScreenName; readonly modal: Modal | null; readonly notice: Notice | null};

/** Notice line (if any) above the key hints. */
export function Footer({screen, modal, notice}: FooterProps) {
  return (
    <Box flexDirection="column" marginTop={1}>
      {notice ? <NoticeLine notice={notice} /> : null}
      <KeyHints hints={modal ? MODAL_HINTS[modal.name] : SCREEN_HINTS[screen]} />
    </Box>
  );
}
