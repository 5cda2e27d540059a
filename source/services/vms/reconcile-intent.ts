import {readFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {z} from 'zod';
import type {Operation} from '../ports.js';
import type {Resources} from '../types.js';

/**
 * What a VM intent row (`create-vm`, `start-vm`, `stop-vm`, `delete-vm`) records in its `detail` column, as JSON:
 * who wrote it (pid and host, so another process's reconcile leaves a live run alone) and, for a create, where the
 * provider is and what was asked for, so a run killed before the VM row existed can still be looked up at the
 * provider by name.
 */
export type VmIntent = {
  readonly pid: number;
  readonly host: string;
  /**
   * The writer's start time in clock ticks since boot (Linux `/proc/<pid>/stat` field 22, `starttime`), so a pid
   * reused by another process after the writer died is not mistaken for the writer. Absent where /proc is not.
   */
  readonly startTime?: number | undefined;
  /** Provider address and API endpoint (create/start). */
  readonly providerId?: string | undefined;
  readonly providerIp?: string | undefined;
  readonly providerPort?: number | undefined;
  readonly resources?: Resources | undefined;
  /** True when the stream was given with `--stream-id` (the user's): reconcile never ends it. */
  readonly givenStream?: boolean | undefined;
};

const VmIntentSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startTime: z.number().int().nonnegative().optional(),
  providerId: z.string().optional(),
  providerIp: z.string().optional(),
  providerPort: z.number().int().optional(),
  resources: z.object({cpu: z.number(), memory: z.number(), storage: z.number()}).optional(),
  givenStream: z.boolean().optional(),
});

/** An intent row whose writer is silent this long (ms) is treated as abandoned when its liveness cannot be checked. */
export const FOREIGN_INTENT_STALE_MS = 10 * 60_000;

/**
 * Start time of process `pid` in clock ticks since boot, from Linux `/proc/<pid>/stat` (field 22, `starttime`; see
 * proc(5)); undefined when there is no such process or no /proc (macOS, Windows). The command name (field 2) may
 * hold spaces and parentheses, so fields are counted after its last `)`.
 */
export function processStartTime(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // After ") " come field 3 (state) onwards; starttime is field 22, i.e. index 19 of the rest.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const value = Number(fields[19]);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** `detail` JSON for an intent row written by this process, with `extra` fields (see {@link VmIntent}). */
export function vmIntentDetail(extra: Omit<VmIntent, 'pid' | 'host' | 'startTime'> = {}): string {
  const startTime = processStartTime(process.pid);
  return JSON.stringify({pid: process.pid, host: hostname(), ...(startTime === undefined ? {} : {startTime}), ...extra});
}

/** Parses an intent row's `detail`; null for rows written by older builds or for failure descriptions. */
export function parseVmIntent(detail: string | null): VmIntent | null {
  if (detail === null || !detail.startsWith('{')) return null;
  try {
    const parsed = VmIntentSchema.safeParse(JSON.parse(detail));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True while the intent's writer runs: its pid is alive and, when the row recorded the writer's start time and this
 * host has /proc, that pid started at the same tick (a reused pid belongs to another process: the writer is gone).
 */
export function isWriterAlive(owner: Pick<VmIntent, 'pid' | 'startTime'>): boolean {
  if (!isPidAlive(owner.pid)) return false;
  if (owner.startTime === undefined) return true;
  const current = processStartTime(owner.pid);
  return current === undefined || current === owner.startTime;
}

/**
 * True when the run that wrote `operation` is gone (killed, crashed, exited without finishing it), so this process
 * may settle it. A row of this process is never abandoned; a row of a live process on this host (same pid and, on
 * Linux, the same process start time, so a reused pid does not count) never is; a row
 * with no owner recorded (older builds, payment rows) or from another host is abandoned once it has not changed
 * for {@link FOREIGN_INTENT_STALE_MS}. `nowMs` is unix milliseconds.
 */
export function isAbandoned(operation: Operation, nowMs: number = Date.now()): boolean {
  const owner = parseVmIntent(operation.detail);
  if (owner && owner.host === hostname()) return owner.pid !== process.pid && !isWriterAlive(owner);
  return nowMs - Date.parse(operation.updatedAt) > FOREIGN_INTENT_STALE_MS;
}

/**
 * `detail` for an abandoned intent this process takes over: the same fields, with this process as the owner, so
 * other processes reconciling at the same time leave it alone (and a crash now makes it abandoned again).
 */
export function takeOverDetail(detail: string | null): string {
  const {pid: _pid, host: _host, startTime: _startTime, ...rest} = parseVmIntent(detail) ?? {};
  return vmIntentDetail(rest);
}
