/** Every key of the dashboard, listed from the keymap (so help is never out of date). */
import {Box, Text} from 'ink';
import {formatKeys, keymap, keymapSections} from '../keymap.js';
import {theme} from '../theme.js';
import {ModalFrame} from './modal-frame.js';

/** The help overlay's content; closing is the caller's (Esc or `?`). */
export function HelpOverlay() {
  const width = Math.max(...keymapSections.flatMap(({commands}) => commands.map((command) => formatKeys(command).length)));
  return (
    <ModalFrame title="Keys">
      {keymapSections.map(({title, commands}) => (
        <Box key={title} flexDirection="column" marginTop={1}>
          <Text bold>{title}</Text>
          {commands.map((command) => (
            <Text key={command}>
              <Text color={theme.text.accent}>{`  ${formatKeys(command).padEnd(width)}  `}</Text>
              <Text>{keymap[command].description}</Text>
            </Text>
          ))}
        </Box>
      ))}
      <Text color={theme.text.secondary}>{'\nEsc or ? closes this help.'}</Text>
    </ModalFrame>
  );
}
