import {InvalidInputError} from '../../errors.js';
import type {Resources} from '../types.js';

/** Provider name rule (reference §4.4): 3–64 chars, `^[a-z0-9][a-z0-9-]*[a-z0-9]$`, no `--`; `jobs` is reserved (§4.3). */
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const ALLOWED_CPU = [1, 2, 4, 8, 16] as const;
const ALLOWED_MEMORY_GB = [1, 2, 4, 8, 16, 32, 64] as const;
const MIN_STORAGE_GB = 10;
/** Longest deposit golem opens in one go: 30 days. Longer rentals are topped up. */
export const MAX_HOURS = 720;

/**
 * Turns any text into the closest valid VM name: lower-case ASCII letters, digits and single hyphens, trimmed
 * to 64 chars and padded to 3. `suggestVmName("Web_1 🚀") === "web-1"` (case-30).
 */
export function suggestVmName(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64)
    .replace(/-$/, '');
  if (base === 'jobs') return 'jobs-vm';
  return base.length >= 3 ? base : `${base || 'vm'}-vm`.replace(/^-/, '');
}

/** Returns the problems with `name` as a VM name (empty when valid). */
export function vmNameIssues(name: string): string[] {
  const issues: string[] = [];
  if (name.length < 3 || name.length > 64) issues.push('must be 3–64 characters long');
  if (!NAME_PATTERN.test(name)) {
    issues.push('may contain only a–z, 0–9 and hyphens, and must start and end with a letter or digit');
  }
  if (name.includes('--')) issues.push('must not contain "--"');
  if (name === 'jobs') issues.push('"jobs" is reserved by the provider API');
  return issues;
}

/**
 * Checks a VM name against the provider rule before anything is paid (case-30). Throws `InvalidInputError`
 * that explains the rule and suggests a valid name.
 */
export function assertVmName(name: string): void {
  const issues = vmNameIssues(name);
  if (issues.length === 0) return;
  const suggestion = suggestVmName(name);
  throw new InvalidInputError({
    issues: [`Invalid VM name ${JSON.stringify(name)}: it ${issues.join('; ')}.`],
    hint: `Try the name "${suggestion}".`,
  });
}

/** Returns the problems with a resource spec under the provider rule (reference §4.4). */
export function resourceIssues({cpu, memory, storage}: Resources): string[] {
  const issues: string[] = [];
  if (!(ALLOWED_CPU as readonly number[]).includes(cpu)) issues.push(`CPU cores must be ${ALLOWED_CPU.join(', ')} (got ${cpu})`);
  if (!(ALLOWED_MEMORY_GB as readonly number[]).includes(memory)) {
    issues.push(`Memory must be ${ALLOWED_MEMORY_GB.join(', ')} GB (got ${memory})`);
  }
  if (!Number.isInteger(storage) || storage < MIN_STORAGE_GB) issues.push(`Disk must be a whole number of GB ≥ ${MIN_STORAGE_GB} (got ${storage})`);
  return issues;
}

/** Throws `InvalidInputError` unless `resources` satisfy the provider rule (reference §4.4). */
export function assertResources(resources: Resources): void {
  const issues = resourceIssues(resources);
  if (issues.length > 0) throw new InvalidInputError({issues});
}

/** Throws `InvalidInputError` unless `hours` is a whole number in 1..MAX_HOURS. */
export function assertHours(hours: number): void {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_HOURS) {
    throw new InvalidInputError({
      issues: [`Hours must be a whole number from 1 to ${MAX_HOURS} (got ${hours}).`],
      hint: 'Top up later with `golem vm stream topup` to keep a VM longer.',
    });
  }
}
