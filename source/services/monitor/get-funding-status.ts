import type {ServiceContext} from '../context.js';
import type {FundingStatus} from '../types.js';

/**
 * Who funds the streams right now: this process (`self`), another golem process (`other`, with its pid, role and
 * since when) or nobody (`none`). Reads the funding lease only; no chain calls. Throws `StorageError`.
 *
 * @example
 * const status = await getFundingStatus(ctx) // {state: 'other', holder: {pid: 4242, role: 'tui', …}}
 */
export async function getFundingStatus(ctx: ServiceContext): Promise<FundingStatus> {
  return ctx.fundingLease.status();
}
