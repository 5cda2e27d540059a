/** The frame of a dialog or form: a rounded border, a title, and its content. */
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {theme} from '../theme.js';

/** Props of `ModalFrame`. */
export type ModalFrameProps = {readonly title: string; readonly children?: ReactNode};

/**
 * Draws `children` in a titled, bordered box as wide as its widest line (not the terminal's width; long lines wrap
 * at the terminal's), and as tall as its content within the lines the layout gives the body: what does not fit is
 * clipped inside the border, which stays whole.
 */
export function ModalFrame({title, children}: ModalFrameProps) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.focus} paddingX={1} alignSelf="flex-start" flexShrink={1} overflow="hidden">
      <Box flexDirection="column" flexShrink={0}>
        <Text bold color={theme.ui.focus}>
          {title}
        </Text>
        {children}
      </Box>
    </Box>
  );
}
