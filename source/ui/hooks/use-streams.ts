/**
 * The payment streams with a live runway. The list comes from `listStreams` (chain reads) on mount, on refresh
 * and every `refetchMs`; between fetches the runway counts down locally from the chain time of the fetch:
 * remaining = stopTime − (chainNow + seconds elapsed since the fetch). Chain time, not the local clock,
 * anchors the countdown (reference §6.6).
 *
 * Idle cost (issue 16): nothing ticks while no stream counts down; a re-read whose streams differ only in the chain
 * time of the read draws nothing (the local countdown already shows it); and with `display` the clock re-renders
 * only when the text a screen shows of some stream changes (a runway of days changes its text once an hour).
 */
import type {StreamView} from '../../services/services.js';
import type {StreamState} from '../../services/types.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {useAsync} from './use-async.js';
import {useInterval} from './use-interval.js';

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
export type StreamsState = {
  /** The streams as last drawn (their countdown as of the last render). */
  readonly streams: LiveStream[] | undefined;
  readonly error: unknown;
  readonly isLoading: boolean;
  /**
   * The streams at this moment, for amounts worked out when a key is pressed (a refund estimate): the drawn ones
   * may be older than a second when `display` holds renders back.
   */
  readonly streamsNow: () => LiveStream[] | undefined;
};

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

/** Options of `useStreams`. */
export type UseStreamsOptions = {
  /** How often the list is read from the chain again, ms. @default STREAM_REFETCH_MS */
  readonly refetchMs?: number;
  /** How often the countdown is looked at, ms. @default 1000 */
  readonly tickMs?: number;
  /**
   * What the caller shows of one stream (its cells' text). With it, a tick re-renders only when some stream's text
   * changed; without it, every tick while a stream counts down re-renders. Read through a ref (may be inline).
   */
  readonly display?: ((stream: LiveStream) => string) | undefined;
};

/** A stream that counts down: chain status known, not terminated, runway left at the read. */
function isCountingDown(view: StreamView): boolean {
  return view.status !== null && !view.status.isTerminated && view.status.computed.remainingSeconds > 0n;
}

/**
 * True when two reads of the stream list draw the same at the same moment: equal but for the chain time of the read
 * and what is computed from it (`computed`: now, remaining, vested, withdrawable), which the local countdown
 * extrapolates from the first read. The state (e.g. `needs-top-up`) is compared, so a change of it is drawn.
 */
export function sameStreamsButTime(left: readonly StreamView[] | undefined, right: readonly StreamView[] | undefined): boolean {
  const key = (views: readonly StreamView[] | undefined) =>
    JSON.stringify(views?.map((view) => ({...view, status: view.status ? {...view.status, computed: null} : null})), (_key, value: unknown) =>
      typeof value === 'bigint' ? `${value}n` : value,
    );
  return key(left) === key(right);
}

/** The live rows of `data` at `nowMs` (read at `loadedAtMs`). */
function liveStreams(data: readonly StreamView[], loadedAtMs: number, nowMs: number): LiveStream[] {
  return data.map((view): LiveStream => {
    const remainingSeconds = remainingSecondsAt(view, loadedAtMs, nowMs);
    const chain = view.status?.chain;
    return {
      view,
      remainingSeconds,
      status: streamStatusOf(view),
      state: liveStateOf(view, remainingSeconds),
      fundedSeconds: chain ? chain.stopTime - chain.startTime : null,
      chainNow: chainNowAt(view, loadedAtMs, nowMs),
    };
  });
}

/** Live streams; the countdown is looked at every `tickMs` while a stream counts down (see `UseStreamsOptions`). */
export function useStreams({refetchMs = STREAM_REFETCH_MS, tickMs = 1000, display}: UseStreamsOptions = {}): StreamsState {
  const services = useServices();
  const {version} = useRefreshSignal();
  const {data, error, isLoading, loadedAtMs, reload} = useAsync(() => services.listStreams(), [services, version], {skipUnchanged: sameStreamsButTime});
  useInterval(reload, refetchMs);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const displayRef = useRef(display);
  displayRef.current = display;
  const shownRef = useRef('');
  const anchorMs = loadedAtMs ?? nowMs;
  const isTicking = data?.some(isCountingDown) ?? false;
  useEffect(() => {
    if (!data || !isTicking) return;
    const timer = setInterval(() => {
      const now = Date.now();
      const show = displayRef.current;
      if (!show || liveStreams(data, anchorMs, now).map(show).join('\n') !== shownRef.current) setNowMs(now);
    }, tickMs);
    return () => clearInterval(timer);
  }, [data, anchorMs, isTicking, tickMs]);
  const streams = useMemo(() => (data ? liveStreams(data, anchorMs, nowMs) : undefined), [data, anchorMs, nowMs]);
  shownRef.current = streams && display ? streams.map(display).join('\n') : '';
  const streamsNow = useCallback(() => (data ? liveStreams(data, anchorMs, Date.now()) : undefined), [data, anchorMs]);
  return {streams, error, isLoading, streamsNow};
}
