import {AppError, CancelledError} from '../errors.js';
import {formatEth} from '../lib/format.js';
import type {DestroyVmReturnType, Services} from '../services/services.js';
import type {OnProgress} from '../services/types.js';
import {assertCanConfirm, confirm} from '../ui/prompts/confirm.js';
import {defineCommand} from './command.js';
import {progressToStderr, writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

/** One VM purge destroyed: what `destroyVm` returned, and whether the VM may still exist on its provider. */
export type PurgedVm = {
  readonly result: DestroyVmReturnType;
  readonly providerId: string;
  /** The provider did not confirm the delete (unreachable): the local row is gone, the VM may linger until its ended stream stops it. */
  readonly isLeftOnProvider: boolean;
};

/** What `purgeVms` did: destroyed VMs, failures (name and message), VMs not tried, and the total refund in wei. */
export type PurgeSummary = {
  readonly purged: readonly PurgedVm[];
  readonly failed: readonly {readonly name: string; readonly error: string}[];
  /** VMs not attempted because an earlier one failed and `force` was off. */
  readonly skipped: readonly string[];
  readonly totalRefundWei: bigint;
};


/**
 * Destroys every local VM through `services.destroyVm` (each ends its stream and reports the refund), one at a time.
 * A VM whose provider is unreachable is still destroyed locally once its stream has ended — the provider stops a VM
 * whose stream ended (reference §8.3) — and is reported as left on the provider. A VM that cannot be destroyed (the
 * chain refused to end its stream) keeps its row so nothing funded is forgotten; without `force` the purge stops
 * there (reference §1.13), with `force` it goes on with the others.
 *
 * Never throws for a single VM's failure; throws what `listVms` throws.
 */
export async function purgeVms(
  services: Pick<Services, 'listVms' | 'destroyVm'>,
  {force, onProgress = () => {}}: {force: boolean; onProgress?: OnProgress},
): Promise<PurgeSummary> {
  const vms = await services.listVms();
  const purged: PurgedVm[] = [];
  const failed: {name: string; error: string}[] = [];
  const skipped: string[] = [];
  for (const vm of vms) {
    if (failed.length > 0 && !force) {
      skipped.push(vm.name);
      continue;
    }
    onProgress({step: 'purge', message: `Purging VM '${vm.name}'`});
    try {
      const result = await services.destroyVm(vm.name, onProgress);
      purged.push({result, providerId: vm.providerId, isLeftOnProvider: !result.isDeleteConfirmed});
    } catch (error) {
      failed.push({name: vm.name, error: error instanceof AppError ? error.shortMessage : String(error)});
    }
  }
  return {purged, failed, skipped, totalRefundWei: purged.reduce((sum, {result}) => sum + result.refundWei, 0n)};
}

function summaryJson(summary: PurgeSummary) {
  return {
    purged: summary.purged.map(({result, providerId, isLeftOnProvider}) => ({
      name: result.name,
      provider_id: providerId,
      stream_id: result.streamId,
      refund_wei: result.refundWei,
      payout_wei: result.payoutWei,
      tx: result.terminateTxHash,
      left_on_provider: isLeftOnProvider,
      warnings: result.warnings,
    })),
    failed: summary.failed,
    skipped: summary.skipped,
    total_refund_wei: summary.totalRefundWei,
  };
}

function summaryLines(summary: PurgeSummary): string[] {
  const total = summary.purged.length + summary.failed.length + summary.skipped.length;
  const lines = [`Purged ${summary.purged.length} of ${total} VM${total === 1 ? '' : 's'}.`];
  for (const {result, providerId, isLeftOnProvider} of summary.purged) {
    lines.push(`  ✓ ${result.name}: destroyed, refund ${formatEth(result.refundWei, 8)}`);
    if (isLeftOnProvider) {
      lines.push(`      left on provider ${providerId}: it did not confirm the delete; the VM stops because its stream ended.`);
    }
  }
  for (const {name, error} of summary.failed) lines.push(`  ✗ ${name}: ${error} (kept in the local list)`);
  for (const name of summary.skipped) lines.push(`  - ${name}: not tried (an earlier VM failed; --force goes on after failures)`);
  lines.push(`  Total refund: ${formatEth(summary.totalRefundWei, 8)}`);
  return lines;
}

/** `golem vm purge [--force] [--yes] [--json]` — reference §1.13: destroys every VM golem knows. */
export const vmPurgeCommand = defineCommand({
  path: ['vm', 'purge'],
  description: 'Destroy every VM golem knows, ending their streams.',
  help: `
  Usage
    $ golem vm purge [--yes] [--force] [--json]

  Options
    --yes    Do not prompt for confirmation (needed when stdin is not a terminal)
    --force  Go on with the other VMs after one fails (without it, purge stops at the first failure)
    --json   Print a summary as JSON

  Every VM is destroyed as by golem vm destroy: deleted on its provider, its stream ended and the unspent deposit
  refunded. A VM whose provider cannot be reached is removed locally once its stream has ended (the provider stops
  it) and reported as left on the provider. A VM whose stream cannot be ended stays in the list.

  Examples
    $ golem vm purge
    $ golem vm purge --yes --force --json
`,
  flags: {
    force: {type: 'boolean', default: false},
    yes: {type: 'boolean', default: false},
    json: {type: 'boolean', default: false},
  },
  async run(io, {flags}) {
    if (!flags.yes) assertCanConfirm(io, '--yes');
    return withServices(io, async (services) => {
      const vms = await services.listVms();
      if (vms.length === 0) {
        io.stderr.write('No VMs found to purge.\n');
        if (flags.json) writeJson(io, summaryJson({purged: [], failed: [], skipped: [], totalRefundWei: 0n}));
        return 0;
      }
      if (!flags.yes) {
        const names = vms.map((vm) => vm.name).join(', ');
        const question = `Destroy all ${vms.length} VM${vms.length === 1 ? '' : 's'} (${names}) and end their streams?`;
        if (!(await confirm({...io, question, skipFlag: '--yes'}))) throw new CancelledError({shortMessage: 'Nothing was purged.'});
      }
      const summary = await purgeVms(services, {force: flags.force, onProgress: progressToStderr(io)});
      for (const {result} of summary.purged) for (const warning of result.warnings) io.stderr.write(`warning: ${result.name}: ${warning}\n`);
      if (flags.json) writeJson(io, summaryJson(summary));
      else writeLines(io, summaryLines(summary));
      return summary.failed.length > 0 ? 1 : 0;
    });
  },
});
