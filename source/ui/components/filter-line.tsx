/**
 * The filter line under a list: `/ text▌  Enter keep · Esc clear` while typing, `filter: text (3 of 120) · Esc
 * clears` once kept, nothing without a filter. Typed and pasted text is made one line (case-14).
 */
import {Box, Text, useStdin} from 'ink';
import {TextInput} from './text-input.js';
import type {ListFilter} from '../hooks/use-list-filter.js';
import {theme} from '../theme.js';
import {toSingleLine} from './text-field.js';

/** Props of `FilterLine`: the list's filter, and how many rows match out of how many. */
export type FilterLineProps = {readonly filter: ListFilter; readonly matched: number; readonly total: number};

/** One line (or none) showing the list filter. */
export function FilterLine({filter, matched, total}: FilterLineProps) {
  const {isRawModeSupported} = useStdin();
  if (filter.isEditing) {
    return (
      <Box>
        <Text color={theme.ui.focus}>/ </Text>
        <Box flexShrink={1}>
          <TextInput
            value={filter.query}
            onChange={(next) => filter.setQuery(toSingleLine(next))}
            focus={isRawModeSupported === true}
            placeholder="type to filter"
          />
        </Box>
        <Text color={theme.text.secondary} wrap="truncate-end">{`  ${matched} of ${total} · Enter keep · Esc clear`}</Text>
      </Box>
    );
  }
  if (filter.query === '') return null;
  return (
    <Text color={theme.text.secondary} wrap="truncate-end">
      {`filter: ${toSingleLine(filter.query)} (${matched} of ${total}) · / edit · Esc clear`}
    </Text>
  );
}
