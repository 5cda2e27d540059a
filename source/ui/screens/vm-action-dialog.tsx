/**
 * Stop or destroy a VM, after a yes/no question whose default is No. While the action runs its progress shows;
 * when it is done the outcome stays on screen (for destroy: the refund that came back) until Enter or Esc.
 */
import {Text} from 'ink';
import {useState} from 'react';
import {ConfirmDialog} from '../components/confirm-dialog.js';
import {ErrorBanner} from '../components/error-banner.js';
import {ModalFrame} from '../components/modal-frame.js';
import {ProgressList} from '../components/progress-list.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import type {Modal, Notice} from '../app/router.js';
import {useServices} from '../app/services-context.js';
import {errorNotice} from '../describe-error.js';
import {useCommands} from '../hooks/use-commands.js';
import {useOperation} from '../hooks/use-operation.js';
import {theme} from '../theme.js';
import {formatEthAmount} from '../format-cells.js';

/** Props of `VmActionDialog`. */
export type VmActionDialogProps = {
  readonly modal: Extract<Modal, {name: 'confirm-vm-action'}>;
  readonly isActive: boolean;
};

const QUESTIONS = {
  stop: (name: string) => `Stop ${name}? The VM shuts down and its stream ends (the unspent deposit comes back); S starts it again.`,
  destroy: (name: string) => `Destroy ${name}? The VM and its disk are deleted and the stream is ended; the unspent deposit comes back.`,
};

/** The dialog. */
export function VmActionDialog({modal, isActive}: VmActionDialogProps) {
  const services = useServices();
  const {closeModal, notify} = useNavigation();
  const {refresh} = useRefreshSignal();
  const [isConfirmed, setConfirmed] = useState(false);
  const operation = useOperation<Notice>();
  const {vmName, action} = modal;

  const confirm = () => {
    setConfirmed(true);
    void operation.run(async (onProgress) => {
      if (action === 'stop') {
        const {vm, refundWei} = await services.stopVm(vmName);
        return {tone: 'success', text: `${vm.name} is ${vm.status}. Refund: ${formatEthAmount(refundWei)} returned to the wallet.`};
      }
      const result = await services.destroyVm(vmName, onProgress);
      const payout = result.payoutWei > 0n ? `; the provider was paid ${formatEthAmount(result.payoutWei)}` : '';
      return {
        tone: 'success',
        text: `Destroyed ${result.name}. Refund: ${formatEthAmount(result.refundWei)} returned to the wallet${payout}.`,
        ...(result.warnings.length > 0 ? {hint: `Note: ${result.warnings.join('; ')}`} : {}),
      };
    }).then(() => refresh());
  };

  const close = () => {
    if (operation.state.status === 'done') notify(operation.state.result);
    if (operation.state.status === 'failed') notify(errorNotice(operation.state.error, `Could not ${action} ${vmName}`));
    closeModal();
  };

  const isFinished = operation.state.status === 'done' || operation.state.status === 'failed';
  useCommands({'modal.close': close, 'form.submit': close}, {isActive: isActive && isFinished});

  if (!isConfirmed) {
    return (
      <ConfirmDialog
        title={action === 'stop' ? 'Stop VM' : 'Destroy VM'}
        message={QUESTIONS[action](vmName)}
        onConfirm={confirm}
        onCancel={closeModal}
        isActive={isActive}
      />
    );
  }
  const state = operation.state;
  return (
    <ModalFrame title={`${action === 'stop' ? 'Stopping' : 'Destroying'} ${vmName}`}>
      {state.status !== 'idle' ? <ProgressList progress={state.progress} isRunning={state.status === 'running'} /> : null}
      {state.status === 'running' ? <Text color={theme.text.secondary}>Working…</Text> : null}
      {state.status === 'done' ? <Text color={theme.status.success}>{`✔ ${state.result.text}`}</Text> : null}
      {state.status === 'done' && state.result.hint ? <Text color={theme.status.warning}>{state.result.hint}</Text> : null}
      {state.status === 'failed' ? <ErrorBanner error={state.error} prefix={`Could not ${action} ${vmName}`} /> : null}
      {isFinished ? <Text color={theme.text.secondary}>Enter or Esc closes.</Text> : null}
    </ModalFrame>
  );
}
