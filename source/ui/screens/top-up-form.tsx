/**
 * The top-up form (a modal over Streams, issue 5 item 2): +30 m, +1 h, +2 h, or a typed duration (`1h30m`, `45m`,
 * `2h`, parsed strictly with the problem shown inline). The cost — the stream's rate × seconds, in bigint wei
 * (reference §6.5) — is on screen before Enter sends anything.
 */
import {Box, Text} from 'ink';
import {useState} from 'react';
import type {TopUpStreamReturnType} from '../../services/services.js';
import {ErrorBanner} from '../components/error-banner.js';
import {ModalFrame} from '../components/modal-frame.js';
import {TextField} from '../components/text-field.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import type {Modal} from '../app/router.js';
import {useServices} from '../app/services-context.js';
import {useCommands} from '../hooks/use-commands.js';
import {useOperation} from '../hooks/use-operation.js';
import {formatTopUpDuration, parseDuration} from '../parse-duration.js';
import {theme} from '../theme.js';
import {formatEthAmount} from '../format-cells.js';

/** The preset durations, in seconds, in the order they are listed. */
export const TOP_UP_PRESETS: ReadonlyArray<{readonly label: string; readonly seconds: number}> = [
  {label: '+30 m', seconds: 1800},
  {label: '+1 h', seconds: 3600},
  {label: '+2 h', seconds: 7200},
];

const CUSTOM = TOP_UP_PRESETS.length;

/** Props of `TopUpForm`. */
export type TopUpFormProps = {readonly modal: Extract<Modal, {name: 'top-up'}>; readonly isActive: boolean};

/** The form. */
export function TopUpForm({modal, isActive}: TopUpFormProps) {
  const services = useServices();
  const {closeModal, notify} = useNavigation();
  const {refresh} = useRefreshSignal();
  const [choice, setChoice] = useState(1);
  const [custom, setCustom] = useState('');
  const [isCustomEdited, setCustomEdited] = useState(false);
  const operation = useOperation<TopUpStreamReturnType>({label: `top up stream #${modal.streamId}${modal.vmName ? ` (${modal.vmName})` : ''}`});
  const isRunning = operation.state.status === 'running';
  const isCustom = choice === CUSTOM;
  const parsed = parseDuration(custom);
  const seconds = isCustom ? (parsed.seconds ?? null) : (TOP_UP_PRESETS[choice]?.seconds ?? null);
  const costWei = seconds === null ? null : BigInt(modal.ratePerSecondWei) * BigInt(seconds);
  const label = `stream #${modal.streamId}${modal.vmName ? ` (${modal.vmName})` : ''}`;

  const submit = async () => {
    if (seconds === null) {
      setCustomEdited(true);
      return;
    }
    const result = await operation.run(() => services.topUpStream({streamId: BigInt(modal.streamId), seconds}));
    if (!result) return;
    closeModal();
    notify({tone: 'success', text: `Topped up ${label} with ${formatEthAmount(result.toppedUpWei)} (+${formatTopUpDuration(seconds)}).`});
    refresh();
  };

  const move = (offset: number) => setChoice((current) => (current + offset + CUSTOM + 1) % (CUSTOM + 1));
  useCommands(
    {'form.submit': () => void submit(), 'modal.close': closeModal, 'form.next-field': () => move(1), 'form.previous-field': () => move(-1)},
    {isActive: isActive && !isRunning},
  );

  return (
    <ModalFrame title={`Top up ${label}`}>
      {TOP_UP_PRESETS.map((preset, index) => (
        <Text key={preset.label} color={index === choice ? theme.ui.focus : undefined}>
          {`${index === choice ? '›' : ' '} ${preset.label.padEnd(6)}  ${formatEthAmount(BigInt(modal.ratePerSecondWei) * BigInt(preset.seconds))}`}
        </Text>
      ))}
      <TextField
        label="Custom"
        value={custom}
        onChange={(text) => {
          setCustom(text);
          setCustomEdited(true);
        }}
        isFocused={isActive && !isRunning && isCustom}
        placeholder="e.g. 1h30m"
        error={isCustom && isCustomEdited ? parsed.problem : undefined}
      />
      <Box marginTop={1}>
        <Text bold>
          {costWei === null || seconds === null
            ? 'Cost: —'
            : `Cost: ${formatEthAmount(costWei)} for +${formatTopUpDuration(seconds)} of runway`}
        </Text>
      </Box>
      {operation.state.status === 'failed' ? <ErrorBanner error={operation.state.error} prefix="Not topped up" /> : null}
      <Text color={theme.text.secondary}>{isRunning ? 'Sending the top-up…' : '↑/↓ choose · Enter pay the cost shown · Esc cancel'}</Text>
    </ModalFrame>
  );
}
