import {formatDuration, formatEth} from '../lib/format.js';
import type {Services} from '../services/services.js';
import {streamState} from '../services/streams/stream-state.js';
import type {StreamStatus, Vm} from '../services/types.js';
import {requireVmName} from './arguments.js';
import {defineCommand, type CommandIo} from './command.js';
import {vmJson} from './json-shapes.js';
import {ageText, plainTable, writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

const vmRow = (vm: Vm) => [
  vm.name,
  vm.status,
  vm.sshPort === null || vm.status !== 'running' ? '—' : `${vm.sshHost ?? vm.providerIp}:${vm.sshPort}`,
  String(vm.resources.cpu),
  String(vm.resources.memory),
  String(vm.resources.storage),
  vm.streamId === null ? '—' : String(vm.streamId),
  ageText(vm.createdAt),
];

const VM_COLUMNS = [
  {header: 'Name', maxWidth: 64},
  {header: 'Status'},
  {header: 'SSH', maxWidth: 40},
  {header: 'CPU', align: 'right' as const},
  {header: 'RAM GB', align: 'right' as const},
  {header: 'Disk GB', align: 'right' as const},
  {header: 'Stream', align: 'right' as const},
  {header: 'Created'},
];

/** `golem vm list` — reference §1.7; status is refreshed from the providers unless `--local`. */
export const vmListCommand = defineCommand({
  path: ['vm', 'list'],
  description: 'List all VMs.',
  help: `
  Usage
    $ golem vm list [--json] [--local]

  Options
    --json   Output in JSON format ({"vms": […]}, also when empty; created_at is the exact time)
    --local  Do not ask providers for the current status

  Examples
    $ golem vm list
    $ golem vm list --local --json | jq -r '.vms[].name'
`,
  flags: {json: {type: 'boolean', default: false}, local: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const vms = await withServices(io, (services) => (flags.local ? services.listVms() : services.refreshVms()));
    if (flags.json) {
      writeJson(io, {vms: vms.map(vmJson)});
    } else if (vms.length === 0) {
      io.stderr.write('No VMs found. Create one with `golem vm create`.\n');
    } else {
      writeLines(io, plainTable(VM_COLUMNS, vms.map(vmRow)));
    }
    return 0;
  },
});

/** The ssh command line for `vm` with golem's key and known_hosts (as `vm create` prints it), or null. */
async function sshCommandFor(io: CommandIo, vm: Vm): Promise<string | null> {
  if (vm.sshPort === null) return null;
  const [{join}, {GOLEM_KEY_NAME}, {sshCommandLine}] = await Promise.all([
    import('node:path'),
    import('../adapters/ssh/key-store.js'),
    import('./ssh-command-line.js'),
  ]);
  const {paths} = io.config();
  return sshCommandLine(vm, paths.sshKeyPath ?? join(paths.sshKeyDir, GOLEM_KEY_NAME), paths.knownHostsPath);
}

/** The VM's stream on the chain, or why it could not be read (the VM is shown either way). */
async function streamOf(services: Services, vm: Vm): Promise<{status: StreamStatus | null; error: string | null}> {
  if (vm.streamId === null) return {status: null, error: null};
  try {
    return {status: await services.inspectStream(vm.streamId), error: null};
  } catch (error) {
    return {status: null, error: error instanceof Error ? (('shortMessage' in error && String(error.shortMessage)) || error.message) : String(error)};
  }
}

/** `golem vm info NAME` — reference §1.8, plus the stream's runway, what it cost so far and the ssh command. */
export const vmInfoCommand = defineCommand({
  path: ['vm', 'info'],
  description: 'Show information about a VM.',
  help: `
  Usage
    $ golem vm info NAME [--json]

  Options
    --json  Output in JSON format

  Shows where the VM runs, its stream's runway (time left before the deposit runs out), what it cost so far
  (vested to the provider) and the plain ssh command that reaches it.

  Examples
    $ golem vm info web-1
    $ golem vm info web-1 --json
`,
  args: [{name: 'NAME'}],
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {args, flags}) {
    const name = requireVmName(args);
    const {vm, stream} = await withServices(io, async (services) => {
      const found = await services.getVm(name);
      return {vm: found, stream: await streamOf(services, found)};
    });
    const sshCommand = await sshCommandFor(io, vm);
    const {status} = stream;
    const state = status ? streamState(status, io.config().monitor.minRemainingSeconds) : null;
    if (flags.json) {
      writeJson(io, {
        ...vmJson(vm),
        ssh_command: sshCommand,
        stream: status && {
          rate_per_second_wei: status.chain.ratePerSecond,
          remaining_seconds: status.computed.remainingSeconds,
          spent_wei: status.computed.vestedWei,
          deposit_wei: status.chain.deposit,
          stop_time: status.chain.stopTime,
          state,
        },
        stream_error: stream.error,
      });
      return 0;
    }
    writeLines(io, [
      ...plainTable(VM_COLUMNS, [vmRow(vm)]),
      '',
      `Provider : ${vm.providerId} at ${vm.providerIp}:${vm.providerPort}`,
      `Created  : ${vm.createdAt} (${ageText(vm.createdAt)})`,
      ...(status
        ? [
            `Stream   : ${status.streamId} (${state}), ${status.chain.ratePerSecond} wei/s`,
            `Runway   : ${formatDuration(status.computed.remainingSeconds)} left of a ${formatEth(status.chain.deposit, 8)} deposit`,
            `Cost     : ${formatEth(status.computed.vestedWei, 8)} so far`,
          ]
        : [`Stream   : ${vm.streamId === null ? 'none' : `${vm.streamId} (not readable: ${stream.error})`}`]),
      `SSH      : ${sshCommand ?? 'not reachable yet (no SSH port)'}`,
    ]);
    return 0;
  },
});
