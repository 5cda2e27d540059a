/**
 * The create wizard (a modal over Providers, issue 5 item 3), in three steps:
 * 1. form — name (validated live against the provider's rules), cpu, memory, storage and hours, with the live
 *    quote (ETH and USD per hour, the deposit); Enter shows problems next to their fields or goes on;
 * 2. confirm — what will be rented and paid (spec, hours, per hour and deposit in ETH and USD); Enter pays, Esc
 *    goes back to the form;
 * 3. create — `services.createVm`'s steps as they happen, each with its elapsed time (stream sent → mined → VM
 *    requested → job ready → SSH reachable). Esc or Ctrl-C aborts the `AbortSignal` createVm takes: the service
 *    ends the stream and refunds the deposit if one was opened, drops a VM the provider accepted, and its message
 *    (shown here) says what exists. On success the App switches to VMs with the new VM selected.
 */
import {Box, Text} from 'ink';
import {useRef, useState} from 'react';
import {formatUsd} from '../../lib/format.js';
import type {Progress} from '../../services/types.js';
import type {CreateVmReturnType} from '../../services/services.js';
import {ErrorBanner} from '../components/error-banner.js';
import {ModalFrame} from '../components/modal-frame.js';
import {QuoteSummary} from '../components/quote-summary.js';
import {TextField} from '../components/text-field.js';
import {useInterruptHandler} from '../app/interrupt-context.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import type {Modal} from '../app/router.js';
import {useServices} from '../app/services-context.js';
import {useCommands} from '../hooks/use-commands.js';
import {useFocusHints} from '../app/hints-context.js';
import {CREATE_VM_FIELD_ORDER, useCreateVmForm} from '../hooks/use-create-vm-form.js';
import {useNow} from '../hooks/use-now.js';
import {useOperation, type OperationState} from '../hooks/use-operation.js';
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

/** A progress line with when it arrived (ms since the create started). */
type TimedProgress = Progress & {readonly atMs: number};

/** Seconds with one decimal, e.g. `12.3 s`. */
function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/**
 * The create timeline from createVm's steps (create-vm.ts: `stream` opening the payment stream, `create` once it
 * is mined and the VM is asked for, `boot` once the provider took the job, then success when SSH answers): one line
 * per milestone reached, with the time since the start. Earlier steps (`key`, `verify`) are shown as they are.
 */
export function createTimeline(
  lines: readonly TimedProgress[],
  outcome: {readonly status: 'running' | 'done' | 'failed'; readonly atMs: number | null; readonly sshAddress?: string | undefined},
): {readonly text: string; readonly atMs: number; readonly isCurrent: boolean}[] {
  const timeline: {text: string; atMs: number; isCurrent: boolean}[] = [];
  const at = (step: string) => lines.find((line) => line.step === step);
  for (const line of lines) {
    if (line.step === 'stream') timeline.push({text: `Payment stream sent: ${line.message}`, atMs: line.atMs, isCurrent: false});
    else if (line.step === 'create') {
      if (at('stream')) timeline.push({text: 'Stream mined', atMs: line.atMs, isCurrent: false});
      timeline.push({text: `VM requested: ${line.message}`, atMs: line.atMs, isCurrent: false});
    } else if (line.step === 'boot') timeline.push({text: `Job ready on the provider: ${line.message}`, atMs: line.atMs, isCurrent: false});
    else timeline.push({text: line.message, atMs: line.atMs, isCurrent: false});
  }
  if (outcome.status === 'done' && outcome.atMs !== null) {
    timeline.push({text: `SSH reachable${outcome.sshAddress ? ` at ${outcome.sshAddress}` : ''}`, atMs: outcome.atMs, isCurrent: false});
  } else if (outcome.status === 'running' && timeline.length > 0) {
    timeline[timeline.length - 1]!.isCurrent = true;
  }
  return timeline;
}

