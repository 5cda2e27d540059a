/**
 * Building blocks of the published JSON Schemas of `--json` documents (issue 14). Every uint256 (wei, stream ids,
 * chain times) is a decimal string (design.md money rules, case-24); times are ISO 8601 strings; keys are
 * snake_case. Only tests and `npm run schemas` load these (zod stays off the CLI's start-up path).
 */
import {z} from 'zod';

/** A uint256 as a decimal string (wei, stream id, chain time in seconds). */
export const uintText = z.string().regex(/^\d+$/);
/** An ISO 8601 timestamp. */
export const isoTime = z.string().regex(/^\d{4}-\d\d-\d\dT/);
/** A 0x-prefixed 20-byte address. */
export const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
/** A 0x-prefixed 32-byte transaction hash. */
export const txHash = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
/** A signed integer as a decimal string (a balance effect or a difference, in wei). */
export const intText = z.string().regex(/^-?\d+$/);
/** A decimal USD amount with up to 18 fraction digits. */
export const usdText = z.string().regex(/^\d+(\.\d+)?$/);

/** A VM row (`vm list`, `vm info`, `vm create`). */
export const vmDocument = z.object({
  name: z.string(),
  provider_id: address,
  provider_ip: z.string(),
  provider_port: z.number().int(),
  vm_id: z.string().nullable(),
  config: z.object({
    cpu: z.number().int(),
    memory: z.number().int(),
    storage: z.number().int(),
    ssh_port: z.number().int().nullable(),
    stream_id: uintText.nullable(),
  }),
  ssh_host: z.string().nullable(),
  /** What the provider last confirmed, or `unreachable`/`missing` when it did not confirm it this time (issue 11). */
  status: z.string(),
  last_confirmed_status: z.string(),
  confirmed_at: isoTime.nullable(),
  unreachable_since: isoTime.nullable(),
  created_at: isoTime,
  /** `vm list` only (not `--local`): vested + gas so far, from the chain (issue 15). */
  cost_so_far_wei: uintText.optional(),
});

/** The computed part of a stream's state at the chain's `now`. */
export const streamComputed = z.object({
  now: uintText,
  remaining_seconds: uintText,
  vested_wei: uintText,
  withdrawable_wei: uintText,
});

/** A stream read from the chain (`vm stream status`, `vm stream inspect`). */
export const streamStatusDocument = z.object({
  stream_id: uintText,
  terminated: z.boolean(),
  chain: z.object({
    token: address,
    sender: address,
    recipient: address,
    start_time: uintText,
    stop_time: uintText,
    rate_per_second: uintText,
    deposit: uintText,
    withdrawn: uintText,
    halted: z.boolean(),
  }),
  computed: streamComputed,
  state: z.string(),
});
