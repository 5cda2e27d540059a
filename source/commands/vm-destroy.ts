import {CancelledError} from '../errors.js';
import {formatEth} from '../lib/format.js';
import {confirm} from '../ui/prompts/confirm.js';
import {requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {progressToStderr, writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

/** `golem vm destroy NAME` — reference §1.12: deletes the VM, ends the stream, prints the refund. */
export const vmDestroyCommand = defineCommand({
  path: ['vm', 'destroy'],
  description: 'Destroy a VM (alias: delete).',
  help: `
  Usage
    $ golem vm destroy NAME [--yes] [--json]

  Options
    --yes   Do not prompt for confirmation
    --json  Print the result as JSON

  Examples
    $ golem vm destroy web-1
    $ golem vm delete web-1 --yes --json
`,
  args: [{name: 'NAME'}],
  flags: {yes: {type: 'boolean', default: false}, json: {type: 'boolean', default: false}},
  async run(io, {args, flags}) {
    const name = requireVmName(args);
    return withServices(io, async (services) => {
      await services.getVm(name);
      if (!flags.yes) {
        const isConfirmed = await confirm({...io, question: `Destroy VM '${name}' and end its stream?`, skipFlag: '--yes'});
        if (!isConfirmed) throw new CancelledError({shortMessage: 'Nothing was destroyed.'});
      }
      const result = await services.destroyVm(name, progressToStderr(io));
      for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
      if (flags.json) {
        writeJson(io, {name, stream_id: result.streamId, refund_wei: result.refundWei, payout_wei: result.payoutWei, tx: result.terminateTxHash});
      } else {
        writeLines(io, [
          `VM '${name}' destroyed.`,
          result.isRefundUnknown ? '  Refund : none (no terminate was sent)' : `  Refund : ${formatEth(result.refundWei, 8)} back to the wallet`,
          `  Paid   : ${formatEth(result.payoutWei, 8)} to the provider`,
        ]);
      }
      return 0;
    });
  },
});
