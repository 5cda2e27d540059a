import {sanitizeText} from '../../lib/sanitize.js';
import {ErrorBody} from './schemas.js';

/** The longest provider text quoted in an error message, characters. */
const MAX_DETAIL = 300;

/** What an error body says, one line, sanitised; `fields` are the `loc` paths of a 422 (`resources.cpu`). */
export type ErrorDetail = {readonly text: string; readonly fields: readonly string[]};

function clip(text: string): string {
  const clean = sanitizeText(text).trim();
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL)}…` : clean;
}

/**
 * Reads the provider's error text from a parsed body (reference §4.1 shapes), falling back to the raw text.
 * For a 422 it lists each rejected field with its message: `resources.cpu: CPU cores must be 1, 2, 4, 8, or 16`.
 */
export function readErrorDetail(body: unknown, rawText: string): ErrorDetail {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return {text: clip(rawText), fields: []};
  const data = parsed.data;
  if ('message' in data) return {text: clip(data.message), fields: []};
  const {detail} = data;
  if (typeof detail === 'string') return {text: clip(detail), fields: []};
  if (Array.isArray(detail)) {
    const fields = detail.map((issue) =>
      sanitizeText((issue.loc ?? []).filter((part) => part !== 'body').join('.') || 'body'),
    );
    const text = detail.map((issue, index) => `${fields[index]}: ${issue.msg}`).join('; ');
    return {text: clip(text), fields};
  }
  return {text: clip(detail.code ? `${detail.code} ${detail.message}` : detail.message), fields: []};
}

/** The provider's generic answer to an uncaught exception (reference §4.1). */
export const UNEXPECTED_ERROR = 'An unexpected error occurred';

const STREAM_HINTS: readonly (readonly [string, string])[] = [
  [
    'recipient mismatch',
    'The stream pays another address than this provider (or was terminated); open a new stream to the provider id from /provider/info.',
  ],
  ['no deposit', 'The stream holds no deposit; open a new stream with a deposit.'],
  ['stream not started', 'The stream starts later than the provider\'s chain time; wait a few seconds and try again.'],
  ['stream halted', 'The stream was halted; open a new stream.'],
  [
    'stream lookup failed',
    'The provider could not read the stream from its chain; check that it uses the same payments network, or try again later.',
  ],
  [
    'stream_id required',
    'This provider takes payment first: open a stream (golem vm create does it) and pass its id.',
  ],
  ['streaming payments not enabled', 'This provider does not take stream payments.'],
  ['no stream mapped', 'The provider has no stream recorded for this VM.'],
];

/**
 * The next step for a provider error, from its status and text: which field a 422 rejected, which stream
 * condition a 400 `invalid stream: …` failed (reference §4.2), what a 404 or 5xx means.
 */
export function hintFor(status: number, detail: ErrorDetail): string {
  if (status === 422) {
    const fields = detail.fields.length > 0 ? detail.fields.join(', ') : 'the request';
    return `The provider rejected ${fields}. Names are 3–64 characters of a-z, 0-9 and '-'; cpu is 1, 2, 4, 8 or 16; memory 1–64 GB (powers of 2); storage at least 10 GB; the key must be ssh-ed25519 or ssh-rsa.`;
  }
  const lower = detail.text.toLowerCase();
  for (const [needle, hint] of STREAM_HINTS) if (lower.includes(needle)) return hint;
  if (status === 404) return 'The provider does not know this VM (it deletes VMs whose stream ran out); check `golem vm list`.';
  if (status >= 500) return 'The provider had an internal error; try again later or choose another provider.';
  return 'Check the request, or try another provider (`golem vm providers`).';
}
