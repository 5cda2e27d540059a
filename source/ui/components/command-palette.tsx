/**
 * The `:` command palette line: `: text▌` with suggestions underneath (the commands, or the VM names after
 * `:ssh`/`:info`/`:destroy`), Tab completing, Enter running and Esc closing. What a line means lives in
 * `app/palette-commands.ts`; what it does, in `app/palette-layer.tsx`.
 */
import {Box, Text, useStdin} from 'ink';
import {TextInput} from './text-input.js';
import {useState} from 'react';
import {completePalette, PALETTE_COMMANDS} from '../app/palette-commands.js';
import {useCommands} from '../hooks/use-commands.js';
import {theme} from '../theme.js';
import {toSingleLine} from './text-field.js';

/** Props of `CommandPalette`. */
export type CommandPaletteProps = {
  /** VM names for completion (sanitised by the services). */
  readonly vmNames: readonly string[];
  /** Runs a line; returns an error message to show, or null when it ran (the caller closes the palette). */
  readonly onSubmit: (line: string) => string | null;
  readonly onClose: () => void;
  readonly isActive: boolean;
};

/** Most suggestions shown under the line (the palette stays a few lines tall at 80×24). */
const MAX_SUGGESTIONS = 4;

/** The palette line and its suggestions. */
export function CommandPalette({vmNames, onSubmit, onClose, isActive}: CommandPaletteProps) {
  const {isRawModeSupported} = useStdin();
  const [line, setLine] = useState('');
  // A new key remounts the input after Tab so its cursor goes to the end of the completed text.
  const [inputKey, setInputKey] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [candidates, setCandidates] = useState<readonly string[] | null>(null);

  useCommands(
    {
      'palette.complete': () => {
        const completion = completePalette(line, vmNames);
        setLine(completion.line);
        setCandidates(completion.candidates);
        setInputKey((key) => key + 1);
        setMessage(null);
      },
      'form.submit': () => setMessage(onSubmit(line)),
      'modal.close': onClose,
    },
    {isActive},
  );

  const typedWord = line.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const suggestions =
    candidates ??
    PALETTE_COMMANDS.filter((command) => command.name.startsWith(typedWord) || typedWord === '').map((command) => command.usage);
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={theme.ui.focus} paddingX={1}>
      <Box>
        <Text color={theme.ui.focus}>:</Text>
        <Box flexShrink={1}>
          <TextInput
            key={inputKey}
            value={line}
            onChange={(next) => {
              setLine(toSingleLine(next));
              setCandidates(null);
              setMessage(null);
            }}
            focus={isActive && isRawModeSupported === true}
            placeholder="command (Tab completes, Enter runs, Esc closes)"
          />
        </Box>
      </Box>
      {message ? (
        <Text color={theme.status.error} wrap="truncate-end">
          {message}
        </Text>
      ) : (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {suggestions.length === 0
            ? 'no match'
            : suggestions.slice(0, MAX_SUGGESTIONS).join('  ·  ') + (suggestions.length > MAX_SUGGESTIONS ? `  · +${suggestions.length - MAX_SUGGESTIONS}` : '')}
        </Text>
      )}
    </Box>
  );
}
