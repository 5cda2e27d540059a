/**
 * A one-line text input (replaces `ink-text-input`, whose key handler is re-subscribed in an effect and so sees a
 * stale value when keys arrive in a burst, issue 13 item 4). Editing keys come through `useTextInput`; the value
 * and the cursor are read from refs updated on every render, so each key of a burst applies to the result of the
 * one before. Control characters and line breaks never enter the value (case-14).
 */
import {Text} from 'ink';
import {useRef, useState} from 'react';
import {useTextInput, type InputKey} from '../hooks/use-commands.js';
import {theme} from '../theme.js';

// C0 controls (CR, LF, TAB, ESC…) and DEL: none of them belongs in a one-line value.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/g;

/** Removes line breaks and control characters from typed or pasted text. */
export function toSingleLine(text: string): string {
  return text.replace(CONTROL, '');
}

/** A value with the cursor's offset in UTF-16 units (0 … value.length). */
export type TextEdit = {readonly value: string; readonly cursor: number};

/** Length of the code point that ends at `offset` (1 or 2 UTF-16 units). */
function unitBefore(value: string, offset: number): number {
  const code = value.charCodeAt(offset - 1);
  return offset >= 2 && code >= 0xdc00 && code <= 0xdfff ? 2 : 1;
}

/**
 * Applies one key to `edit`: printable text is inserted at the cursor (control characters removed), Backspace
 * and Delete remove the character before the cursor (terminals send DEL for Backspace), ←/→/Home/End move. Returns
 * null for keys a text field does not handle (Enter, Tab, Esc, ↑/↓, Ctrl-…), which then go to commands.
 */
export function applyTextKey(edit: TextEdit, input: string, key: InputKey): TextEdit | null {
  const {value, cursor} = edit;
  if (key.backspace || key.delete) {
    if (cursor === 0) return edit;
    const width = unitBefore(value, cursor);
    return {value: value.slice(0, cursor - width) + value.slice(cursor), cursor: cursor - width};
  }
  if (key.leftArrow) return {value, cursor: cursor === 0 ? 0 : cursor - unitBefore(value, cursor)};
  if (key.rightArrow) return {value, cursor: cursor >= value.length ? value.length : cursor + (value.codePointAt(cursor)! > 0xffff ? 2 : 1)};
  if (key.home) return {value, cursor: 0};
  if (key.end) return {value, cursor: value.length};
  if (key.ctrl || key.meta || key.return || key.tab || key.escape || key.upArrow || key.downArrow) return null;
  const text = toSingleLine(input);
  if (text.length === 0) return null;
  return {value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length};
}

/** Props of `TextInput`. */
export type TextInputProps = {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Takes keys and shows the cursor only while true. */
  readonly focus: boolean;
  readonly placeholder?: string;
};

/** `value` with an inverse-video cursor while focused; the placeholder (secondary colour) when empty. */
export function TextInput({value, onChange, focus, placeholder = ''}: TextInputProps) {
  const [, setCursorShown] = useState(0);
  const valueRef = useRef(value);
  const cursorRef = useRef(value.length);
  // A value set from outside (a completion, a reset) puts the cursor at its end.
  if (valueRef.current !== value) {
    valueRef.current = value;
    cursorRef.current = value.length;
  }
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useTextInput(
    (input, key) => {
      const next = applyTextKey({value: valueRef.current, cursor: cursorRef.current}, input, key);
      if (next === null) return false;
      cursorRef.current = next.cursor;
      if (next.value !== valueRef.current) {
        valueRef.current = next.value;
        onChangeRef.current(next.value);
      }
      setCursorShown((count) => count + 1);
      return true;
    },
    {isActive: focus},
  );
  if (!focus) return <Text>{value.length > 0 ? value : <Text color={theme.text.secondary}>{placeholder}</Text>}</Text>;
  if (value.length === 0) {
    return (
      <Text>
        <Text inverse>{placeholder.length > 0 ? placeholder[0] : ' '}</Text>
        <Text color={theme.text.secondary}>{placeholder.slice(1)}</Text>
      </Text>
    );
  }
  const cursor = Math.min(cursorRef.current, value.length);
  const at = cursor < value.length ? String.fromCodePoint(value.codePointAt(cursor)!) : ' ';
  return (
    <Text>
      {value.slice(0, cursor)}
      <Text inverse>{at}</Text>
      {value.slice(cursor + (cursor < value.length ? at.length : 0))}
    </Text>
  );
}
