import {InvalidInputError} from '../../errors.js';
import {isValidHours, MAX_HOURS, resourceIssues, suggestVmName, vmNameIssues} from '../../lib/vm-request-rules.js';
import type {Resources} from '../types.js';

export {MAX_HOURS, suggestVmName, vmNameIssues};

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

/** Throws `InvalidInputError` unless `resources` satisfy the provider rule (reference §4.4). */
export function assertResources(resources: Resources): void {
  const issues = resourceIssues(resources);
  if (issues.length > 0) throw new InvalidInputError({issues});
}

/** Throws `InvalidInputError` unless `hours` is a whole number in 1..MAX_HOURS. */
export function assertHours(hours: number): void {
  if (!isValidHours(hours)) {
    throw new InvalidInputError({
      issues: [`Hours must be a whole number from 1 to ${MAX_HOURS} (got ${hours}).`],
      hint: 'Top up later with `golem vm stream topup` to keep a VM longer.',
    });
  }
}
