import {rentalHours} from './rental-flags.js';
import type {VmQuote} from '../services/services.js';
import {assertCanConfirm, confirm} from '../ui/prompts/confirm.js';
import {formatEth} from '../lib/format.js';
import {requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {vmJson} from './json-shapes.js';
import {writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

/** `golem vm stop NAME` — stops the VM and ends its stream (the refund is printed). */
export const vmStopCommand = defineCommand({
  path: ['vm', 'stop'],
  description: 'Stop a VM and end its payment stream.',
  help: `
  Usage
    $ golem vm stop NAME [--json]

  Options
    --json  Print the result (VM, stream, refund in wei) as JSON

  Stopping ends the stream: the unspent deposit comes back now. \`golem vm start\` funds the VM again.

  Examples
    $ golem vm stop web-1
`,
  args: [{name: 'NAME'}],
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {args, flags}) {
    const result = await withServices(io, (services) => services.stopVm(requireVmName(args)));
    if (flags.json) writeJson(io, {vm: vmJson(result.vm), stream_id: result.streamId, refund_wei: result.refundWei});
    else {
      const refund = result.isRefundUnknown
        ? `  Refund: none (no terminate was sent for stream ${result.streamId ?? '—'})`
        : `  Refund: ${formatEth(result.refundWei, 8)} (stream ${result.streamId ?? '—'} ended)`;
      writeLines(io, [`VM '${result.vm.name}' stopped.`, refund]);
    }
    return 0;
  },
});

/** `golem vm start NAME` — funds a stopped VM with a new stream and starts it. */
export const vmStartCommand = defineCommand({
  path: ['vm', 'start'],
  description: 'Start a stopped VM with a new payment stream.',
  help: `
  Usage
    $ golem vm start NAME [--hours H] [--json]

  Options
    --hours  Hours of deposit for the new stream (default: the monitor's top-up target, 2 h with the default settings)
    --yes    Do not prompt for confirmation

  Examples
    $ golem vm start web-1 --hours 2
    $ golem vm start web-1 --hours 1 --yes --json
`,
  args: [{name: 'NAME'}],
  flags: {hours: {type: 'number'}, yes: {type: 'boolean', default: false}, json: {type: 'boolean', default: false}},
  async run(io, {args, flags}) {
    const name = requireVmName(args);
    if (!flags.yes) assertCanConfirm(io, '--yes');
    const confirmQuote = async (quote: VmQuote) => {
      io.stderr.write(`Starting '${name}' opens a new stream: ${formatEth(quote.depositWei, 8)} for ${quote.hours} h (${formatEth(quote.estimate.weiPerHour, 8)}/hour).\n`);
      return confirm({...io, question: 'Open the stream and start the VM?', skipFlag: '--yes'});
    };
    const result = await withServices(io, (services) =>
      services.startVm(name, {hours: rentalHours(io, flags.hours), confirm: flags.yes ? undefined : confirmQuote}),
    );
    if (flags.json) writeJson(io, {vm: vmJson(result.vm), stream_id: result.streamId, deposit_wei: result.depositWei});
    else writeLines(io, [`VM '${result.vm.name}' is running.`, `  Stream ${result.streamId}, deposit ${formatEth(result.depositWei, 8)}`]);
    return 0;
  },
});
