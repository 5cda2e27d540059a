/**
 * The top-up form (a modal over Streams): adds N hours of funding to a stream. The amount shown is the
 * stream's rate × hours × 3600 in wei (reference §6.5), computed in bigint.
 */
import {Text} from 'ink';
import type {TopUpStreamReturnType} from '../../services/services.js';
import {ErrorBanner} from '../components/error-banner.js';
import {ModalFrame} from '../components/modal-frame.js';
import {TextField} from '../components/text-field.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import type {Modal} from '../app/router.js';
import {useServices} from '../app/services-context.js';
import {useCommands} from '../hooks/use-commands.js';
import {useHoursField} from '../hooks/use-hours-field.js';
import {useOperation} from '../hooks/use-operation.js';
import {theme} from '../theme.js';
import {formatEthAmount} from '../format-cells.js';

/** Props of `TopUpForm`. */
export type TopUpFormProps = {readonly modal: Extract<Modal, {name: 'top-up'}>; readonly isActive: boolean};

/** The form. */
export function TopUpForm({modal, isActive}: TopUpFormProps) {
  const services = useServices();
  const {closeModal, notify} = useNavigation();
  const {refresh} = useRefreshSignal();
  const field = useHoursField();
  const operation = useOperation<TopUpStreamReturnType>();
  const isRunning = operation.state.status === 'running';
  const amountWei = field.hours === null ? null : BigInt(modal.ratePerSecondWei) * BigInt(field.hours) * 3600n;
  const label = `stream #${modal.streamId}${modal.vmName ? ` (${modal.vmName})` : ''}`;

  const submit = async () => {
    const hours = field.attemptSubmit();
    if (hours === null) return;
    const result = await operation.run(() => services.topUpStream({streamId: BigInt(modal.streamId), hours}));
    if (!result) return;
    closeModal();
    notify({tone: 'success', text: `Topped up ${label} with ${formatEthAmount(result.toppedUpWei)} (${hours} h).`});
    refresh();
  };

  useCommands({'form.submit': () => void submit(), 'modal.close': closeModal}, {isActive: isActive && !isRunning});

  return (
    <ModalFrame title={`Top up ${label}`}>
      <TextField
        label="Hours"
        value={field.text}
        onChange={field.setText}
        isFocused={isActive && !isRunning}
        error={field.visibleProblem}
        suffix="h"
      />
      <Text>{amountWei === null ? 'Amount: —' : `Amount: ${formatEthAmount(amountWei)}`}</Text>
      {operation.state.status === 'failed' ? <ErrorBanner error={operation.state.error} prefix="Not topped up" /> : null}
      <Text color={theme.text.secondary}>{isRunning ? 'Sending the top-up…' : 'Enter top up · Esc cancel'}</Text>
    </ModalFrame>
  );
}
