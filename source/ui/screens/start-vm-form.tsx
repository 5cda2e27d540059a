/**
 * Start a stopped VM (a modal over VMs). Starting opens a new stream (stop ended the old one), so it asks for
 * the hours of deposit and shows the live quote before anything is paid.
 */
import {Text} from 'ink';
import type {StartVmReturnType} from '../../services/services.js';
import {ErrorBanner} from '../components/error-banner.js';
import {ModalFrame} from '../components/modal-frame.js';
import {ProgressList} from '../components/progress-list.js';
import {QuoteSummary} from '../components/quote-summary.js';
import {TextField} from '../components/text-field.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import type {Modal} from '../app/router.js';
import {useServices} from '../app/services-context.js';
import {useCommands} from '../hooks/use-commands.js';
import {useHoursField} from '../hooks/use-hours-field.js';
import {useOperation} from '../hooks/use-operation.js';
import {useVmQuote} from '../hooks/use-vm-quote.js';
import {theme} from '../theme.js';
import {formatEthAmount} from '../format-cells.js';

/** Props of `StartVmForm`. */
export type StartVmFormProps = {readonly modal: Extract<Modal, {name: 'start-vm'}>; readonly isActive: boolean};

/** The form. */
export function StartVmForm({modal, isActive}: StartVmFormProps) {
  const services = useServices();
  const {closeModal, notify} = useNavigation();
  const {refresh} = useRefreshSignal();
  const field = useHoursField();
  const quote = useVmQuote(
    field.hours === null ? null : {providerId: modal.providerId, resources: modal.resources, hours: field.hours},
  );
  const operation = useOperation<StartVmReturnType>({label: `start ${modal.vmName}`});
  const isRunning = operation.state.status === 'running';

  const submit = async () => {
    const hours = field.attemptSubmit();
    if (hours === null) return;
    const result = await operation.run(() => services.startVm(modal.vmName, {hours}));
    if (!result) return;
    closeModal();
    notify({
      tone: 'success',
      text: `${result.vm.name} is ${result.vm.status} (stream #${result.streamId}, deposit ${formatEthAmount(result.depositWei)}).`,
    });
    refresh();
  };

  useCommands({'form.submit': () => void submit(), 'modal.close': closeModal}, {isActive: isActive && !isRunning});

  return (
    <ModalFrame title={`Start ${modal.vmName}`}>
      <Text color={theme.text.secondary}>Starting opens a new payment stream for the VM.</Text>
      <TextField
        label="Hours"
        value={field.text}
        onChange={field.setText}
        isFocused={isActive && !isRunning}
        error={field.visibleProblem}
        suffix="h of deposit"
      />
      <QuoteSummary quote={quote.quote} error={quote.error} isLoading={quote.isLoading} />
      {operation.state.status === 'running' ? <ProgressList progress={[{step: 'start', message: 'Starting…'}]} isRunning /> : null}
      {operation.state.status === 'failed' ? <ErrorBanner error={operation.state.error} prefix="Not started" /> : null}
      <Text color={theme.text.secondary}>{isRunning ? 'Starting… this can take a minute.' : 'Enter start · Esc cancel'}</Text>
    </ModalFrame>
  );
}
