/**
 * The VM detail view (issue 5 item 4, `i` or → on VMs, `:info NAME`): status, resources, provider, SSH host and
 * port, the funding stream's live runway, the `ssh` command to copy (golem's own key and known_hosts, host-key
 * checking kept — reference §10.3) and the keys that act on the VM. Esc goes back to the list.
 */
import {useProviderNames} from '../app/provider-names-context.js';
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {ForwardList} from '../components/forward-list.js';
import {useForwards} from '../hooks/use-forwards.js';
import {formatDuration} from '../../lib/format.js';
import {sanitizeText} from '../../lib/sanitize.js';
import {vmStatusText, vmStatusWord} from '../../lib/vm-status-text.js';
import type {Vm} from '../../services/types.js';
import {useSshCommandFor, type SshCommandFor} from '../app/ssh-command-context.js';
import {KeyValueList} from '../components/key-value-list.js';
import {formatEthPerHour, formatStreamId, MISSING} from '../format-cells.js';
import {useStreams, type LiveStream} from '../hooks/use-streams.js';
import {formatKeys, type Command} from '../keymap.js';
import {meter} from '../meter.js';
import {theme, vmStatusColor} from '../theme.js';

/** The command to copy for `vm`, or null while it has no SSH port yet; `golem vm ssh NAME` without a builder. */
export function sshCommandText(vm: Vm, build: SshCommandFor | null): string | null {
  if (vm.sshPort === null) return null;
  return build ? build(vm) : `golem vm ssh ${vm.name}`;
}

/** `2h 05m left ▮▮▮▯▯… · 0.0036 ETH/h`, or why there is no runway to show. */
export function runwayText(stream: LiveStream | undefined, streamId: bigint | null): string {
  if (streamId === null) return 'no stream';
  if (!stream) return 'loading…';
  if (stream.status !== 'open') return `${stream.status}`;
  if (stream.remainingSeconds === null) return 'unknown (the chain could not be read)';
  const bar = stream.fundedSeconds ? ` ${meter(stream.remainingSeconds, stream.fundedSeconds, 10)}` : '';
  return `${formatDuration(stream.remainingSeconds)} left${bar} · ${formatEthPerHour(stream.view.record.ratePerSecondWei)}`;
}

const ACTIONS: ReadonlyArray<readonly [Command, string]> = [
  ['vm.ssh', 'ssh'],
  ['vm.stop', 'stop'],
  ['vm.start', 'start'],
  ['vm.destroy', 'destroy'],
  ['vm.forward-add', 'forward'],
  ['app.back', 'back'],
];

/** Props of `VmDetail`; `forwardInput` is the `LOCAL:REMOTE` field while one is being added. */
export type VmDetailProps = {readonly vm: Vm; readonly forwardInput?: ReactNode};

/** The detail of one VM (reads the streams for its runway while shown). */
export function VmDetail({vm, forwardInput}: VmDetailProps) {
  const {streams} = useStreams({display: (stream) => (stream.view.record.streamId === vm.streamId ? runwayText(stream, vm.streamId) : '')});
  const {forwards} = useForwards(vm.name);
  const buildSshCommand = useSshCommandFor();
  const providerName = useProviderNames(true).get(vm.providerId.toLowerCase());
  const stream = vm.streamId === null ? undefined : streams?.find((candidate) => candidate.view.record.streamId === vm.streamId);
  const command = sshCommandText(vm, buildSshCommand);
  return (
    <Box flexDirection="column">
      <Text bold>
        {`${sanitizeText(vm.name)}  `}
        <Text color={vmStatusColor(vmStatusWord(vm) === vm.status ? vm.status : 'unknown')}>{`● ${vmStatusText(vm)}`}</Text>
      </Text>
      <KeyValueList
        items={[
          ['Resources', `${vm.resources.cpu} cores · ${vm.resources.memory} GB RAM · ${vm.resources.storage} GB disk`],
          ['Provider', `${providerName ? `${providerName} · ` : ''}${vm.providerId} (${vm.providerIp}:${vm.providerPort})`],
          ['SSH', vm.sshPort === null ? MISSING : `${vm.sshHost ?? vm.providerIp} port ${vm.sshPort}`],
          ['Stream', `${formatStreamId(vm.streamId)}  ${runwayText(stream, vm.streamId)}`],
          ['VM id', vm.vmId],
          ['Created', vm.createdAt],
        ]}
      />
      <Box marginTop={1} flexDirection="column">
        <Text color={theme.text.secondary}>SSH command (copy):</Text>
        <Text wrap="wrap">{command ? sanitizeText(command) : 'not reachable yet: the provider has not reported an SSH port'}</Text>
      </Box>
      <Box marginTop={1} flexDirection="column">
        <ForwardList forwards={forwards} />
        {forwardInput}
      </Box>
      <Text color={theme.text.secondary} wrap="truncate-end">
        {ACTIONS.map(([commandId, label]) => `${formatKeys(commandId)} ${label}`).join(' · ')}
      </Text>
    </Box>
  );
}
