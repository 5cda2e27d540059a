/**
 * The create-VM form (a modal over Providers): name, cpu, memory, storage and hours, with the live quote.
 * Enter submits: problems show next to their fields; a valid request goes to `services.createVm`, whose
 * progress shows here; on success the App switches to VMs with the new VM selected.
 */
import {Box, Text} from 'ink';
import type {CreateVmReturnType} from '../../services/services.js';
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
import {CREATE_VM_FIELD_ORDER, useCreateVmForm} from '../hooks/use-create-vm-form.js';
import {useOperation} from '../hooks/use-operation.js';
import {useVmQuote} from '../hooks/use-vm-quote.js';
import {theme} from '../theme.js';
import type {CreateVmFields} from '../vm-request-rules.js';
import {formatEthAmount} from '../format-cells.js';

const LABELS: Record<keyof CreateVmFields, string> = {
  name: 'Name',
  cpu: 'CPU cores',
  memory: 'Memory',
  storage: 'Disk',
  hours: 'Hours',
};
const SUFFIXES: Partial<Record<keyof CreateVmFields, string>> = {memory: 'GB', storage: 'GB', hours: 'h of deposit'};
const LABEL_WIDTH = Math.max(...Object.values(LABELS).map((label) => label.length));

/** Props of `CreateVmForm`. */
export type CreateVmFormProps = {
  readonly modal: Extract<Modal, {name: 'create-vm'}>;
  readonly isActive: boolean;
};

/** The form. */
export function CreateVmForm({modal, isActive}: CreateVmFormProps) {
  const services = useServices();
  const {navigate, select, notify, closeModal} = useNavigation();
  const {refresh} = useRefreshSignal();
  const form = useCreateVmForm(modal.available);
  const quote = useVmQuote(form.priced ? {providerId: modal.providerId, ...form.priced} : null);
  const operation = useOperation<CreateVmReturnType>();
  const isRunning = operation.state.status === 'running';

  const submit = async () => {
    const request = form.attemptSubmit();
    if (!request) return;
    const result = await operation.run((onProgress) =>
      services.createVm({...request, providerId: modal.providerId}, onProgress),
    );
    if (!result) return;
    navigate({name: 'vms'});
    select('vms', {key: result.vm.name, index: 0});
    const deposit = result.depositWei === null ? '' : `, deposit ${formatEthAmount(result.depositWei)}`;
    notify({
      tone: 'success',
      text: `Created ${result.vm.name} (stream #${result.streamId}${deposit}). Enter opens a shell.`,
      hint: `Plain ssh uses the key ${result.sshKeyPath}.`,
    });
    refresh();
  };

  useCommands(
    {
      'form.submit': () => void submit(),
      'form.next-field': form.focusNext,
      'form.previous-field': form.focusPrevious,
      'modal.close': closeModal,
    },
    {isActive: isActive && !isRunning},
  );

  return (
    <ModalFrame title={`Create a VM on ${modal.providerLabel}`}>
      <Text color={theme.text.secondary}>
        {`Free: ${modal.available.cpu} cores, ${modal.available.memory} GB memory, ${modal.available.storage} GB disk`}
      </Text>
      <Box flexDirection="column" marginY={1}>
        {CREATE_VM_FIELD_ORDER.map((field) => (
          <TextField
            key={field}
            label={LABELS[field]}
            labelWidth={LABEL_WIDTH}
            value={form.fields[field]}
            onChange={(value) => form.setField(field, value)}
            isFocused={isActive && !isRunning && form.focused === field}
            error={form.visibleErrors[field]}
            placeholder={field === 'name' ? 'e.g. web-1' : ''}
            suffix={SUFFIXES[field]}
          />
        ))}
      </Box>
      <QuoteSummary quote={quote.quote} error={quote.error} isLoading={quote.isLoading} />
      {operation.state.status !== 'idle' ? (
        <Box flexDirection="column" marginTop={1}>
          <ProgressList progress={operation.state.progress} isRunning={isRunning} />
          {operation.state.status === 'failed' ? <ErrorBanner error={operation.state.error} prefix="Not created" /> : null}
        </Box>
      ) : null}
      <Text color={theme.text.secondary}>
        {isRunning ? 'Creating… this can take a few minutes.' : 'Enter create · Tab/↑↓ move · Esc cancel'}
      </Text>
    </ModalFrame>
  );
}
