/**
 * The funds audit's kill points (issue 11 "Done when"): which golem command is killed, and when. Kills are timed
 * inside the windows a real network opens: on a named step (source/lib/kill-point.ts), while the reply to
 * `eth_sendRawTransaction` is held back after the node accepted the transaction, after that reply was dropped,
 * while the receipt is awaited, or at a random moment.
 */

/** The operations under audit. `purge` destroys every VM of the home. */
export const AUDITED_OPERATIONS = ['create', 'top-up', 'stop', 'destroy', 'purge'] as const;
export type AuditedOperation = (typeof AUDITED_OPERATIONS)[number];

/**
 * When the process is killed (SIGKILL):
 * - `step`: at a named step of the rental (`GOLEM_TEST_KILL_AT`);
 * - `send-window`: `offsetMs` after the `eth_sendRawTransaction` request reached the node, whose reply the proxy holds
 *   back for `holdMs` (the node has the transaction; golem has not heard back);
 * - `dropped-reply`: the reply to `eth_sendRawTransaction` is dropped (connection reset after the node accepted it),
 *   then the process is killed `offsetMs` later, while it works out what happened;
 * - `receipt-wait`: `offsetMs` after the first receipt poll that follows the send;
 * - `random`: `offsetMs` after the process started.
 */
export type KillTiming =
  | {readonly kind: 'step'; readonly step: string}
  | {readonly kind: 'send-window'; readonly offsetMs: number; readonly holdMs: number}
  | {readonly kind: 'dropped-reply'; readonly offsetMs: number}
  | {readonly kind: 'receipt-wait'; readonly offsetMs: number}
  | {readonly kind: 'random'; readonly offsetMs: number};

/** One kill point: a numbered operation and its kill timing. */
export type KillPoint = {readonly index: number; readonly operation: AuditedOperation; readonly timing: KillTiming};

/** Named steps each operation reaches (source/lib/kill-point.ts KILL_STEPS). */
const STEPS: Readonly<Record<AuditedOperation, readonly string[]>> = {
  create: ['create:intent', 'create-stream:sent', 'create:stream-mined', 'create:vm-requested', 'create:vm-ready'],
  'top-up': ['top-up:intent', 'top-up:sent'],
  stop: ['stop:intent', 'stop:provider-stopped', 'terminate:sent'],
  destroy: ['destroy:intent', 'destroy:provider-deleted', 'terminate:sent', 'destroy:terminated'],
  purge: ['destroy:intent', 'destroy:provider-deleted', 'terminate:sent', 'destroy:terminated'],
};

/** A small deterministic PRNG (mulberry32), so a run is repeatable from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The timings tried for `operation`, in order: every named step, then the send-window family. */
function timingsFor(operation: AuditedOperation, random: () => number): KillTiming[] {
  const hold = 2500;
  return [
    ...STEPS[operation].map((step): KillTiming => ({kind: 'step', step})),
    {kind: 'send-window', offsetMs: 0, holdMs: hold},
    {kind: 'send-window', offsetMs: 50 + Math.floor(random() * 200), holdMs: hold},
    {kind: 'send-window', offsetMs: 800 + Math.floor(random() * 1500), holdMs: hold},
    {kind: 'dropped-reply', offsetMs: Math.floor(random() * 600)},
    {kind: 'receipt-wait', offsetMs: Math.floor(random() * 1500)},
    {kind: 'random', offsetMs: 300 + Math.floor(random() * (operation === 'create' ? 12_000 : 5_000))},
  ];
}

/**
 * `count` kill points, cycling through the operations in turn and, per operation, through its timings (named steps
 * first, then the send window, dropped reply, receipt wait, random), with offsets drawn from `seed`.
 *
 * @example
 * planKillPoints(200, 1).filter((point) => point.operation === 'create').length // 40
 */
export function planKillPoints(count: number, seed: number): KillPoint[] {
  const random = seededRandom(seed);
  const perOperation = new Map(AUDITED_OPERATIONS.map((operation) => [operation, {next: 0, timings: timingsFor(operation, random)}]));
  const points: KillPoint[] = [];
  for (let index = 0; index < count; index++) {
    const operation = AUDITED_OPERATIONS[index % AUDITED_OPERATIONS.length]!;
    const cursor = perOperation.get(operation)!;
    if (cursor.next >= cursor.timings.length) Object.assign(cursor, {next: 0, timings: timingsFor(operation, random)});
    points.push({index, operation, timing: cursor.timings[cursor.next++]!});
  }
  return points;
}

/** `create @ send-window +120ms (reply held 2500ms)`, for logs and the report. */
export function describeKillPoint({operation, timing}: KillPoint): string {
  switch (timing.kind) {
    case 'step':
      return `${operation} @ step ${timing.step}`;
    case 'send-window':
      return `${operation} @ send window +${timing.offsetMs}ms (reply held ${timing.holdMs}ms)`;
    case 'dropped-reply':
      return `${operation} @ dropped sendRawTransaction reply +${timing.offsetMs}ms`;
    case 'receipt-wait':
      return `${operation} @ receipt wait +${timing.offsetMs}ms`;
    case 'random':
      return `${operation} @ random +${timing.offsetMs}ms`;
  }
}
