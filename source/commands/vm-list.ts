import {vmStatusText, vmStatusWord} from '../lib/vm-status-text.js';
import {formatDuration, formatEth} from '../lib/format.js';
import type {Services} from '../services/services.js';
import type {StreamStatus, Vm} from '../services/types.js';
import {requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {vmJson} from './json-shapes.js';
import {ageText, writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

const vmRow = (vm: Vm, costs: ReadonlyMap<string, bigint> | null) => [
  vm.name,
  vmStatusText(vm),
  vm.sshPort === null || vmStatusWord(vm) !== 'running' ? '—' : `${vm.sshHost ?? vm.providerIp}:${vm.sshPort}`,
  String(vm.resources.cpu),
  String(vm.resources.memory),
  String(vm.resources.storage),
  vm.streamId === null ? '—' : String(vm.streamId),
  costs === null ? '—' : costs.has(vm.name) ? formatEth(costs.get(vm.name)!, 8) : '—',
  ageText(vm.createdAt),
];

/**
 * How long `vm list` waits for the providers and for the cost so far from the chain, ms from the command's start
 * (services loading included): the providers' deadline (2 s, issue 11), so an unreachable chain and unreachable
 * providers overlap and the list answers within 3 s (issue 16 §3) even when the RPC endpoint hangs (viem alone
 * would retry for 30 s and more).
 */
const LIST_BUDGET_MS = 2000;

/** `promise`'s value, or `fallback` when it has not settled within `ms` (the promise is left to settle unobserved). */
async function withinMs<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

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
    --json   Output in JSON format ({"vms": […]}, also when empty; created_at is the exact time)
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
      if (flags.local) return {vms: await services.listVms(), costs: null};
      // The cost read (chain) runs alongside the provider refresh and gets the same budget: an unreachable chain
      // must not add its timeouts and retries to the list (issue 16 §3). A failed or late read leaves the cost
      // unknown, not the list.
      const started = Date.now();
      const ledger = services.getLedger().then(
        (read) => ({read, error: null}),
        (error: unknown) => ({read: null, error: error instanceof Error ? error.message : String(error)}),
      );
      const listed = await services.refreshVms({deadlineAt: started + LIST_BUDGET_MS});
      if (listed.length === 0) return {vms: listed, costs: null};
      const late = {read: null, error: `the chain did not answer within ${LIST_BUDGET_MS / 1000} s (golem ledger --by vm waits for it)`};
      const outcome = await withinMs(ledger, Math.max(0, LIST_BUDGET_MS - (Date.now() - started)), late);
      if (outcome.read === null) io.stderr.write(`Cost so far unknown: ${outcome.error}\n`);
      return {vms: listed, costs: outcome.read ? new Map(outcome.read.byVm.map((row) => [row.vmName, row.spentWei])) : null};
    });
    if (flags.json) {
      writeJson(io, {vms: vms.map((vm) => ({...vmJson(vm), ...(costs ? {cost_so_far_wei: costs.get(vm.name) ?? null} : {})}))});
    } else if (vms.length === 0) {
      io.stderr.write('No VMs found. Create one with `golem vm create`.\n');
    } else {
      // Loaded only for a table: string-width costs ~25 ms of start-up that `--json` does not need (issue 16).
      const {plainTable} = await import('./plain-table.js');
      writeLines(io, plainTable(VM_COLUMNS, vms.map((vm) => vmRow(vm, costs))));
    }
    return 0;
  },
});

/** The VM's stream on the chain, or why it could not be read (the VM is shown either way). */
async function streamOf(services: Services, vm: Vm): Promise<{status: StreamStatus | null; error: string | null}> {
  if (vm.streamId === null) return {status: null, error: null};
  try {
    return {status: await services.inspectStream(vm.streamId), error: null};
  } catch (error) {
    return {status: null, error: error instanceof Error ? (('shortMessage' in error && String(error.shortMessage)) || error.message) : String(error)};
  }
}

/**
 * `golem vm info NAME` — reference §1.8, plus the stream's runway, what it cost so far, the rental's host-key alias
 * and the plain ssh command (issues 12, 14).
 */
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
    // Only `vm info` needs these; `vm list` (same module) starts without them (issue 16 §3).
    const [{streamState}, {sshCommandLine}, {sshAccessOf}, {hostKeyAliasOf}] = await Promise.all([
      import('../services/streams/stream-state.js'),
      import('./ssh-command-line.js'),
      import('../services/ssh-access/ssh-access.js'),
      import('../services/ssh-access/rental-alias.js'),
    ]);
    const {vm, stream} = await withServices(io, async (services) => {
      const found = await services.getVm(name);
      return {vm: found, stream: await streamOf(services, found)};
    });
    const paths = io.config().paths;
    const sshCommand = sshCommandLine(vm, paths);
    const {status} = stream;
    const state = status ? streamState(status, io.config().monitor.minRemainingSeconds) : null;
    if (flags.json) {
      writeJson(io, {
        ...vmJson(vm),
        host_key_alias: hostKeyAliasOf(vm),
        ssh_host_alias: sshAccessOf(paths, vm)?.sshHostName ?? null,
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
    const {plainTable} = await import('./plain-table.js');
    writeLines(io, [
      ...plainTable(VM_COLUMNS, [vmRow(vm, null)]),
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
      `Host key : pinned as ${hostKeyAliasOf(vm)} in ${paths.knownHostsPath}`,
      `SSH      : ${sshCommand ?? 'not reachable yet (no SSH port)'}`,
    ]);
    return 0;
  },
});