/** The wizard. */
export function CreateVmForm({modal, isActive}: CreateVmFormProps) {
  const services = useServices();
  const {navigate, select, notify, closeModal} = useNavigation();
  const {refresh} = useRefreshSignal();
  const form = useCreateVmForm(modal.available);
  const quote = useVmQuote(form.priced ? {providerId: modal.providerId, ...form.priced} : null);
  const operation = useOperation<CreateVmReturnType>({
    label: `create ${form.request?.name ?? 'a VM'}`,
    describe: (result) => `Created ${result.vm.name}.`,
  });
  const [step, setStep] = useState<'form' | 'confirm' | 'create'>('form');
  const [isCancelling, setCancelling] = useState(false);
  const abortRef = useRef<AbortController | null>(null);
  const startRef = useRef(0);
  const timesRef = useRef<number[]>([]);
  const stepsRef = useRef<Set<string>>(new Set());
  const [endedAtMs, setEndedAtMs] = useState<number | null>(null);
  const isRunning = operation.state.status === 'running';
  const request = form.request;

  const goOn = () => {
    if (!form.attemptSubmit()) return;
    operation.reset();
    setStep('confirm');
  };

  const create = async () => {
    if (!request) return setStep('form');
    const controller = new AbortController();
    abortRef.current = controller;
    startRef.current = Date.now();
    timesRef.current = [];
    stepsRef.current = new Set();
    setEndedAtMs(null);
    setCancelling(false);
    setStep('create');
    const result = await operation.run((onProgress) =>
      services.createVm({...request, providerId: modal.providerId, signal: controller.signal}, (line) => {
        timesRef.current = [...timesRef.current, Date.now() - startRef.current];
        stepsRef.current.add(line.step);
        onProgress(line);
      }),
    );
    setEndedAtMs(Date.now() - startRef.current);
    abortRef.current = null;
    // Refused before anything was paid (a taken name, a bad request): back to the form, input kept, reason shown.
    if (!result && !stepsRef.current.has('stream')) setStep('form');
    if (!result) return;
    navigate({name: 'vms'});
    select('vms', {key: result.vm.name, index: 0});
    const deposit = result.depositWei === null ? '' : `, deposit ${formatEthAmount(result.depositWei)}`;
    notify({
      tone: 'success',
      text: `Created ${result.vm.name} (stream #${result.streamId}${deposit}) in ${seconds(Date.now() - startRef.current)}. Enter opens a shell.`,
      hint: `Plain ssh uses the key ${result.sshKeyPath}.`,
    });
    refresh();
  };

  /** Esc / Ctrl-C while creating: abort once; createVm ends the stream and says what is left. */
  const cancel = () => {
    if (!abortRef.current || abortRef.current.signal.aborted) return;
    setCancelling(true);
    abortRef.current.abort();
  };
  // A second Ctrl-C quits at once: say what exists so far (the progress lines), and where to look next.
  const describeProgress = (): string[] => {
    const done = operation.state.status === 'idle' ? [] : operation.state.progress.map((line) => `  ${line.message}`);
    return [
      `Quit while creating ${request?.name ?? 'a VM'} on ${modal.providerLabel}${done.length > 0 ? '. Done so far:' : ' (nothing was sent yet).'}`,
      ...done,
      'Each step was recorded before it ran: `golem vm list` shows the VM and its stream, and golem settles the unfinished operation on its next run.',
    ];
  };
  useInterruptHandler(isRunning ? cancel : null, describeProgress);

  useCommands(
    {
      'form.submit': () => goOn(),
      'form.next-field': form.focusNext,
      'form.previous-field': form.focusPrevious,
      'modal.close': closeModal,
    },
    {isActive: isActive && step === 'form'},
  );
  // Nothing is paid before the price is on screen.
  useCommands(
    {'form.submit': quote.quote ? () => void create() : undefined, 'modal.close': () => setStep('form')},
    {isActive: isActive && step === 'confirm'},
  );
  useCommands({'modal.close': cancel}, {isActive: isActive && step === 'create' && isRunning});
  useCommands(
    {'modal.close': () => (operation.reset(), setStep('form')), 'form.submit': () => (operation.reset(), setStep('form'))},
    {isActive: isActive && step === 'create' && operation.state.status === 'failed'},
  );

  useFocusHints(
    step === 'form'
      ? [['form.submit', 'review'], ['form.next-field', 'next field'], ['modal.close', 'cancel']]
      : step === 'confirm'
        ? quote.quote
          ? [['form.submit', 'pay and create'], ['modal.close', 'back to the form']]
          : [['modal.close', 'back to the form']]
        : isRunning
          ? [['modal.close', isCancelling ? 'cancelling…' : 'cancel safely']]
          : [['form.submit', 'back to the form'], ['modal.close', 'back']],
  );

  if (step === 'confirm' && request) {
    return (
      <ModalFrame title={`Create ${request.name} on ${modal.providerLabel}?`}>
        <Text>{`VM       ${request.name}: ${request.resources.cpu} cores, ${request.resources.memory} GB memory, ${request.resources.storage} GB disk`}</Text>
        <Text>{`Hours    ${request.hours} h of deposit (the stream pays by the second; the unspent part comes back)`}</Text>
        {quote.quote ? (
          <>
            <Text>{`Per hour ${formatEthAmount(quote.quote.estimate.weiPerHour)}  (${formatUsd(quote.quote.estimate.usdPerHour)})`}</Text>
            <Text bold>
              {`Deposit  ${formatEthAmount(quote.quote.depositWei)}  (${formatUsd(quote.quote.estimate.usdPerHour * BigInt(request.hours))}) + gas up to ${formatEthAmount(quote.quote.maxGasWei)}`}
            </Text>
          </>
        ) : (
          <QuoteSummary quote={quote.quote} error={quote.error} isLoading={quote.isLoading} />
        )}
        <Text color={theme.text.secondary}>{quote.quote ? 'Enter pay and create · Esc back to the form' : 'Waiting for the price · Esc back to the form'}</Text>
      </ModalFrame>
    );
  }

  if (step === 'create') {
    return (
      <CreateProgress
        title={`Creating ${request?.name ?? ''} on ${modal.providerLabel}`}
        state={operation.state}
        times={timesRef.current}
        startMs={startRef.current}
        endedAtMs={endedAtMs}
        isCancelling={isCancelling}
      />
    );
  }

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
            isFocused={isActive && step === 'form' && form.focused === field}
            error={form.visibleErrors[field]}
            placeholder={field === 'name' ? 'e.g. web-1' : ''}
            suffix={SUFFIXES[field]}
          />
        ))}
      </Box>
      <QuoteSummary quote={quote.quote} error={quote.error} isLoading={quote.isLoading} />
      {quote.quote && form.priced ? (
        <Text color={theme.text.secondary}>{`Deposit in USD: ${formatUsd(quote.quote.estimate.usdPerHour * BigInt(form.priced.hours))}`}</Text>
      ) : null}
      {operation.state.status === 'failed' ? <ErrorBanner error={operation.state.error} prefix="Not created" /> : null}
      <Text color={theme.text.secondary}>Enter review and confirm · Tab/↑↓ move · Esc cancel</Text>
    </ModalFrame>
  );
}

