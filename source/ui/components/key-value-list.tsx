/** Labelled values in two aligned columns (the Wallet screen). */
import {Box, Text} from 'ink';
import {sanitizeText} from '../../lib/sanitize.js';
import {displayWidth} from '../../lib/text-width.js';
import {theme} from '../theme.js';

/** Props of `KeyValueList`. */
export type KeyValueListProps = {readonly items: ReadonlyArray<readonly [label: string, value: string]>};

/** `Address   0x…` with labels padded to the widest. */
export function KeyValueList({items}: KeyValueListProps) {
  const labelWidth = Math.max(0, ...items.map(([label]) => displayWidth(label)));
  return (
    <Box flexDirection="column">
      {items.map(([label, value]) => (
        <Text key={label}>
          <Text color={theme.text.secondary}>{label.padEnd(labelWidth + 2)}</Text>
          <Text>{sanitizeText(value)}</Text>
        </Text>
      ))}
    </Box>
  );
}
