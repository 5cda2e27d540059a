/**
 * Request validation of the devnet provider's `POST /vms` (reference §4.2, §4.4). Failures become FastAPI-shaped
 * 422 bodies through `parseOr422`; the messages are the real provider's.
 */
import ssh2 from 'ssh2';
import {z} from 'zod';

/** VM resources in the provider API's units: cores, GB RAM, GB disk. */
export type VmResources = {readonly cpu: number; readonly memory: number; readonly storage: number};

const CPU_CHOICES = [1, 2, 4, 8, 16] as const;
const MEMORY_CHOICES = [1, 2, 4, 8, 16, 32, 64] as const;
const MIN_STORAGE_GB = 10;

/** Presets of the optional `size` field (reference §4.4), used only when `resources` is absent. */
const SIZES: Readonly<Record<string, VmResources>> = {
  small: {cpu: 1, memory: 1, storage: 10},
  medium: {cpu: 2, memory: 4, storage: 20},
  large: {cpu: 4, memory: 8, storage: 40},
  xlarge: {cpu: 8, memory: 16, storage: 80},
};

/** What a VM gets when neither `resources` nor `size` is given (the reference's intended default, §4.4). */
const DEFAULT_RESOURCES: VmResources = {cpu: 1, memory: 1, storage: 10};

/**
 * VM name rule (reference §4.4): 3–64 chars, `^[a-z0-9][a-z0-9-]*[a-z0-9]$`, no `--`; `jobs` is reserved because
 * `/vms/jobs/{id}` shadows `/vms/jobs/access` (§4.3).
 */
export const VmName = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/)
  .refine((name) => !name.includes('--'), 'name must not contain consecutive hyphens')
  .refine((name) => name !== 'jobs', "name 'jobs' is reserved");

const Resources = z.object({
  cpu: z
    .number()
    .int()
    .refine((cpu) => (CPU_CHOICES as readonly number[]).includes(cpu), 'CPU cores must be 1, 2, 4, 8, or 16'),
  memory: z
    .number()
    .int()
    .refine(
      (memory) => (MEMORY_CHOICES as readonly number[]).includes(memory),
      'Memory must be 1, 2, 4, 8, 16, 32, or 64 GB',
    ),
  storage: z
    .number()
    .int()
    .refine(
      (storage) => storage >= MIN_STORAGE_GB,
      `Invalid resource configuration: storage must be at least ${MIN_STORAGE_GB} GB`,
    ),
});

/**
 * `ssh_key` (reference §4.4): must start with `ssh-rsa ` or `ssh-ed25519 `. The devnet also requires the key to
 * parse, since its sandbox has to check logins against it (a real VM with a junk key would just refuse them all).
 */
const SshKey = z
  .string()
  .regex(/^(ssh-rsa|ssh-ed25519) /)
  .refine((key) => {
    const parsed = ssh2.utils.parseKey(key.trim());
    return !(parsed instanceof Error) && !Array.isArray(parsed);
  }, 'ssh_key is not a valid OpenSSH public key');

/** Stream ids arrive as JSON integers (the requestor sends an int); digit strings are accepted like pydantic's lax mode. */
const StreamId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform((id) => BigInt(id));

/** The body of `POST /vms`; unknown fields (`image`, …) are ignored like the real provider does. */
export const CreateVmBody = z
  .object({
    name: VmName,
    resources: Resources.optional(),
    size: z.enum(['small', 'medium', 'large', 'xlarge']).optional(),
    ssh_key: SshKey,
    stream_id: StreamId.nullish(),
    image: z.string().optional(),
  })
  .transform(({name, resources, size, ssh_key, stream_id}) => ({
    name,
    resources: resources ?? (size ? SIZES[size]! : DEFAULT_RESOURCES),
    sshKey: ssh_key.trim(),
    streamId: stream_id ?? null,
  }));

/** A validated create request. `streamId` is `null` when the requestor sent none. */
export type CreateVmRequest = z.output<typeof CreateVmBody>;

/** The optional body of our `POST /vms/{name}/start`: a new stream that funds the restarted VM. */
export const StartVmBody = z
  .object({stream_id: StreamId.nullish()})
  .transform(({stream_id}) => ({streamId: stream_id ?? null}));
