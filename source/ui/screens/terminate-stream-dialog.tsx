/**
 * End a stream (`x` on Streams). The question shows the refund to expect — deposit − vested at the chain time the
 * dialog opened — and its default is No; after `y` the stream is terminated and the refund that really came back
 * (and the provider's payout) stays on screen until Enter or Esc.
 */
import {Text} from 'ink';
import {useState} from 'react';
import type {TerminateStreamReturnType} from '../../services/services.js';
import {ConfirmDialog} from '../components/confirm-dialog.js';
import {ErrorBanner} from '../components/error-banner.js';
import {ModalFrame} from '../components/modal-frame.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import type {Modal} from '../app/router.js';
import {useServices} from '../app/services-context.js';
import {errorNotice} from '../describe-error.js';
import {useCommands} from '../hooks/use-commands.js';
import {CLOSE_HINTS, useFocusHints} from '../app/hints-context.js';
import {useOperation} from '../hooks/use-operation.js';
import {theme} from '../theme.js';
import {formatEthAmount} from '../format-cells.js';

/** Props of `TerminateStreamDialog`. */
export type TerminateStreamDialogProps = {
  readonly modal: Extract<Modal, {name: 'terminate-stream'}>;
  readonly isActive: boolean;
};

/** The outcome line after the stream was ended. */
export function terminateOutcome(label: string, result: TerminateStreamReturnType): string {
  if (result.wasAlreadyEnded) return `${label} was already ended; nothing came back.`;
  const payout = result.payoutWei > 0n ? `; the provider was paid ${formatEthAmount(result.payoutWei)}` : '';
  return `Ended ${label}. Refund: ${formatEthAmount(result.refundWei)} returned to the wallet${payout}.`;
}

/** The dialog. */
export function TerminateStreamDialog({modal, isActive}: TerminateStreamDialogProps) {
  const services = useServices();
  const {closeModal, notify} = useNavigation();
  const {refresh} = useRefreshSignal();
  const [isConfirmed, setConfirmed] = useState(false);
  const label = `stream #${modal.streamId}${modal.vmName ? ` (${modal.vmName})` : ''}`;
  const operation = useOperation<TerminateStreamReturnType>({label: `end ${label}`});

  const confirm = () => {
    setConfirmed(true);
    void operation.run(() => services.terminateStream(BigInt(modal.streamId))).then(() => refresh());
  };
  const close = () => {
    const state = operation.state;
    if (state.status === 'done') notify({tone: 'success', text: terminateOutcome(label, state.result)});
    if (state.status === 'failed') notify(errorNotice(state.error, `Could not end ${label}`));
    closeModal();
  };
  const isFinished = operation.state.status === 'done' || operation.state.status === 'failed';
  useCommands({'modal.close': close, 'form.submit': close}, {isActive: isActive && isFinished});
  // After the confirmation: no keys while it runs, then Enter/Esc close (the y/n of the question is gone).
  useFocusHints(isConfirmed ? (isFinished ? CLOSE_HINTS : []) : null);

  if (!isConfirmed) {
    return (
      <ConfirmDialog
        title="End stream"
        message={`End ${label}? Expected refund: ${formatEthAmount(BigInt(modal.estimatedRefundWei))} (deposit − vested); the provider keeps what vested.`}
        onConfirm={confirm}
        onCancel={closeModal}
        isActive={isActive}
      />
    );
  }
  const state = operation.state;
  return (
    <ModalFrame title={`Ending ${label}`}>
      {state.status === 'running' || state.status === 'idle' ? <Text color={theme.text.secondary}>Sending the terminate transaction…</Text> : null}
      {state.status === 'done' ? <Text color={theme.status.success}>{`✔ ${terminateOutcome(label, state.result)}`}</Text> : null}
      {state.status === 'failed' ? <ErrorBanner error={state.error} prefix={`Could not end ${label}`} /> : null}
      {isFinished ? <Text color={theme.text.secondary}>Enter or Esc closes.</Text> : null}
    </ModalFrame>
  );
}
