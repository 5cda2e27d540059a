/** A line of key hints built from the keymap, so the footer never disagrees with the bindings. */
import {Text} from 'ink';
import {formatBinding, keymap, type Command, type KeyBinding} from '../keymap.js';
import {theme} from '../theme.js';

/** Props of `KeyHints`: commands to show, each with an optional short label. */
export type KeyHintsProps = {readonly hints: ReadonlyArray<readonly [Command, string]>};

/** `c create · r refresh · ? help` — first key of each command and a short label. */
export function KeyHints({hints}: KeyHintsProps) {
  return (
    <Text color={theme.text.secondary} wrap="truncate-end">
      {hints
        .map(([command, label]) => {
          const first: KeyBinding | undefined = keymap[command].keys[0];
          return `${first ? formatBinding(first) : ''} ${label}`;
        })
        .join(' · ')}
    </Text>
  );
}
