/**
 * The `:` command palette: `: text▌` with every matching suggestion listed underneath, one a line with what it
 * does (the commands, or the VM names after `:ssh`/`:info`/`:destroy`), scrolled to fit the body's lines
 * (issue 13 item 7). ↑/↓ (PgUp/PgDn) move the highlight; Tab completes the highlighted suggestion, or the typed
 * word when none is highlighted; Enter runs the line, or the highlighted command (a command that needs a name is
 * filled in instead); Esc closes. What a line means lives in `app/palette-commands.ts`; what it does, in
 * `app/palette-layer.tsx`.
 */
import {Box, Text, useStdin} from 'ink';
import stringWidth from 'string-width';
import {useState} from 'react';
import {TextInput} from './text-input.js';
import {completePalette, paletteSuggestions, type PaletteSuggestion} from '../app/palette-commands.js';
import {useLayout} from '../app/layout-context.js';
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

/**
 * The window of `count` rows, `size` tall, that shows `cursor` (-1: the top), as `[start, end)`.
 * Pure; exported for tests.
 */
export function visibleWindow(count: number, size: number, cursor: number): readonly [number, number] {
  const rows = Math.max(1, size);
  if (count <= rows) return [0, count];
  const start = Math.min(Math.max(0, cursor - rows + 1), count - rows);
  return [start, start + rows];
}

/** The palette line and its suggestion list. */
export function CommandPalette({vmNames, onSubmit, onClose, isActive}: CommandPaletteProps) {
  const {isRawModeSupported} = useStdin();
  const layout = useLayout();
  const [line, setLine] = useState('');
  // A new key remounts the input after Tab so its cursor goes to the end of the completed text.
  const [inputKey, setInputKey] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [cursor, setCursor] = useState(-1);

  const suggestions = paletteSuggestions(line, vmNames);
  const highlighted: PaletteSuggestion | undefined = cursor >= 0 ? suggestions[cursor] : undefined;
  // Border (2) and the input line; the message line when shown; a scroll line when the list does not fit.
  const room = Math.max(1, layout.bodyRows - 3 - (message ? 1 : 0));
  const listRows = suggestions.length > room ? Math.max(1, room - 1) : room;
  const [start, end] = visibleWindow(suggestions.length, listRows, cursor);

  const replaceLine = (next: string) => {
    setLine(next);
    setInputKey((key) => key + 1);
    setCursor(-1);
    setMessage(null);
  };
  const move = (delta: number) => {
    if (suggestions.length === 0) return;
    setCursor((current) => Math.min(Math.max(current + delta, 0), suggestions.length - 1));
  };

  useCommands(
    {
      'palette.complete': () => {
        if (highlighted) replaceLine(highlighted.fill);
        else replaceLine(completePalette(line, vmNames).line);
      },
      'form.submit': () => {
        if (highlighted && !highlighted.runs) return replaceLine(highlighted.fill);
        setMessage(onSubmit(highlighted ? highlighted.fill : line));
      },
      'list.up': () => move(-1),
      'list.down': () => move(1),
      'list.page-up': () => move(-listRows),
      'list.page-down': () => move(listRows),
      'modal.close': onClose,
    },
    {isActive},
  );

  const labelWidth = Math.min(24, Math.max(0, ...suggestions.map((suggestion) => stringWidth(suggestion.label))));
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={theme.ui.focus} paddingX={1} flexShrink={0}>
      <Box>
        <Text color={theme.ui.focus}>:</Text>
        <Box flexShrink={1}>
          <TextInput
            key={inputKey}
            value={line}
            onChange={(next) => {
              setLine(toSingleLine(next));
              setCursor(-1);
              setMessage(null);
            }}
            focus={isActive && isRawModeSupported === true}
            placeholder="type a command or choose one with ↑↓"
          />
        </Box>
      </Box>
      {message ? (
        <Text color={theme.status.error} wrap="truncate-end">
          {message}
        </Text>
      ) : null}
      {suggestions.length === 0 ? <Text color={theme.text.secondary}>no match</Text> : null}
      {suggestions.slice(start, end).map((suggestion, offset) => {
        const isHighlighted = start + offset === cursor;
        const pad = ' '.repeat(Math.max(0, labelWidth - stringWidth(suggestion.label)));
        return (
          <Text key={suggestion.label} wrap="truncate-end" inverse={isHighlighted && theme.isColorEnabled}>
            <Text color={isHighlighted ? theme.ui.selection : theme.text.accent}>{`${isHighlighted ? '›' : ' '} ${suggestion.label}${pad}`}</Text>
            <Text color={isHighlighted ? undefined : theme.text.secondary}>{`  ${suggestion.description}`}</Text>
          </Text>
        );
      })}
      {suggestions.length > end - start ? (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {`${start + 1}–${end} of ${suggestions.length}${end < suggestions.length ? ` · ↓ ${suggestions.length - end} more` : ''}`}
        </Text>
      ) : null}
    </Box>
  );
}
