import type {ServiceContext} from '../context.js';
import type {Vm} from '../types.js';
import {observeVms, recordObservations} from './observe-vms.js';
import {isAbandoned} from './reconcile-intent.js';

/** How long `vm list` waits for providers before showing the rest as unreachable, ms (issue 11: answer within 3 s, start-up included). */
export const VM_LIST_DEADLINE_MS = 2000;

/** The least time providers get when a caller's absolute deadline is (nearly) spent before the pass starts, ms. */
const MIN_DEADLINE_MS = 500;

/** Options of {@link refreshVms}. */
export type RefreshVmsOptions = {
  /** Deadline for the whole pass, ms. @default VM_LIST_DEADLINE_MS */
  readonly deadlineMs?: number | undefined;
  /**
   * Absolute deadline (a `Date.now()` time, ms), so a caller's own start-up counts against it (`vm list` answers
   * within 3 s of being run, issue 16 §3). The pass then ends at the earlier of the two, yet gives providers at
   * least 0.5 s.
   */
  readonly deadlineAt?: number | undefined;
};

/**
 * Reconciles local VM status with the providers (the reference never did, §3) and dates it (issue 11 item 4): one
 * `GET /vms` per provider, in parallel, under one deadline (`observeVms`). A VM the provider confirms gets its status
 * and `confirmedAt`; one it cannot be asked about (timeout, refused, 5xx, redirect, deadline) keeps its last confirmed
 * status and gets `unreachableSince` — shown as `unreachable (last seen …)`, never as a fresh `running`; only a
 * confirmed "not found" makes it `deleted` (a single 404 sets `notFoundAt` and waits for a second). Rows already
 * `deleted`, and the row of a create still running in a live process (its name claim), are not asked about.
 * Never throws for provider failures; throws `StorageError`.
 */
export async function refreshVms(ctx: ServiceContext, {deadlineMs: maxMs = VM_LIST_DEADLINE_MS, deadlineAt}: RefreshVmsOptions = {}): Promise<Vm[]> {
  const deadlineMs = deadlineAt === undefined ? maxMs : Math.max(MIN_DEADLINE_MS, Math.min(maxMs, deadlineAt - Date.now()));
  const {vms, operations} = ctx.db.repositories;
  const liveCreates = new Set(operations.listUnfinished().filter((operation) => !isAbandoned(operation)).map((operation) => operation.id));
  const candidates = vms.list().filter((vm) => vm.status !== 'deleted' && !(vm.operationId != null && liveCreates.has(vm.operationId)));
  if (candidates.length > 0) {
    recordObservations(ctx, await observeVms(ctx, candidates, {deadlineMs}));
  }
  return vms.list();
}
