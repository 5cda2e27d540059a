/**
 * The `?` help, listed from the keymap (so it is never out of date): the global keys, the list keys, the keys of
 * the current screen, the palette's and the forms', in one column that scrolls when it does not fit (issue 13
 * item 2: at 80 columns the descriptions are whole). The four screen keys share one row.
 */
import {Text} from 'ink';
import {useNavigation} from '../app/navigation-context.js';
import {formatKeys, keymap, keymapSections, type Command} from '../keymap.js';
import {theme} from '../theme.js';
import {ModalFrame} from './modal-frame.js';
import {ScrollView} from './scroll-view.js';
import {useLayout} from '../app/layout-context.js';
import stringWidth from 'string-width';

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

/** The help's rows for `screen`: each section's title, then `keys  description` rows, one line each. */
export function helpLines(screen: string): Array<{readonly key: string; readonly title?: string; readonly keys?: string; readonly description?: string}> {
  const titles = ['Everywhere', 'Lists', screen, 'Palette', 'Forms and dialogs'];
  const sections = titles
    .map((title) => keymapSections.find((candidate) => candidate.title.toLowerCase() === title.toLowerCase()))
    .filter((section) => section !== undefined);
  const lines: Array<{readonly key: string; readonly title?: string; readonly keys?: string; readonly description?: string}> = [];
  for (const section of sections) {
    lines.push({key: `title-${section.title}`, title: section.title});
    for (const [keys, description] of helpRows(section.commands)) lines.push({key: `${section.title}-${keys}`, keys, description});
  }
  return lines;
}

/** Splits `text` into lines of at most `width` columns at spaces (a longer word is cut by the row's truncation). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (stringWidth(next) <= width || line === '') line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Widest keys column; longer keys get a line of their own, the description under them. */
const MAX_KEYS_WIDTH = 12;

/**
 * The help overlay's content for the current screen, in one column: keys, then the description wrapped under
 * itself, so 80 columns (or 40) cut nothing; it scrolls (↑/↓, PgUp/PgDn, g/G) when the body is shorter than the
 * list. Closing is the caller's (Esc or `?`).
 */
export function HelpOverlay({isActive = false}: {readonly isActive?: boolean}) {
  const screen = useNavigation().state.route.name;
  const layout = useLayout();
  const lines = helpLines(screen);
  const keysWidth = Math.min(MAX_KEYS_WIDTH, Math.max(...lines.map((line) => stringWidth(line.keys ?? ''))));
  // The frame's border and padding take 4 columns; each key row is indented by 2 and separated by 2.
  const descriptionWidth = Math.max(10, layout.columns - 4 - 2 - keysWidth - 2);
  const indent = ' '.repeat(2 + keysWidth + 2);
  const rows: Array<{readonly key: string; readonly node: ReturnType<typeof Text>}> = [];
  for (const line of lines) {
    if (line.title) {
      rows.push({key: line.key, node: <Text bold wrap="truncate-end">{line.title}</Text>});
      continue;
    }
    const keysText = line.keys ?? '';
    const wrapped = wrapWords(line.description ?? '', descriptionWidth);
    const ownLine = stringWidth(keysText) > keysWidth;
    if (ownLine) rows.push({key: `${line.key}-keys`, node: <Text color={theme.text.accent} wrap="truncate-end">{`  ${keysText}`}</Text>});
    wrapped.forEach((part, index) => {
      const lead = index === 0 && !ownLine ? `  ${keysText.padEnd(keysWidth)}  ` : indent;
      rows.push({
        key: `${line.key}-${index}`,
        node: (
          <Text wrap="truncate-end">
            <Text color={theme.text.accent}>{lead}</Text>
            <Text>{part}</Text>
          </Text>
        ),
      });
    });
  }
  return (
    <ModalFrame title="Keys · Esc or ? closes this help">
      <ScrollView rows={rows} height={Math.max(1, layout.bodyRows - 3)} isActive={isActive} />
    </ModalFrame>
  );
}
