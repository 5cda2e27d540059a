/**
 * The top-up form's custom duration: `2h`, `45m`, `1h30m`, parsed strictly (issue 5 item 2). Hours then minutes,
 * lower-case units, no spaces, no decimals, no other units; minutes after hours stay below 60 (`1h75m` is a typo,
 * not 2h15m). The longest top-up is 720 h, the create form's limit (`lib/vm-request-rules.ts` MAX_HOURS).
 */
import {MAX_HOURS} from '../lib/vm-request-rules.js';

/** The longest duration accepted, in seconds (720 h). */
export const MAX_DURATION_SECONDS = MAX_HOURS * 3600;

/** `{seconds}` for a valid duration, else `{problem}`: one sentence to show under the field. */
export type ParsedDuration = {readonly seconds: number; readonly problem?: undefined} | {readonly seconds?: undefined; readonly problem: string};

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?$/;

/** Parses `text` (surrounding spaces ignored) as whole hours and/or minutes. */
export function parseDuration(text: string): ParsedDuration {
  const trimmed = text.trim();
  const example = 'Use hours and minutes like 2h, 45m or 1h30m.';
  if (trimmed === '') return {problem: `Enter a duration. ${example}`};
  const match = DURATION.exec(trimmed);
  if (!match) return {problem: `"${trimmed}" is not a duration. ${example}`};
  const [, hoursText, minutesText] = match;
  const hours = hoursText === undefined ? 0 : Number.parseInt(hoursText, 10);
  const minutes = minutesText === undefined ? 0 : Number.parseInt(minutesText, 10);
  if (hoursText !== undefined && minutes >= 60) return {problem: `Minutes after hours must be below 60 (${trimmed}).`};
  const seconds = hours * 3600 + minutes * 60;
  if (!Number.isSafeInteger(seconds) || seconds > MAX_DURATION_SECONDS) return {problem: `At most ${MAX_HOURS}h at a time.`};
  if (seconds === 0) return {problem: 'The duration must be at least 1m.'};
  return {seconds};
}

/** Seconds as the form shows a duration: `1h30m`, `45m`, `2h`. */
export function formatTopUpDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours === 0) return `${minutes}m`;
  return minutes === 0 ? `${hours}h` : `${hours}h${minutes}m`;
}
