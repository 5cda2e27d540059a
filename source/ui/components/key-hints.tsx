/**
 * A line of key hints built from the keymap, so the footer never disagrees with the bindings. In a narrow terminal
 * (80 columns) the hints that the help overlay and the header already teach go first (Tab screens, r refresh,
 * `:` commands), then the screen's own from the end; `? help` and `q quit` always stay.
 */
import {Text} from 'ink';
import stringWidth from 'string-width';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {formatBinding, keymap, type Command, type KeyBinding} from '../keymap.js';
import {theme} from '../theme.js';

type Hint = readonly [Command, string];

/** Dropped first when the line does not fit, in this order. */
const DROP_FIRST: readonly Command[] = ['app.next-screen', 'app.refresh', 'app.palette'];
/** Never dropped. */
const KEEP: readonly Command[] = ['app.help', 'app.quit', 'app.back', 'modal.close'];
const SEPARATOR = ' · ';

function hintText([command, label]: Hint): string {
  const first: KeyBinding | undefined = keymap[command].keys[0];
  return `${first ? formatBinding(first) : ''} ${label}`;
}

/**
 * The hint line for `columns` display columns: all hints joined with ` · ` when they fit; else without the
 * `DROP_FIRST` ones, then without the screen's own from the last, never without help/quit/back/cancel (the line is
 * cut with … only if even those do not fit).
 */
export function fitHints(hints: readonly Hint[], columns: number): string {
  const kept = [...hints];
  const line = () => kept.map(hintText).join(SEPARATOR);
  for (const command of DROP_FIRST) {
    if (stringWidth(line()) <= columns) return line();
    const index = kept.findIndex(([candidate]) => candidate === command);
    if (index >= 0) kept.splice(index, 1);
  }
  for (let index = kept.length - 1; index >= 0 && stringWidth(line()) > columns; index--) {
    if (!KEEP.includes(kept[index]![0])) kept.splice(index, 1);
  }
  return line();
}

/** Props of `KeyHints`: commands to show, each with an optional short label. */
export type KeyHintsProps = {readonly hints: ReadonlyArray<Hint>};

/** `c create · r refresh · ? help` — first key of each command and a short label, fitted to the terminal. */
export function KeyHints({hints}: KeyHintsProps) {
  const {columns} = useTerminalSize();
  return (
    <Text color={theme.text.secondary} wrap="truncate-end">
      {fitHints(hints, Math.max(20, columns - 1))}
    </Text>
  );
}
