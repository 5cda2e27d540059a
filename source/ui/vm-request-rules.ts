/**
 * The create and top-up forms' field rules, checked as the user types so problems show next to the field before
 * anything is sent. The rules themselves live in `lib/vm-request-rules.ts`, shared with `createVm`, which enforces
 * them again before paying.
 */

import {
  ALLOWED_CPU,
  ALLOWED_MEMORY_GB,
  isValidHours,
  MAX_HOURS,
  MIN_STORAGE_GB,
  suggestVmName,
  vmNameIssues,
} from '../lib/vm-request-rules.js';

export {suggestVmName};

const WHOLE_NUMBER = /^\d+$/;

/** Parses a whole decimal number typed into a field; `null` for anything else (empty, signs, decimals). */
export function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!WHOLE_NUMBER.test(trimmed)) return null;
  const value = Number.parseInt(trimmed, 10);
  return Number.isSafeInteger(value) ? value : null;
}

/** One sentence about what is wrong with `name` as a VM name, with a suggestion; `null` when it is valid. */
export function vmNameProblem(name: string): string | null {
  if (name === '') return 'Enter a name (3–64 characters: a–z, 0–9 and hyphens).';
  const issues = vmNameIssues(name);
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
  if (hours === null || !isValidHours(hours)) return `Hours must be a whole number from 1 to ${MAX_HOURS}.`;
  return null;
}
