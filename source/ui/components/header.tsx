/** The top line: the app name and the screen tabs with their number keys; the current tab is bracketed. */
import {Text} from 'ink';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {SCREENS, type ScreenName} from '../app/router.js';
import {theme} from '../theme.js';

const LABELS: Record<ScreenName, string> = {providers: 'Providers', vms: 'VMs', streams: 'Streams', wallet: 'Wallet'};

/** Props of `Header`. */
export type HeaderProps = {readonly current: ScreenName};

/**
 * The tab line for `columns`: `golem  [1 Providers]   2 VMs …   ? help` when it fits; else single spaces without
 * `? help`; else only the current tab's name with the other tabs' numbers. Exported for tests.
 */
export function headerTabs(current: ScreenName, columns: number): ReadonlyArray<{readonly text: string; readonly isCurrent: boolean}> {
  const variants = [
    {
      parts: SCREENS.map((screen, index) => ({
        text: screen === current ? `  [${index + 1} ${LABELS[screen]}]` : `   ${index + 1} ${LABELS[screen]} `,
        isCurrent: screen === current,
      })),
      help: '   ? help',
    },
    {parts: SCREENS.map((screen, index) => ({text: screen === current ? ` [${index + 1} ${LABELS[screen]}]` : ` ${index + 1} ${LABELS[screen]}`, isCurrent: screen === current})), help: ''},
    {parts: SCREENS.map((screen, index) => ({text: screen === current ? ` [${index + 1} ${LABELS[screen]}]` : ` ${index + 1}`, isCurrent: screen === current})), help: ''},
  ];
  for (const variant of variants) {
    const parts = [...variant.parts, ...(variant.help ? [{text: variant.help, isCurrent: false}] : [])];
    if (5 + parts.reduce((sum, part) => sum + part.text.length, 0) <= columns) return parts;
  }
  return variants.at(-1)!.parts;
}

/** `golem  [1 Providers]  2 VMs  3 Streams  4 Wallet   ? help`, fitted to the terminal's width (one line). */
export function Header({current}: HeaderProps) {
  const {columns} = useTerminalSize();
  return (
    <Text wrap="truncate-end">
      <Text bold color={theme.text.accent}>
        golem
      </Text>
      {headerTabs(current, columns - 1).map((part) => (
        <Text key={part.text} bold={part.isCurrent} color={part.isCurrent ? theme.ui.focus : theme.text.secondary}>
          {part.text}
        </Text>
      ))}
    </Text>
  );
}
