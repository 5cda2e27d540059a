import {formatEth} from '../lib/format.js';
import type {ReconcileAction} from '../services/vms/reconcile.js';
import {defineCommand} from './command.js';
import {writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

/** `--json` shape of one reconcile action: wei as decimal strings (case-24). */
function actionJson(action: ReconcileAction) {
  return {
    kind: action.kind,
    vm_name: action.vmName,
    stream_id: action.streamId,
    refund_wei: action.refundWei,
    tx: action.txHash,
    message: action.message,
  };
}

/**
 * `golem vm reconcile [--json]` — settles what killed or failed runs left (issue 6 item 1): interrupted rentals
 * resumed or refunded, interrupted stops/destroys finished, mined streams recorded, recorded streams that fund no
 * VM ended. Prints what it did; exit code 1 when something could not be settled yet (`retry-later`).
 */
export const vmReconcileCommand = defineCommand({
  path: ['vm', 'reconcile'],
  description: 'Settle what an interrupted run left: resume or refund, finish stops and destroys.',
  help: `
  Usage
    $ golem vm reconcile [--json]

  Options
    --json  Print what was done as JSON

  golem writes what it is about to do before every payment and provider call, and runs this by itself before
  every command that moves money. Run it by hand after a crash or a kill to see what was settled.

  Examples
    $ golem vm reconcile
    $ golem vm reconcile --json
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const report = await withServices(io, (services) => services.reconcile({sweepStreams: true}));
    const isSettled = report.actions.every((action) => action.kind !== 'retry-later');
    if (flags.json) {
      writeJson(io, {actions: report.actions.map(actionJson), in_progress: report.inProgress});
      return isSettled ? 0 : 1;
    }
    const lines = report.actions.map((action) => {
      const refund = action.refundWei === null ? '' : ` (${formatEth(action.refundWei, 8)} back)`;
      return `  ${action.kind.padEnd(16)} ${action.message}${refund}${action.txHash ? `  tx ${action.txHash}` : ''}`;
    });
    if (lines.length === 0) lines.push('Nothing to reconcile: every operation finished.');
    else lines.unshift('Reconciled:');
    if (report.inProgress > 0) lines.push(`${report.inProgress} operation(s) belong to golem processes still running; left alone.`);
    writeLines(io, lines);
    return isSettled ? 0 : 1;
  },
});
