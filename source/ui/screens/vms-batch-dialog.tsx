/**
 * Stop or destroy several marked VMs with one confirmation (issue 13 item 7, as k9s acts on marked rows). The
 * question names the VMs and the total refund expected (each stream's unvested deposit at the last chain time
 * read). Stop is a yes/no question whose default is No; destroy, which deletes the disks, asks the user to type
 * the number of VMs (`3`) or `destroy 3 VMs`, so a stray Enter or `y` never deletes anything. The VMs are then
 * stopped or destroyed one after another; one failing does not stop the others, and the outcome lists what came
 * back and what failed, until Enter or Esc.
 */
import {Box, Text} from 'ink';
import {useState} from 'react';
import {ConfirmDialog} from '../components/confirm-dialog.js';
import {ModalFrame} from '../components/modal-frame.js';
import {ProgressList} from '../components/progress-list.js';
import {TextField} from '../components/text-field.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import type {Modal, Notice} from '../app/router.js';
import {useServices} from '../app/services-context.js';
import {describeError} from '../describe-error.js';
import {useCommands} from '../hooks/use-commands.js';
import {CLOSE_HINTS, useFocusHints} from '../app/hints-context.js';
import {useOperation} from '../hooks/use-operation.js';
import {theme} from '../theme.js';
import {formatEthAmount} from '../format-cells.js';

/** Props of `VmsBatchDialog`. */
export type VmsBatchDialogProps = {
  readonly modal: Extract<Modal, {name: 'confirm-vms-action'}>;
  readonly isActive: boolean;
};

/** `web-1, db-1 and 3 more` within about `limit` names. */
export function listNames(names: readonly string[], limit = 4): string {
  if (names.length <= limit) return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}

/** True when `typed` confirms destroying `count` VMs: the count itself or `destroy N VMs` (case and spaces loose). */
export function confirmsCount(typed: string, count: number): boolean {
  const text = typed.trim().toLowerCase().replace(/\s+/g, ' ');
  return text === String(count) || text === `destroy ${count} vms`;
}

/** The question and the expected refund, as one sentence. */
function question(action: 'stop' | 'destroy', names: readonly string[], refundWei: bigint | null): string {
  const refund = refundWei === null ? 'the unspent deposits come back' : `about ${formatEthAmount(refundWei)} comes back to the wallet`;
  return action === 'stop'
    ? `Stop ${names.length} VMs (${listNames(names)})? They shut down and their streams end; ${refund}.`
    : `Destroy ${names.length} VMs (${listNames(names)})? The VMs and their disks are deleted and their streams end; ${refund}.`;
}

/** The dialog. */
export function VmsBatchDialog({modal, isActive}: VmsBatchDialogProps) {
  const services = useServices();
  const {closeModal, notify, dispatch} = useNavigation();
  const {refresh} = useRefreshSignal();
  const [isConfirmed, setConfirmed] = useState(false);
  const {vmNames, action, refundWei} = modal;
  const operation = useOperation<Notice>({label: `${action} ${vmNames.length} VMs (${listNames(vmNames)})`, describe: (result) => result.text});

  const confirm = () => {
    setConfirmed(true);
    dispatch({type: 'set-marks', marks: []});
    void operation.run(async (onProgress) => {
      let refunded = 0n;
      const failures: string[] = [];
      for (const name of vmNames) {
        onProgress({step: name, message: `${action === 'stop' ? 'Stopping' : 'Destroying'} ${name}`});
        try {
          const result = action === 'stop' ? await services.stopVm(name) : await services.destroyVm(name);
          refunded += result.refundWei;
        } catch (error) {
          failures.push(`${name}: ${describeError(error).text}`);
        }
      }
      const done = vmNames.length - failures.length;
      const verb = action === 'stop' ? 'Stopped' : 'Destroyed';
      const text = `${verb} ${done} of ${vmNames.length} VMs. Refund: ${formatEthAmount(refunded)} returned to the wallet.`;
      return failures.length === 0
        ? {tone: 'success', text}
        : {tone: 'error', text, hint: `Failed: ${failures.join('; ')}`};
    }).then(() => refresh());
  };

  const close = () => {
    if (operation.state.status === 'done') notify(operation.state.result);
    closeModal();
  };
  const isFinished = operation.state.status === 'done' || operation.state.status === 'failed';
  useCommands({'modal.close': close, 'form.submit': close}, {isActive: isActive && isFinished});
  useFocusHints(isConfirmed ? (isFinished ? CLOSE_HINTS : []) : null);

  const title = `${action === 'stop' ? 'Stop' : 'Destroy'} ${vmNames.length} VMs`;
  if (!isConfirmed && action === 'destroy') {
    return <TypedCountConfirm title={title} message={question(action, vmNames, refundWei)} count={vmNames.length} onConfirm={confirm} onCancel={closeModal} isActive={isActive} />;
  }
  if (!isConfirmed) {
    return <ConfirmDialog title={title} message={question(action, vmNames, refundWei)} onConfirm={confirm} onCancel={closeModal} isActive={isActive} />;
  }
  const state = operation.state;
  return (
    <ModalFrame title={`${action === 'stop' ? 'Stopping' : 'Destroying'} ${vmNames.length} VMs`}>
      {state.status !== 'idle' ? <ProgressList progress={state.progress} isRunning={state.status === 'running'} /> : null}
      {state.status === 'running' ? <Text color={theme.text.secondary}>Working…</Text> : null}
      {state.status === 'done' ? (
        <Text color={state.result.tone === 'success' ? theme.status.success : theme.status.warning}>{`${state.result.tone === 'success' ? '✔' : '!'} ${state.result.text}`}</Text>
      ) : null}
      {state.status === 'done' && state.result.hint ? <Text color={theme.status.error}>{state.result.hint}</Text> : null}
      {isFinished ? <Text color={theme.text.secondary}>Enter or Esc closes.</Text> : null}
    </ModalFrame>
  );
}

type TypedCountConfirmProps = {
  readonly title: string;
  readonly message: string;
  readonly count: number;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly isActive: boolean;
};

/** `Type 3 (or destroy 3 VMs) to confirm`: Enter confirms only on a match, otherwise says so; Esc cancels. */
function TypedCountConfirm({title, message, count, onConfirm, onCancel, isActive}: TypedCountConfirmProps) {
  const [typed, setTyped] = useState('');
  const [hasTriedSubmit, setTriedSubmit] = useState(false);
  const matches = confirmsCount(typed, count);
  useCommands({'form.submit': () => (matches ? onConfirm() : setTriedSubmit(true)), 'modal.close': onCancel}, {isActive});
  return (
    <ModalFrame title={title}>
      <Text>{message}</Text>
      <Box marginTop={1}>
        <TextField
          label={`Type ${count} to confirm`}
          value={typed}
          onChange={(text) => {
            setTyped(text);
            setTriedSubmit(false);
          }}
          isFocused={isActive}
          error={hasTriedSubmit && !matches ? `That is not ${count}; nothing was destroyed.` : undefined}
        />
      </Box>
      <Text color={theme.text.secondary}>{matches ? `Enter destroys ${count} VMs · Esc cancels` : `Type ${count} (or destroy ${count} VMs) to enable Enter · Esc cancels`}</Text>
    </ModalFrame>
  );
}
