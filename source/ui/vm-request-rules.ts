/**
 * The create and top-up forms' field rules, checked as the user types so problems show next to the field before
 * anything is sent. They mirror the provider's request rules (reference §4.4) that `createVm` enforces again in
 * `services/vms/validate-vm-request.ts` (the source of truth; the UI may only `import type` from services, so
 * the rule is restated here — keep the two in step).
 */

/** Provider name rule (reference §4.4): 3–64 chars, `^[a-z0-9][a-z0-9-]*[a-z0-9]$`, no `--`; `jobs` reserved (§4.3). */
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
/** Allowed CPU cores (reference §4.4). */
export const ALLOWED_CPU: readonly number[] = [1, 2, 4, 8, 16];
/** Allowed memory sizes in GB (reference §4.4). */
export const ALLOWED_MEMORY_GB: readonly number[] = [1, 2, 4, 8, 16, 32, 64];
/** Smallest disk in GB (reference §4.4). */
export const MIN_STORAGE_GB = 10;
/** Longest deposit opened at once, in hours (30 days; `MAX_HOURS` of the create service). */
export const MAX_HOURS = 720;

const WHOLE_NUMBER = /^\d+$/;

/** Parses a whole decimal number typed into a field; `null` for anything else (empty, signs, decimals). */
export function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!WHOLE_NUMBER.test(trimmed)) return null;
  const value = Number.parseInt(trimmed, 10);
  return Number.isSafeInteger(value) ? value : null;
}

/** The closest valid VM name to `text` (lower-case ASCII, digits, single hyphens, 3–64 chars), case-30. */
export function suggestVmName(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  if (base === 'jobs') return 'jobs-vm';
  return base.length >= 3 ? base : `${base || 'vm'}-vm`.replace(/^-/, '');
}

/** One sentence about what is wrong with `name` as a VM name, with a suggestion; `null` when it is valid. */
export function vmNameProblem(name: string): string | null {
  if (name === '') return 'Enter a name (3–64 characters: a–z, 0–9 and hyphens).';
  const issues: string[] = [];
  if (name.length < 3 || name.length > 64) issues.push(`must be 3–64 characters long (it is ${name.length})`);
  if (!NAME_PATTERN.test(name)) {
    issues.push('may contain only a–z, 0–9 and hyphens, and must start and end with a letter or digit');
  }
  if (name.includes('--')) issues.push('must not contain "--"');
  if (name === 'jobs') issues.push('"jobs" is reserved by the provider API');
  if (issues.length === 0) return null;
  return `The name ${issues.join('; ')}. Try "${suggestVmName(name)}".`;
}

/** Text of the create form's fields, as typed. */
export type CreateVmFields = {
  readonly name: string;
  readonly cpu: string;
  readonly memory: string;
  readonly storage: string;
  readonly hours: string;
};

/** A problem per field (absent when the field is fine). */
export type CreateVmFieldErrors = Partial<Record<keyof CreateVmFields, string>>;

/** The provider's free resources, to refuse a spec it cannot host. */
export type AvailableResources = {readonly cpu: number; readonly memory: number; readonly storage: number};

/**
 * Checks every field: the name rule, the resources rule (cpu ∈ {1,2,4,8,16}, memory ∈ {1,…,64} GB, disk ≥ 10 GB,
 * reference §4.4), what the provider has free, and hours in 1..720.
 */
export function validateCreateVmFields(fields: CreateVmFields, available?: AvailableResources): CreateVmFieldErrors {
  const errors: {-readonly [K in keyof CreateVmFields]?: string} = {};
  const nameProblem = vmNameProblem(fields.name);
  if (nameProblem) errors.name = nameProblem;

  const cpu = parseWholeNumber(fields.cpu);
  if (cpu === null || !ALLOWED_CPU.includes(cpu)) errors.cpu = `CPU cores must be ${ALLOWED_CPU.join(', ')}.`;
  else if (available && cpu > available.cpu) errors.cpu = `The provider has only ${available.cpu} cores free.`;

  const memory = parseWholeNumber(fields.memory);
  if (memory === null || !ALLOWED_MEMORY_GB.includes(memory)) {
    errors.memory = `Memory must be ${ALLOWED_MEMORY_GB.join(', ')} GB.`;
  } else if (available && memory > available.memory) {
    errors.memory = `The provider has only ${available.memory} GB of memory free.`;
  }

  const storage = parseWholeNumber(fields.storage);
  if (storage === null || storage < MIN_STORAGE_GB) errors.storage = `Disk must be a whole number of GB, at least ${MIN_STORAGE_GB}.`;
  else if (available && storage > available.storage) errors.storage = `The provider has only ${available.storage} GB of disk free.`;

  errors.hours = hoursProblem(fields.hours) ?? undefined;
  if (errors.hours === undefined) delete errors.hours;
  return errors;
}

/** One sentence about what is wrong with an hours field (1..720 whole hours); `null` when fine. */
export function hoursProblem(text: string): string | null {
  const hours = parseWholeNumber(text);
  if (hours === null || hours < 1 || hours > MAX_HOURS) return `Hours must be a whole number from 1 to ${MAX_HOURS}.`;
  return null;
}
