/**
 * The frame inside the providers: header, current screen, open modal, footer; the global keys; and the one
 * owner of `exit()` (Shopify's lifecycle root). Quitting and the SSH handoff both end the App: for a handoff
 * the owner learns what to run through `onHandoff` first, and from then on no key reaches any handler.
 */
import {Box, Text, useApp} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import {Footer} from '../components/footer.js';
import {Header} from '../components/header.js';
import {useGlobalCommands} from '../hooks/use-global-commands.js';
import {theme} from '../theme.js';
import {HandoffProvider, type OnHandoff} from './handoff.js';
import {ModalLayer} from './modal-layer.js';
import {useNavigation} from './navigation-context.js';
import {toSnapshot} from './router.js';
import {ScreenSwitch} from './screen-switch.js';

type Ending = {readonly kind: 'quit'} | {readonly kind: 'ssh'; readonly vmName: string};

/** Props of `AppShell`. */
export type AppShellProps = {readonly onHandoff: OnHandoff};

/** The dashboard frame and lifecycle. */
export function AppShell({onHandoff}: AppShellProps) {
  const {exit} = useApp();
  const {state} = useNavigation();
  const [ending, setEnding] = useState<Ending | null>(null);
  const endingRef = useRef<Ending | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  const onHandoffRef = useRef(onHandoff);
  onHandoffRef.current = onHandoff;

  const end = useCallback((next: Ending) => {
    if (endingRef.current) return false;
    endingRef.current = next;
    setEnding(next);
    return true;
  }, []);
  const quit = useCallback(() => void end({kind: 'quit'}), [end]);
  const requestShell = useCallback(
    (vmName: string) => {
      if (end({kind: 'ssh', vmName})) onHandoffRef.current({kind: 'ssh', vmName, state: toSnapshot(stateRef.current)});
    },
    [end],
  );
  // Exit after the render that disabled every input handler, not from inside the key handler itself.
  useEffect(() => {
    if (ending) exit();
  }, [ending, exit]);

  const isLive = ending === null;
  useGlobalCommands({onQuit: quit, isActive: isLive});

  return (
    <HandoffProvider requestShell={requestShell}>
      <Box flexDirection="column">
        <Header current={state.route.name} />
        <Box marginTop={1} flexDirection="column" display={state.modal ? 'none' : 'flex'}>
          <ScreenSwitch route={state.route} isActive={isLive && state.modal === null} />
        </Box>
        {state.modal ? <ModalLayer modal={state.modal} isActive={isLive} /> : null}
        {ending?.kind === 'ssh' ? <Text color={theme.status.info}>{`Opening a shell on ${ending.vmName}…`}</Text> : null}
        <Footer screen={state.route.name} modal={state.modal} notice={state.notice} />
      </Box>
    </HandoffProvider>
  );
}
