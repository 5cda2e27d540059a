/**
 * The payment streams with a live runway. The list comes from `listStreams` (chain reads) on mount, on refresh
 * and every `refetchMs`; between fetches the runway counts down locally every second from the chain time of the
 * fetch: remaining = stopTime − (chainNow + seconds elapsed since the fetch). Chain time, not the local clock,
 * anchors the countdown (reference §6.6).
 */
import type {StreamView} from '../../services/services.js';
import type {StreamState} from '../../services/types.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {useAsync} from './use-async.js';
import {useInterval} from './use-interval.js';
import {useNow} from './use-now.js';

/** How often the stream list is read from the chain again, in ms. */
export const STREAM_REFETCH_MS = 10_000;

/** A stream row with its runway at this second. */
export type LiveStream = {
  readonly view: StreamView;
  /** Seconds of funding left now, or null when the chain status could not be read. */
  readonly remainingSeconds: bigint | null;
  readonly status: 'open' | 'terminated' | 'halted' | 'vanished';
  /**
   * The state at this second: the service's state from the last chain read, except that a stream whose runway
   * counted down to 0 locally is `out-of-funds` already. Null when neither the chain nor the record tells.
   */
  readonly state: StreamState | null;
  /** Seconds the stream is funded for in all (stopTime − startTime), for the runway bar; null without chain status. */
  readonly fundedSeconds: bigint | null;
  /** Chain time now (unix seconds), counted on locally from the last read; null without chain status. */
  readonly chainNow: bigint | null;
};

/** What `useStreams` returns. */
export type StreamsState = {readonly streams: LiveStream[] | undefined; readonly error: unknown; readonly isLoading: boolean};

/** Runway of `view` at `nowMs`, given that the list was fetched at `loadedAtMs`. */
export function remainingSecondsAt(view: StreamView, loadedAtMs: number, nowMs: number): bigint | null {
  const status = view.status;
  if (!status) return null;
  if (status.isTerminated) return 0n;
  const elapsed = BigInt(Math.max(0, Math.floor((nowMs - loadedAtMs) / 1000)));
  const remaining = status.chain.stopTime - (status.computed.now + elapsed);
  return remaining > 0n ? remaining : 0n;
}

/** The status word of a stream: the chain's view when known, else the local record's. */
export function streamStatusOf(view: StreamView): LiveStream['status'] {
  if (view.status?.isTerminated) return 'terminated';
  if (view.status?.chain.halted) return 'halted';
  return view.record.status;
}

/** The state of `view` now, given its live runway (see `LiveStream.state`). */
export function liveStateOf(view: StreamView, remainingSeconds: bigint | null): StreamState | null {
  const state = view.state ?? (view.record.status === 'terminated' ? 'terminated' : null);
  if ((state === 'active' || state === 'needs-top-up') && remainingSeconds === 0n) return 'out-of-funds';
  return state;
}

/** Chain time of `view` at `nowMs`, counted on from the read at `loadedAtMs`. */
function chainNowAt(view: StreamView, loadedAtMs: number, nowMs: number): bigint | null {
  if (!view.status) return null;
  return view.status.computed.now + BigInt(Math.max(0, Math.floor((nowMs - loadedAtMs) / 1000)));
}

/** Live streams; the countdown ticks every `tickMs`. */
export function useStreams({
  refetchMs = STREAM_REFETCH_MS,
  tickMs = 1000,
}: {readonly refetchMs?: number; readonly tickMs?: number} = {}): StreamsState {
  const services = useServices();
  const {version} = useRefreshSignal();
  const {data, error, isLoading, loadedAtMs, reload} = useAsync(() => services.listStreams(), [services, version]);
  useInterval(reload, refetchMs);
  const nowMs = useNow(tickMs);
  const streams = data?.map((view): LiveStream => {
    const remainingSeconds = remainingSecondsAt(view, loadedAtMs ?? nowMs, nowMs);
    const chain = view.status?.chain;
    return {
      view,
      remainingSeconds,
      status: streamStatusOf(view),
      state: liveStateOf(view, remainingSeconds),
      fundedSeconds: chain ? chain.stopTime - chain.startTime : null,
      chainNow: chainNowAt(view, loadedAtMs ?? nowMs, nowMs),
    };
  });
  return {streams, error, isLoading};
}
