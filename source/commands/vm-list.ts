import {vmStatusText, vmStatusWord} from '../lib/vm-status-text.js';
import {formatEth} from '../lib/format.js';
import type {Vm} from '../services/types.js';
import {requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {vmJson} from './json-shapes.js';
import {plainTable, writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';
import {sshCommandLine} from './ssh-command-line.js';
import {sshAccessOf} from '../services/ssh-access/ssh-access.js';
import {hostKeyAliasOf} from '../services/ssh-access/rental-alias.js';

const vmRow = (vm: Vm, costs: ReadonlyMap<string, bigint> | null) => [
  vm.name,
  vmStatusText(vm),
  vm.sshPort === null || vmStatusWord(vm) !== 'running' ? '—' : `${vm.sshHost ?? vm.providerIp}:${vm.sshPort}`,
  String(vm.resources.cpu),
  String(vm.resources.memory),
  String(vm.resources.storage),
  vm.streamId === null ? '—' : String(vm.streamId),
  costs === null ? '—' : costs.has(vm.name) ? formatEth(costs.get(vm.name)!, 8) : '—',
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
  {header: 'Cost', align: 'right' as const},
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
    --local  Do not ask providers for the current status (nor the chain for the cost so far)

  Cost is what each VM has cost so far: what vested to its providers plus the gas of its transactions, read
  from the chain (golem ledger --by vm has the detail).

  Examples
    $ golem vm list
    $ golem vm list --local --json | jq -r '.vms[].name'
`,
  flags: {json: {type: 'boolean', default: false}, local: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const {vms, costs} = await withServices(io, async (services) => {
      const listed = await (flags.local ? services.listVms() : services.refreshVms());
      if (flags.local || listed.length === 0) return {vms: listed, costs: null};
      // Cost so far per VM comes from the chain (golem ledger); a failed read leaves it unknown, not the list.
      const ledger = await services.getLedger().catch((error: unknown) => {
        io.stderr.write(`Cost so far unknown: ${error instanceof Error ? error.message : String(error)}\n`);
        return null;
      });
      return {vms: listed, costs: ledger ? new Map(ledger.byVm.map((row) => [row.vmName, row.spentWei])) : null};
    });
    if (flags.json) {
      writeJson(io, {vms: vms.map((vm) => ({...vmJson(vm), ...(costs ? {cost_so_far_wei: costs.get(vm.name) ?? null} : {})}))});
    } else if (vms.length === 0) {
      io.stderr.write('No VMs found. Create one with `golem vm create`.\n');
    } else {
      writeLines(io, plainTable(VM_COLUMNS, vms.map((vm) => vmRow(vm, costs))));
    }
    return 0;
  },
});

/** `golem vm info NAME` — reference §1.8, plus the rental's host-key alias and the plain ssh command (issue 12). */
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
    const paths = io.config().paths;
    const command = sshCommandLine(vm, paths);
    const access = sshAccessOf(paths, vm);
    if (flags.json) writeJson(io, {...vmJson(vm), host_key_alias: hostKeyAliasOf(vm), ssh_host_alias: access?.sshHostName ?? null, ssh_command: command});
    else {
      writeLines(io, [
        ...plainTable(VM_COLUMNS, [vmRow(vm, null)]),
        '',
        `Provider: ${vm.providerId} at ${vm.providerIp}:${vm.providerPort}`,
        `Host key: pinned as ${hostKeyAliasOf(vm)} in ${paths.knownHostsPath}`,
        ...(command ? [`SSH     : golem vm ssh ${vm.name}`, `          ${command}`] : []),
      ]);
    }
    return 0;
  },
});
