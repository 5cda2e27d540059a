/**
 * zod schemas of the provider HTTP API bodies as the requestor reads them (reference §4). Bodies are parsed
 * with `parseJsonLossless` first, so integers above 2^53 arrive here as digit strings. Unknown extra fields are
 * ignored (the provider adds fields over time). Every string that reaches the UI is passed through
 * `sanitizeText`.
 */
import {getAddress, isAddress, type Address} from 'viem';
import {z} from 'zod';
import {sanitizeText} from '../../lib/sanitize.js';

/** A string from the provider, control characters stripped. */
export const ProviderText = z.string().transform(sanitizeText);

/** A non-negative integer that may exceed 2^53: a JSON number or a string of digits (wei, ids, seconds). */
export const BigIntValue = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .transform((value) => BigInt(value));

/** An Ethereum address in any letter case, returned checksummed. */
export const AddressValue = z
  .string()
  .refine((value) => isAddress(value, {strict: false}), 'not an Ethereum address')
  .transform((value): Address => getAddress(value));

const Port = z.number().int().min(1).max(65_535);
const Count = z.number().int().nonnegative();

/** `{"cpu","memory","storage"}` cores / GB / GB (reference §4.4). */
export const ResourcesBody = z.object({cpu: Count, memory: Count, storage: Count});

/** VMInfo of `GET /vms/{name}`, `POST /vms/{name}/stop` and a synchronous create (reference §4.5). */
export const VmInfoBody = z.object({
  id: ProviderText.optional(),
  name: ProviderText.optional(),
  status: ProviderText,
  resources: ResourcesBody,
  ssh_port: Port.nullish(),
});
export type VmInfoBody = z.infer<typeof VmInfoBody>;

/** `GET /vms`: a list of VMInfo (reference §4.5, every tenant's VMs). */
export const VmListBody = z.array(VmInfoBody);

/** 202 of `POST /vms?async=true` (reference §4.2). */
export const CreateAcceptedBody = z.object({job_id: ProviderText, vm_id: ProviderText, status: ProviderText.optional()});

/** `GET /vms/jobs/{id}` (reference §4.3). */
export const JobBody = z.object({
  status: z.enum(['creating', 'ready', 'failed']),
  error: ProviderText.nullish(),
});

/**
 * An `ssh_host` as a provider may give it (issue 11 item 8): empty (use the address we reached the provider at), a
 * DNS host name, or an IPv4/IPv6 address (with or without brackets). Checked before any sanitising, so a name with
 * spaces, control, bidi or zero-width characters, or one starting with `-` (an ssh option), is refused rather than
 * quietly rewritten into another host.
 */
export const SshHost = z
  .string()
  .trim()
  .refine(
    (value) => value === '' || z.hostname().safeParse(value).success || z.ipv4().safeParse(value).success || z.ipv6().safeParse(value.replace(/^\[(.*)\]$/, '$1')).success,
    'ssh_host must be a host name or an IP address',
  )
  .transform((value) => value.replace(/^\[(.*)\]$/, '$1'));

/** 200 of `GET /vms/{name}/access` (reference §4.6); `ssh_port` may still be null in the 202-like race. */
export const AccessBody = z.object({
  ssh_host: SshHost.nullish(),
  ssh_port: Port.nullish(),
  vm_id: ProviderText.optional(),
});

/** `GET /provider/info` (reference §4.8). */
export const ProviderInfoBody = z.object({
  provider_id: AddressValue,
  stream_payment_address: AddressValue,
  glm_token_address: AddressValue,
  ip_address: ProviderText.nullish(),
  country: ProviderText.nullish(),
  platform: ProviderText.nullish(),
});

/** `GET /vms/{name}/stream` (reference §4.9); wei and times may exceed 2^53. */
export const StreamStatusBody = z.object({
  stream_id: BigIntValue,
  chain: z.object({
    token: AddressValue,
    sender: AddressValue,
    recipient: AddressValue,
    startTime: BigIntValue,
    stopTime: BigIntValue,
    ratePerSecond: BigIntValue,
    deposit: BigIntValue,
    withdrawn: BigIntValue,
    halted: z.boolean(),
  }),
  computed: z.object({
    now: BigIntValue,
    remaining_seconds: BigIntValue,
    vested_wei: BigIntValue,
    withdrawable_wei: BigIntValue,
  }),
  verified: z.boolean(),
  reason: ProviderText,
});

/** One FastAPI validation issue of a 422 body. */
const ValidationIssue = z.object({
  loc: z.array(z.union([z.string(), z.number()])).optional(),
  msg: z.string(),
});

/**
 * Error bodies (reference §4.1): `{"detail": "<text>"}`, 422 `{"detail": [{loc, msg, …}]}`, discovery-style
 * `{"detail": {"code", "message"}}`, or the fallback `{"message": "<text>"}`.
 */
export const ErrorBody = z.union([
  z.object({detail: z.string()}),
  z.object({detail: z.array(ValidationIssue)}),
  z.object({detail: z.object({code: z.string().optional(), message: z.string()})}),
  z.object({message: z.string()}),
]);
