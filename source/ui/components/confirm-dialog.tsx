/**
 * A yes/no question whose default is No: only `y` confirms; `n`, Enter and Esc decline. Plain props and
 * callbacks (ink-ui style); input only while `isActive`.
 */
import {Text} from 'ink';
import {useCommands} from '../hooks/use-commands.js';
import {theme} from '../theme.js';
import {ModalFrame} from './modal-frame.js';

/** Props of `ConfirmDialog`. */
export type ConfirmDialogProps = {
  readonly title: string;
  readonly message: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly isActive: boolean;
};

/** `Destroy web-1? … [y/N]` */
export function ConfirmDialog({title, message, onConfirm, onCancel, isActive}: ConfirmDialogProps) {
  useCommands({'confirm.yes': onConfirm, 'confirm.no': onCancel}, {isActive});
  return (
    <ModalFrame title={title}>
      <Text>{message}</Text>
      <Text color={theme.text.secondary}>{'Press y to confirm, n / Enter / Esc to cancel.  [y/N]'}</Text>
    </ModalFrame>
  );
}
