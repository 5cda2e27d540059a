/**
 * The faults a devnet proxy can inject (issue 11 item 1), as data: validated with zod because they arrive over the
 * proxy's control API (`PUT /__faults`) from tests and from the shell (`curl`).
 *
 * A proxy applies, per request: the base latency (added to every reply), then the first rule that matches the
 * request and still has uses left. The batch limit is checked before the rules for JSON-RPC batches.
 */
import {z} from 'zod';

/** Milliseconds added to each reply: a fixed value, or a uniform range `[minMs, maxMs]` drawn per request. */
export const LatencyRange = z.object({minMs: z.number().int().min(0), maxMs: z.number().int().min(0)}).refine((range) => range.maxMs >= range.minMs, {
  message: 'maxMs must be at least minMs',
});
export type LatencyRange = z.infer<typeof LatencyRange>;

/**
 * What a rule does to a matching request:
 * - `delay`: forward it, hold the reply `ms` longer than the base latency;
 * - `hang`: never forward, never answer (the client times out);
 * - `drop-reply`: forward it (the node/provider acts on it), then reset the connection instead of answering;
 * - `reset`: reset the connection without forwarding;
 * - `status`: answer HTTP `status` (e.g. 500, 503) with `body`, without forwarding;
 * - `redirect`: answer `status` (default 307) with `Location: location`, without forwarding.
 */
export const FaultAction = z.discriminatedUnion('kind', [
  z.object({kind: z.literal('delay'), ms: z.number().int().min(0)}),
  z.object({kind: z.literal('hang')}),
  z.object({kind: z.literal('drop-reply')}),
  z.object({kind: z.literal('reset')}),
  z.object({kind: z.literal('status'), status: z.number().int().min(400).max(599), body: z.string().default('')}),
  z.object({kind: z.literal('redirect'), location: z.string().min(1), status: z.number().int().min(300).max(399).default(307)}),
]);
export type FaultAction = z.infer<typeof FaultAction>;

/**
 * One rule: which requests it matches and what it does. `rpcMethod` matches a JSON-RPC call (a batch matches when
 * any of its calls does); `path` is a prefix of the HTTP path (provider API, e.g. `/api/v1/vms`); `httpMethod` the
 * verb. Every given criterion must match. `times` limits how many requests the rule applies to (omitted: all).
 */
export const FaultRule = z.object({
  rpcMethod: z.string().optional(),
  path: z.string().optional(),
  httpMethod: z.string().toUpperCase().optional(),
  action: FaultAction,
  times: z.number().int().positive().optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;

/**
 * How a JSON-RPC batch of more than `maxBatch` calls is refused, as public endpoints do:
 * `error` — HTTP 200 with one JSON-RPC error object (not an array); `413` — HTTP 413 Payload Too Large;
 * `no-batches` — every batch (any size) gets a JSON-RPC error object.
 */
export const BatchLimit = z.object({
  maxBatch: z.number().int().min(1),
  refusal: z.enum(['error', '413', 'no-batches']).default('error'),
});
export type BatchLimit = z.infer<typeof BatchLimit>;

/** The whole fault configuration of one proxy (what `PUT /__faults` takes and `GET /__faults` shows). */
export const FaultConfig = z.object({
  latency: LatencyRange.nullable().default(null),
  batchLimit: BatchLimit.nullable().default(null),
  rules: z.array(FaultRule).default([]),
});
export type FaultConfig = z.infer<typeof FaultConfig>;
/** Input accepted for a {@link FaultConfig} (defaults filled in by the schema). */
export type FaultConfigInput = z.input<typeof FaultConfig>;

/** What a request looks like to the rules. `rpcMethods` is empty for a non-JSON-RPC body. */
export type RequestFacts = {
  readonly httpMethod: string;
  readonly path: string;
  readonly rpcMethods: readonly string[];
};

/** True when `rule` applies to `request` (ignores `times`, which the proxy counts). */
export function ruleMatches(rule: FaultRule, request: RequestFacts): boolean {
  if (rule.httpMethod !== undefined && rule.httpMethod !== request.httpMethod.toUpperCase()) return false;
  if (rule.path !== undefined && !request.path.startsWith(rule.path)) return false;
  if (rule.rpcMethod !== undefined && !request.rpcMethods.includes(rule.rpcMethod)) return false;
  return true;
}

/** Draws one latency in ms from `range` (0 when null). */
export function drawLatencyMs(range: LatencyRange | null, random: () => number = Math.random): number {
  if (!range) return 0;
  return range.minMs + Math.floor(random() * (range.maxMs - range.minMs + 1));
}

/**
 * Parses a latency flag: `300ms`, `0.3s`, `300` (ms), or a range `100-500ms` / `100ms-500ms`. Returns null for text
 * that is none of these.
 *
 * @example
 * parseLatency('100-500ms') // {minMs: 100, maxMs: 500}
 */
export function parseLatency(text: string): LatencyRange | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*(?:-\s*(\d+(?:\.\d+)?)\s*(ms|s)?)?\s*$/i.exec(text);
  if (!match) return null;
  const unitOf = (unit: string | undefined, fallback: string | undefined) => (unit ?? fallback ?? 'ms').toLowerCase();
  const toMs = (value: string, unit: string) => Math.round(Number(value) * (unit === 's' ? 1000 : 1));
  const minUnit = unitOf(match[2], match[4]);
  const minMs = toMs(match[1]!, minUnit);
  const maxMs = match[3] === undefined ? minMs : toMs(match[3], unitOf(match[4], match[2]));
  const parsed = LatencyRange.safeParse({minMs, maxMs});
  return parsed.success ? parsed.data : null;
}

/** `300 ms` or `100-500 ms`, for status lines. */
export function describeLatency(range: LatencyRange | null): string {
  if (!range || range.maxMs === 0) return 'no latency';
  return range.minMs === range.maxMs ? `${range.minMs} ms` : `${range.minMs}-${range.maxMs} ms`;
}
