/**
 * The `?` help, listed from the keymap (so it is never out of date): the global keys on the left; the list keys
 * and the keys of the current screen on the right; forms and the palette in one line each. It fits 80×24: rows
 * are cut with "…" rather than wrapped, and the four screen keys share one row.
 */
import {Box, Text} from 'ink';
import {useNavigation} from '../app/navigation-context.js';
import {formatKeys, keymap, keymapSections, type Command} from '../keymap.js';
import {theme} from '../theme.js';
import {ModalFrame} from './modal-frame.js';

const SCREEN_KEYS: readonly Command[] = ['app.screen-providers', 'app.screen-vms', 'app.screen-streams', 'app.screen-wallet'];

/** The rows of a help section: `[keys, description]`, the four screen keys merged into one row. */
export function helpRows(commands: readonly Command[]): Array<readonly [string, string]> {
  const rows: Array<readonly [string, string]> = [];
  for (const command of commands) {
    if (SCREEN_KEYS.includes(command)) {
      if (command === SCREEN_KEYS[0]) rows.push([SCREEN_KEYS.map((key) => formatKeys(key)).join(' '), 'Providers, VMs, Streams, Wallet']);
      continue;
    }
    rows.push([formatKeys(command), keymap[command].description]);
  }
  return rows;
}

function HelpSection({title, commands}: {readonly title: string; readonly commands: readonly Command[]}) {
  const rows = helpRows(commands);
  const keysWidth = Math.max(...rows.map(([keys]) => keys.length));
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{title}</Text>
      {rows.map(([keys, description]) => (
        <Text key={keys} wrap="truncate-end">
          <Text color={theme.text.accent}>{`${keys.padEnd(keysWidth)}  `}</Text>
          <Text>{description}</Text>
        </Text>
      ))}
    </Box>
  );
}

function inline(title: string, commands: readonly Command[]): string {
  return `${title}: ${commands.map((command) => `${formatKeys(command)} ${keymap[command].description.toLowerCase()}`).join(' · ')}`;
}

/** The help overlay's content for the current screen; closing is the caller's (Esc or `?`). */
export function HelpOverlay() {
  const screen = useNavigation().state.route.name;
  const section = (title: string) => keymapSections.find((candidate) => candidate.title === title);
  const global = section('Everywhere');
  const lists = section('Lists');
  const current = keymapSections.find((candidate) => candidate.title.toLowerCase() === screen);
  const forms = section('Forms and dialogs');
  const palette = section('Palette');
  return (
    <ModalFrame title="Keys · Esc or ? closes this help">
      <Box flexDirection="row">
        <Box flexDirection="column" width="50%" paddingRight={1}>
          {global ? <HelpSection title={global.title} commands={global.commands} /> : null}
        </Box>
        <Box flexDirection="column" width="50%">
          {lists ? <HelpSection title={lists.title} commands={lists.commands} /> : null}
          {current ? <HelpSection title={current.title} commands={current.commands} /> : null}
        </Box>
      </Box>
      {forms ? (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {inline('Forms', ['form.next-field', 'form.submit', 'modal.close'])}
        </Text>
      ) : null}
      {palette ? (
        <Text color={theme.text.secondary} wrap="truncate-end">
          {inline('Palette', palette.commands)}
        </Text>
      ) : null}
    </ModalFrame>
  );
}
