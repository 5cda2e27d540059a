/**
 * The provider's request rules (reference §4.4), in one place for the CLI, the dashboard's live form checks and
 * the create service, so a request is refused locally — before anything is paid — exactly when a provider would
 * refuse it.
 */

/** VM name: 3–64 chars, `^[a-z0-9][a-z0-9-]*[a-z0-9]$`, no `--` (reference §4.4); `jobs` is reserved (§4.3). */
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
/** Allowed CPU cores (reference §4.4). */
export const ALLOWED_CPU: readonly number[] = [1, 2, 4, 8, 16];
/** Allowed memory sizes in GB (reference §4.4). */
export const ALLOWED_MEMORY_GB: readonly number[] = [1, 2, 4, 8, 16, 32, 64];
/** Smallest disk in GB (reference §4.4). */
export const MIN_STORAGE_GB = 10;
/** Longest deposit golem opens in one go: 720 hours (30 days). Longer rentals are topped up. */
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
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  if (base === 'jobs') return 'jobs-vm';
  return base.length >= 3 ? base : `${base || 'vm'}-vm`.replace(/^-/, '');
}

/** The problems with `name` as a VM name, each a phrase completing "it …" (empty when valid). */
export function vmNameIssues(name: string): string[] {
  const issues: string[] = [];
  if (name.length < 3 || name.length > 64) issues.push(`must be 3–64 characters long (it is ${name.length})`);
  if (!NAME_PATTERN.test(name)) {
    issues.push('may contain only a–z, 0–9 and hyphens, and must start and end with a letter or digit');
  }
  if (name.includes('--')) issues.push('must not contain "--"');
  if (name === 'jobs') issues.push('"jobs" is reserved by the provider API');
  return issues;
}

/** The problems with a resource spec (cores, GB RAM, GB disk) under the provider rule (reference §4.4). */
export function resourceIssues({cpu, memory, storage}: {cpu: number; memory: number; storage: number}): string[] {
  const issues: string[] = [];
  if (!ALLOWED_CPU.includes(cpu)) issues.push(`CPU cores must be ${ALLOWED_CPU.join(', ')} (got ${cpu})`);
  if (!ALLOWED_MEMORY_GB.includes(memory)) issues.push(`Memory must be ${ALLOWED_MEMORY_GB.join(', ')} GB (got ${memory})`);
  if (!Number.isInteger(storage) || storage < MIN_STORAGE_GB) {
    issues.push(`Disk must be a whole number of GB ≥ ${MIN_STORAGE_GB} (got ${storage})`);
  }
  return issues;
}

/** True when `hours` is a whole number in 1..MAX_HOURS. */
export function isValidHours(hours: number): boolean {
  return Number.isInteger(hours) && hours >= 1 && hours <= MAX_HOURS;
}
