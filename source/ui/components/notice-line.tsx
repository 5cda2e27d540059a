/** The footer's message line: the last action's outcome, or an error with its hint; each line cut to the width. */
import {Box, Text} from 'ink';
import type {Notice} from '../app/router.js';
import {theme} from '../theme.js';

const MARKS: Record<Notice['tone'], string> = {info: 'ℹ', success: '✔', warning: '⚠', error: '✖'};

/** Props of `NoticeLine`. */
export type NoticeLineProps = {readonly notice: Notice};

/** Shows `notice` with a tone mark (readable without colour). */
export function NoticeLine({notice}: NoticeLineProps) {
  const color = {error: theme.status.error, warning: theme.status.warning, success: theme.status.success, info: theme.status.info}[
    notice.tone
  ];
  return (
    <Box flexDirection="column">
      <Text color={color} wrap="truncate-end">{`${MARKS[notice.tone]} ${notice.text}`}</Text>
      {notice.hint ? <Text color={theme.text.secondary} wrap="truncate-end">{`  ${notice.hint}`}</Text> : null}
    </Box>
  );
}
