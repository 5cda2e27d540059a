/**
 * A labelled one-line text field over `ink-text-input`, safe for pastes (case-14): Ink delivers a paste as one
 * input event, so a pasted newline never reaches the form as Enter; this field then removes line breaks and
 * other control characters from the value before it is stored, so the whole paste lands on one line with the
 * cursor at its end, and the form validates exactly what was pasted.
 */
import {Box, Text, useStdin} from 'ink';
import TextInput from 'ink-text-input';
import {theme} from '../theme.js';

// C0 controls (CR, LF, TAB, ESC…) and DEL: none of them belongs in a one-line value.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/g;

/** Removes line breaks and control characters from typed or pasted text. */
export function toSingleLine(text: string): string {
  return text.replace(CONTROL, '');
}

/** Props of `TextField`. */
export type TextFieldProps = {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly isFocused: boolean;
  /** Shown under the field when set. */
  readonly error?: string | undefined;
  readonly placeholder?: string;
  /** Width the labels are padded to, so fields line up. @default label length */
  readonly labelWidth?: number;
  /** Extra text after the field (units). */
  readonly suffix?: string;
};

/** `› Name     my-vm` with its error underneath. */
export function TextField({label, value, onChange, isFocused, error, placeholder, labelWidth, suffix}: TextFieldProps) {
  const {isRawModeSupported} = useStdin();
  return (
    <Box flexDirection="column">
      <Box>
        <Text color={isFocused ? theme.ui.focus : theme.text.secondary}>
          {`${isFocused ? '›' : ' '} ${label.padEnd(labelWidth ?? label.length)}  `}
        </Text>
        <Box flexShrink={1}>
          <TextInput
            value={value}
            onChange={(next) => onChange(toSingleLine(next))}
            focus={isFocused && isRawModeSupported === true}
            placeholder={placeholder ?? ''}
            showCursor
          />
        </Box>
        {suffix ? <Text color={theme.text.secondary}>{` ${suffix}`}</Text> : null}
      </Box>
      {error ? (
        <Box paddingLeft={4}>
          <Text color={theme.status.error}>{error}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
