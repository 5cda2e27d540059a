import {ConflictError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {Vm} from '../types.js';
import {isAbandoned} from './reconcile-intent.js';

/**
 * Refuses to stop, start or destroy a VM whose create is still running in a live golem process (its row is that
 * create's name claim, issue 11 item 3): the create owns it until it finishes or fails, and cleans up after itself.
 * A claim whose process died is not refused (reconcile or the command settles it). Throws `ConflictError`.
 */
export function assertNotBeingCreated(ctx: ServiceContext, vm: Vm, action: 'stop' | 'start' | 'destroy'): void {
  if (vm.status !== 'creating' || vm.operationId == null) return;
  const owner = ctx.db.repositories.operations.listUnfinished().find((operation) => operation.id === vm.operationId);
  if (!owner || isAbandoned(owner)) return;
  throw new ConflictError({
    shortMessage: `VM '${vm.name}' is still being created by another golem run; it was not ${action === 'stop' ? 'stopped' : `${action}ed`}.`,
    hint: 'Wait for that create to finish (or press Ctrl-C there: it refunds the stream), then try again.',
  });
}
