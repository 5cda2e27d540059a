/** The top line: the app name and the screen tabs with their number keys; the current tab is bracketed. */
import {Box, Text} from 'ink';
import {SCREENS, type ScreenName} from '../app/router.js';
import {theme} from '../theme.js';

const LABELS: Record<ScreenName, string> = {providers: 'Providers', vms: 'VMs', streams: 'Streams', wallet: 'Wallet'};

/** Props of `Header`. */
export type HeaderProps = {readonly current: ScreenName};

/** `golem  [1 Providers]  2 VMs  3 Streams  4 Wallet   ? help` */
export function Header({current}: HeaderProps) {
  return (
    <Box>
      <Text bold color={theme.text.accent}>
        golem
      </Text>
      {SCREENS.map((screen, index) => {
        const label = `${index + 1} ${LABELS[screen]}`;
        const isCurrent = screen === current;
        return (
          <Text key={screen} bold={isCurrent} color={isCurrent ? theme.ui.focus : theme.text.secondary}>
            {isCurrent ? `  [${label}]` : `   ${label} `}
          </Text>
        );
      })}
      <Text color={theme.text.secondary}>{'   ? help'}</Text>
    </Box>
  );
}
