/**
 * How a VM's status reads for people and scripts (issue 11 item 4: status is a fact with a date). A VM's stored
 * status is the last state its provider confirmed; when the provider could not be asked since, or said "not found"
 * only once, that state is not shown as current.
 */

/** The fields of a VM row this module reads (ISO-8601 UTC times). */
export type VmStatusFacts = {
  readonly status: string;
  readonly confirmedAt?: string | null | undefined;
  readonly unreachableSince?: string | null | undefined;
  readonly notFoundAt?: string | null | undefined;
};

/**
 * The status word for tables and `--json`: `unreachable` while the provider has not answered since it last
 * confirmed the VM (timeout, refused, 5xx, redirect); `missing` after one unconfirmed "not found"; otherwise the
 * confirmed status (`creating`, `running`, `stopped`, `deleted`, …).
 */
export function vmStatusWord(vm: VmStatusFacts): string {
  if (vm.unreachableSince) return 'unreachable';
  if (vm.notFoundAt) return 'missing';
  return vm.status;
}

/** `"12 s"`, `"5 min"`, `"3 h"`, `"2 d"`: a rounded-down age for "last seen" texts. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/**
 * The status column text: `running`, or `unreachable (last seen running 5 min ago)`, `missing (last seen running
 * 2 h ago)`, `unreachable (never confirmed)`. `nowMs` is unix milliseconds.
 *
 * @example
 * vmStatusText({status: 'running', confirmedAt: '2026-12-07T20:00:00Z', unreachableSince: '2026-12-07T20:04:00Z'}, Date.parse('2026-12-07T20:05:00Z'))
 * // → 'unreachable (last seen running 5 min ago)'
 */
export function vmStatusText(vm: VmStatusFacts, nowMs: number = Date.now()): string {
  const word = vmStatusWord(vm);
  if (word === vm.status) return word;
  if (!vm.confirmedAt) return `${word} (never confirmed)`;
  return `${word} (last seen ${vm.status} ${formatAge(nowMs - Date.parse(vm.confirmedAt))} ago)`;
}
