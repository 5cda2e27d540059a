/**
 * Every key of the dashboard, listed from the keymap (so help is never out of date): the global keys on the left,
 * the keys of each screen and of forms on the right, to fit a 24-line terminal.
 */
import {Box, Text} from 'ink';
import {formatKeys, keymap, keymapSections, type Command} from '../keymap.js';
import {theme} from '../theme.js';
import {ModalFrame} from './modal-frame.js';

function HelpSection({title, commands}: {readonly title: string; readonly commands: readonly Command[]}) {
  const keysWidth = Math.max(...commands.map((command) => formatKeys(command).length));
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{title}</Text>
      {commands.map((command) => (
        <Text key={command}>
          <Text color={theme.text.accent}>{`${formatKeys(command).padEnd(keysWidth)}  `}</Text>
          <Text>{keymap[command].description}</Text>
        </Text>
      ))}
    </Box>
  );
}

/** The help overlay's content; closing is the caller's (Esc or `?`). */
export function HelpOverlay() {
  const [global, ...others] = keymapSections;
  return (
    <ModalFrame title="Keys">
      <Box flexDirection="row">
        <Box flexDirection="column" width="50%">
          {global ? <HelpSection title={global.title} commands={global.commands} /> : null}
        </Box>
        <Box flexDirection="column" width="50%">
          {others.map(({title, commands}) => (
            <HelpSection key={title} title={title} commands={commands} />
          ))}
        </Box>
      </Box>
      <Text color={theme.text.secondary}>Esc or ? closes this help.</Text>
    </ModalFrame>
  );
}
