/** One line of `golem doctor`: what was checked, how it went, what was seen and what to do about it. */
export type DoctorCheck = {
  readonly name: string;
  /** `failed` stops a rental; `warning` may bite later; `skipped` could not be checked because an earlier one failed. */
  readonly status: 'ok' | 'warning' | 'failed' | 'skipped';
  readonly detail: string;
  /** The next step, for anything but `ok`. */
  readonly fix: string | null;
};

export const ok = (name: string, detail: string): DoctorCheck => ({name, status: 'ok', detail, fix: null});
export const warning = (name: string, detail: string, fix: string): DoctorCheck => ({name, status: 'warning', detail, fix});
export const failed = (name: string, detail: string, fix: string): DoctorCheck => ({name, status: 'failed', detail, fix});
export const skipped = (name: string, detail: string): DoctorCheck => ({name, status: 'skipped', detail, fix: null});

/** The message of anything thrown, one line (an `AppError`'s short message). */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const short = (error as {shortMessage?: unknown}).shortMessage;
    return (typeof short === 'string' ? short : error.message).split('\n')[0]!;
  }
  return String(error);
}
