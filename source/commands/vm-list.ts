import {vmStatusText, vmStatusWord} from '../lib/vm-status-text.js';
import type {Vm} from '../services/types.js';
import {requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {vmJson} from './json-shapes.js';
import {plainTable, writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

const vmRow = (vm: Vm) => [
  vm.name,
  vmStatusText(vm),
  vm.sshPort === null || vmStatusWord(vm) !== 'running' ? '—' : `${vm.sshHost ?? vm.providerIp}:${vm.sshPort}`,
  String(vm.resources.cpu),
  String(vm.resources.memory),
  String(vm.resources.storage),
  vm.streamId === null ? '—' : String(vm.streamId),
  vm.createdAt,
];

const VM_COLUMNS = [
  {header: 'Name', maxWidth: 64},
  {header: 'Status', maxWidth: 48},
  {header: 'SSH', maxWidth: 40},
  {header: 'CPU', align: 'right' as const},
  {header: 'RAM GB', align: 'right' as const},
  {header: 'Disk GB', align: 'right' as const},
  {header: 'Stream', align: 'right' as const},
  {header: 'Created'},
];

/**
 * `golem vm list` — reference §1.7; status is refreshed from the providers unless `--local` (one request per
 * provider, 2 s deadline; a provider that does not answer shows `unreachable (last seen …)`).
 */
export const vmListCommand = defineCommand({
  path: ['vm', 'list'],
  description: 'List all VMs.',
  help: `
  Usage
    $ golem vm list [--json] [--local]

  Options
    --json   Output in JSON format ({"vms": […]}, also when empty)
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

/** `golem vm info NAME` — reference §1.8. */
export const vmInfoCommand = defineCommand({
  path: ['vm', 'info'],
  description: 'Show information about a VM.',
  help: `
  Usage
    $ golem vm info NAME [--json]

  Options
    --json  Output in JSON format

  Examples
    $ golem vm info web-1
    $ golem vm info web-1 --json
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {args, flags}) {
    const name = requireVmName(args);
    const vm = await withServices(io, (services) => services.getVm(name));
    if (flags.json) writeJson(io, vmJson(vm));
    else {
      writeLines(io, [
        ...plainTable(VM_COLUMNS, [vmRow(vm)]),
        '',
        `Provider: ${vm.providerId} at ${vm.providerIp}:${vm.providerPort}`,
      ]);
    }
    return 0;
  },
});
