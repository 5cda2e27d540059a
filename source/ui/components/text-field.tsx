/**
 * A labelled one-line text field over `TextInput`, safe for pastes (case-14): a bracketed paste arrives as one
 * input with its line breaks removed (terminal/key-stream.ts), so a pasted newline never reaches the form as
 * Enter; control characters never enter the value, so the whole paste lands on one line with the cursor at its
 * end, and the form validates exactly what was pasted.
 */
import {Box, Text, useStdin} from 'ink';
import {theme} from '../theme.js';
import {TextInput, toSingleLine} from './text-input.js';

export {toSingleLine};

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
