/** The frame of a dialog or form: a rounded border, a title, and its content. */
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {theme} from '../theme.js';

/** Props of `ModalFrame`. */
export type ModalFrameProps = {readonly title: string; readonly children?: ReactNode};

/** Draws `children` in a titled, bordered box. */
export function ModalFrame({title, children}: ModalFrameProps) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.focus} paddingX={1}>
      <Text bold color={theme.ui.focus}>
        {title}
      </Text>
      {children}
    </Box>
  );
}
