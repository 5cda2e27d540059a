import type {ServiceContext} from '../context.js';
import {terminateStream} from './terminate-stream.js';

/**
 * `terminateStream` for clean-up paths that are already reporting another error: never throws; `refundWei` is
 * null when the stream could not be ended (the operation row says why, for a later run to retry).
 */
export async function terminateQuietly(
  ctx: ServiceContext,
  streamId: bigint,
  vmName: string | null,
): Promise<{refundWei: bigint | null}> {
  try {
    return {refundWei: (await terminateStream(ctx, streamId, vmName)).refundWei};
  } catch {
    return {refundWei: null};
  }
}
