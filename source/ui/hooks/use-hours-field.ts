/** State of a single "hours" field (top-up, start): the text, its problem once edited, and the parsed value. */
import {useCallback, useState} from 'react';
import {hoursProblem, parseWholeNumber} from '../vm-request-rules.js';

/** What `useHoursField` returns. `hours` is null while the text is not a valid number of hours. */
export type HoursField = {
  readonly text: string;
  readonly setText: (text: string) => void;
  readonly hours: number | null;
  /** The problem to show now (after an edit or a submit attempt). */
  readonly visibleProblem: string | undefined;
  /** Marks a submit attempt; returns the hours or null. */
  readonly attemptSubmit: () => number | null;
};

/** An hours field starting at `initial` (default "1"). */
export function useHoursField(initial = '1'): HoursField {
  const [text, setTextState] = useState(initial);
  const [isEdited, setEdited] = useState(false);
  const problem = hoursProblem(text);
  const hours = problem === null ? parseWholeNumber(text) : null;
  const setText = useCallback((next: string) => {
    setTextState(next);
    setEdited(true);
  }, []);
  const attemptSubmit = useCallback(() => {
    setEdited(true);
    return hours;
  }, [hours]);
  return {text, setText, hours, visibleProblem: isEdited ? (problem ?? undefined) : undefined, attemptSubmit};
}
