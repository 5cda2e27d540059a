/**
 * Port forwards in the dashboard (issue 12 item 4): the VM detail view's list with each forward's state, the input
 * that adds one (`LOCAL:REMOTE`), and the status bar's one-line summary. Plain props.
 */
import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {sanitizeText} from '../../lib/sanitize.js';
import type {ForwardEntry} from '../../services/ssh-access/forward-registry.js';
import {theme} from '../theme.js';
import {TextField} from './text-field.js';
import {useTextEntry} from '../app/text-entry-context.js';

/** `127.0.0.1:8080 → web-1:80` for one forward. */
export function forwardLabel(entry: ForwardEntry): string {
  const remote = entry.spec.remoteHost === '127.0.0.1' ? '' : `${sanitizeText(entry.spec.remoteHost)}:`;
  return `127.0.0.1:${entry.localPort ?? entry.spec.localPort} → ${sanitizeText(entry.name)}:${remote}${entry.spec.remotePort}`;
}

const STATE_TEXT: Record<ForwardEntry['state'], string> = {starting: 'starting', connected: 'up', reconnecting: 'reconnecting', failed: 'failed'};

/** The status bar's summary: `forwards: 127.0.0.1:8080 → web-1:80 (up), …`, or null without forwards. */
export function forwardsSummary(forwards: readonly ForwardEntry[]): string | null {
  if (forwards.length === 0) return null;
  return `forwards: ${forwards.map((entry) => `${forwardLabel(entry)} (${STATE_TEXT[entry.state]})`).join(', ')}`;
}

/** Props of `ForwardList`. */
export type ForwardListProps = {readonly forwards: readonly ForwardEntry[]};

/** The forwards of one VM, one line each with its state and, when it failed or reconnects, why. */
export function ForwardList({forwards}: ForwardListProps) {
  if (forwards.length === 0) return <Text color={theme.text.secondary}>Port forwards: none (p adds one)</Text>;
  return (
    <Box flexDirection="column">
      <Text color={theme.text.secondary}>Port forwards (P stops the newest):</Text>
      {forwards.map((entry) => (
        <Text key={entry.id} wrap="truncate-end">
          {`  ${forwardLabel(entry)}  `}
          <Text color={entry.state === 'connected' ? theme.status.success : entry.state === 'failed' ? theme.status.error : theme.status.warning}>
            {STATE_TEXT[entry.state]}
          </Text>
          {entry.message ? <Text color={theme.text.secondary}>{` — ${sanitizeText(entry.message)}`}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}

/** Props of `ForwardInput`. */
export type ForwardInputProps = {
  /** Resolves with an error sentence to show, or null when the forward started (the input then closes). */
  readonly onSubmit: (forward: string) => Promise<string | null>;
  readonly onCancel: () => void;
};

/** The `LOCAL:REMOTE` field: Enter starts the forward, Esc closes the field. Owns the keyboard while shown. */
export function ForwardInput({onSubmit, onCancel}: ForwardInputProps) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  // The global keys (`:` palette, digits, q) stand down while the field is shown: `8080:80` is text here.
  useTextEntry(true);
  useInput((_input, key) => {
    if (key.escape) onCancel();
    else if (key.return && value.trim() !== '') {
      void onSubmit(value.trim()).then((problem) => setError(problem ?? undefined));
    }
  });
  return <TextField label="Forward (LOCAL:REMOTE)" value={value} onChange={setValue} isFocused error={error} placeholder="8080:80" />;
}
