/**
 * Stop or destroy a VM. Stop asks a yes/no question whose default is No; destroy (which deletes the disk) asks the
 * user to type the VM's name, as GitHub does before deleting a repository (issue 5 item 1): nothing is sent until
 * the typed text equals the name, Enter on anything else only says so, Esc cancels. While the action runs its
 * progress shows; when it is done the outcome stays on screen (for destroy: the refund that came back) until Enter
 * or Esc.
 */
import {Box, Text} from 'ink';
import {useState} from 'react';
import {ConfirmDialog} from '../components/confirm-dialog.js';
import {ErrorBanner} from '../components/error-banner.js';
import {ModalFrame} from '../components/modal-frame.js';
import {ProgressList} from '../components/progress-list.js';
import {TextField} from '../components/text-field.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import type {Modal, Notice} from '../app/router.js';
import {useServices} from '../app/services-context.js';
import {errorNotice} from '../describe-error.js';
import {useCommands} from '../hooks/use-commands.js';
import {CLOSE_HINTS, useFocusHints} from '../app/hints-context.js';
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
  const {vmName, action} = modal;
  const operation = useOperation<Notice>({label: `${action} ${vmName}`, describe: (result) => result.text});

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
  // After the confirmation: no keys while it runs, then Enter/Esc close (the y/n of the question is gone).
  useFocusHints(isConfirmed ? (isFinished ? CLOSE_HINTS : []) : null);

  if (!isConfirmed && action === 'destroy') {
    return <TypedNameConfirm vmName={vmName} onConfirm={confirm} onCancel={closeModal} isActive={isActive} />;
  }
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

/** Props of `TypedNameConfirm`. */
export type TypedNameConfirmProps = {
  readonly vmName: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly isActive: boolean;
};

/**
 * `Type web-1 to destroy it`: Enter confirms only when the typed text equals `vmName` exactly (after control
 * characters are removed, case-14); otherwise it shows what is wrong and sends nothing. Esc cancels.
 */
export function TypedNameConfirm({vmName, onConfirm, onCancel, isActive}: TypedNameConfirmProps) {
  const [typed, setTyped] = useState('');
  const [hasTriedSubmit, setTriedSubmit] = useState(false);
  const matches = typed === vmName;
  const submit = () => {
    if (matches) onConfirm();
    else setTriedSubmit(true);
  };
  useCommands({'form.submit': submit, 'modal.close': onCancel}, {isActive});
  return (
    <ModalFrame title="Destroy VM">
      <Text>{QUESTIONS.destroy(vmName)}</Text>
      <Box marginTop={1}>
        <TextField
          label={`Type ${vmName} to confirm`}
          value={typed}
          onChange={(text) => {
            setTyped(text);
            setTriedSubmit(false);
          }}
          isFocused={isActive}
          error={hasTriedSubmit && !matches ? `That is not ${vmName}; nothing was destroyed.` : undefined}
        />
      </Box>
      <Text color={theme.text.secondary}>
        {matches ? 'Enter destroys it · Esc cancels' : `Type the name exactly to enable Enter · Esc cancels`}
      </Text>
    </ModalFrame>
  );
}