/** Props of `CreateProgress`. */
type CreateProgressProps = {
  readonly title: string;
  readonly state: OperationState<CreateVmReturnType>;
  /** When each progress line arrived, ms since `startMs`. */
  readonly times: readonly number[];
  readonly startMs: number;
  readonly endedAtMs: number | null;
  readonly isCancelling: boolean;
};

/** The create steps with elapsed times; only this part ticks (every second while running). */
function CreateProgress({title, state, times, startMs, endedAtMs, isCancelling}: CreateProgressProps) {
  const isRunning = state.status === 'running';
  const nowMs = useNow(isRunning ? 1000 : 3_600_000);
  const progress = state.status === 'idle' ? [] : state.progress;
  const lines = progress.map((line, index) => ({...line, atMs: times[index] ?? 0}));
  const vm = state.status === 'done' ? state.result.vm : undefined;
  const timeline = createTimeline(lines, {
    status: state.status === 'idle' ? 'running' : state.status,
    atMs: endedAtMs,
    sshAddress: vm && vm.sshPort !== null ? `${vm.sshHost ?? vm.providerIp}:${vm.sshPort}` : undefined,
  });
  return (
    <ModalFrame title={title}>
      {timeline.map((line, index) => (
        <Text key={index} color={line.isCurrent ? theme.status.info : theme.text.secondary}>
          {`${line.isCurrent ? '…' : '✔'} ${line.text}  ${line.isCurrent ? `(${seconds(nowMs - startMs - line.atMs)} so far)` : `at ${seconds(line.atMs)}`}`}
        </Text>
      ))}
      {isRunning ? <Text color={theme.text.secondary}>{`Elapsed ${seconds(nowMs - startMs)}`}</Text> : null}
      {state.status === 'failed' ? <ErrorBanner error={state.error} prefix={isCancelling ? 'Cancelled' : 'Not created'} /> : null}
      <Text color={isCancelling && isRunning ? theme.status.warning : theme.text.secondary}>
        {isRunning
          ? isCancelling
            ? 'Cancelling safely: ending the stream and refunding the deposit if one was opened…'
            : 'Creating… this can take a few minutes. Esc or Ctrl-C cancels safely.'
          : state.status === 'failed'
            ? 'Enter or Esc back to the form'
            : ''}
      </Text>
    </ModalFrame>
  );
}
