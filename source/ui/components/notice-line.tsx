/** The footer's message line: the last action's outcome, or an error with its hint. */
import {Box, Text} from 'ink';
import type {Notice} from '../app/router.js';
import {theme} from '../theme.js';

const MARKS: Record<Notice['tone'], string> = {info: 'ℹ', success: '✔', error: '✖'};

/** Props of `NoticeLine`. */
export type NoticeLineProps = {readonly notice: Notice};

/** Shows `notice` with a tone mark (readable without colour). */
export function NoticeLine({notice}: NoticeLineProps) {
  const color =
    notice.tone === 'error' ? theme.status.error : notice.tone === 'success' ? theme.status.success : theme.status.info;
  return (
    <Box flexDirection="column">
      <Text color={color}>{`${MARKS[notice.tone]} ${notice.text}`}</Text>
      {notice.hint ? <Text color={theme.text.secondary}>{`  ${notice.hint}`}</Text> : null}
    </Box>
  );
}
