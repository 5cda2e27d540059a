/**
 * Turns anything thrown into what the dashboard shows: an `AppError`'s short message and hint (design.md
 * "edges render"); anything else is a bug, shown as such so it gets reported. Never throws, even for
 * values that cannot be stringified (case-24: bigints in error metadata).
 */
import {isAppError} from '../errors.js';
import type {Notice} from './app/router.js';

/** Text for people: `text` is one sentence, `hint` what to do next. */
export type ErrorDescription = {readonly text: string; readonly hint?: string; readonly isBug: boolean};

/** Describes `error` for display. */
export function describeError(error: unknown): ErrorDescription {
  if (isAppError(error)) return {text: error.shortMessage, hint: error.hint, isBug: false};
  let message: string;
  try {
    message = error instanceof Error ? error.message : String(error);
  } catch {
    message = 'unprintable value';
  }
  return {text: `Unexpected error: ${message}`, hint: 'This is a bug in golem; please report it.', isBug: true};
}

/** An error as a router notice (for the footer banner). */
export function errorNotice(error: unknown, prefix?: string): Notice {
  const {text, hint} = describeError(error);
  return {tone: 'error', text: prefix ? `${prefix}: ${text}` : text, ...(hint ? {hint} : {})};
}
