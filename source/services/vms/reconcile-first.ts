import type {ServiceContext} from '../context.js';
import type {OnProgress} from '../types.js';
import {reconcile, type ReconcileReport} from './reconcile.js';

/**
 * The automatic reconcile run before a command that moves money or changes a VM: settles what killed runs left
 * (see `reconcile`) and tells the user through `onProgress` (step `reconcile`, one message per action). One indexed
 * query when nothing is unfinished. Throws what `reconcile` throws.
 */
export async function reconcileFirst(ctx: ServiceContext, onProgress: OnProgress = () => {}): Promise<ReconcileReport> {
  const report = await reconcile(ctx);
  for (const action of report.actions) onProgress({step: 'reconcile', message: action.message});
  return report;
}
