/**
 * The frame inside the providers: header, current screen, open modal, footer; the global keys; and the one
 * owner of `exit()` (Shopify's lifecycle root). Quitting and the SSH handoff both end the App: for a handoff
 * the owner learns what to run through `onHandoff` first, and from then on no key reaches any handler.
 *
 * Render discipline (issue 5 item 5): the frame is one line shorter than the terminal (a full-height frame makes
 * Ink clear the screen on every render); the screen area shrinks and clips while header, status and footer keep
 * their lines; a resize clears the terminal so the next frame is drawn whole. `:` opens the command palette; while it or a list filter takes text, the global keys stand
 * down (Ctrl-C still quits).
 */
import {Box, Text, useApp, useStdout} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import {useCommands} from '../hooks/use-commands.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {PaletteLayer} from './palette-layer.js';
import {TextEntryProvider} from './text-entry-context.js';
import {Footer} from '../components/footer.js';
import {Header} from '../components/header.js';
import {useGlobalCommands} from '../hooks/use-global-commands.js';
import {DashboardStatus} from './dashboard-status.js';
import {theme} from '../theme.js';
import {HandoffProvider, type OnHandoff} from './handoff.js';
import {InterruptProvider, type InterruptClaim} from './interrupt-context.js';
import {ModalLayer} from './modal-layer.js';
import {useNavigation} from './navigation-context.js';
import {toSnapshot} from './router.js';
import {ScreenSwitch} from './screen-switch.js';

type Ending = {readonly kind: 'quit'} | {readonly kind: 'interrupt'} | {readonly kind: 'ssh'; readonly vmName: string};

/** Props of `AppShell`. */
export type AppShellProps = {
  readonly onHandoff: OnHandoff;
  /**
   * Called once when the user quits with Ctrl-C (the owner exits 130, as shells report an interrupted command),
   * with the lines to print after the screen is restored: what exists of an operation a second Ctrl-C abandoned.
   */
  readonly onInterrupt?: ((report: readonly string[]) => void) | undefined;
};

/** The dashboard frame and lifecycle. */
export function AppShell({onHandoff, onInterrupt}: AppShellProps) {
  const {exit} = useApp();
  const {state} = useNavigation();
  const [ending, setEnding] = useState<Ending | null>(null);
  const endingRef = useRef<Ending | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  const onHandoffRef = useRef(onHandoff);
  onHandoffRef.current = onHandoff;
  const onInterruptRef = useRef(onInterrupt);
  onInterruptRef.current = onInterrupt;

  const end = useCallback((next: Ending) => {
    if (endingRef.current) return false;
    endingRef.current = next;
    setEnding(next);
    return true;
  }, []);
  const quit = useCallback(() => void end({kind: 'quit'}), [end]);
  // Ctrl-C quits (130), unless something running claimed it: then the first one cancels safely (the create wizard)
  // and a second one, while that still runs, quits at once with what exists printed (issue 13 item 6).
  const interruptRef = useRef<InterruptClaim | null>(null);
  const cancelledRef = useRef<InterruptClaim | null>(null);
  const interrupt = useCallback(() => {
    const claim = interruptRef.current;
    if (claim && cancelledRef.current !== claim) {
      cancelledRef.current = claim;
      claim.cancel();
      return;
    }
    const report = claim ? claim.describe() : [];
    if (end({kind: 'interrupt'})) onInterruptRef.current?.(report);
  }, [end]);
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
  const [isPaletteOpen, setPaletteOpen] = useState(false);
  const [isTextEntry, setTextEntry] = useState(false);
  const closePalette = useCallback(() => setPaletteOpen(false), []);
  const isTyping = isPaletteOpen || isTextEntry;
  const hasModal = state.modal !== null;
  useGlobalCommands({onQuit: quit, onInterrupt: interrupt, isActive: isLive && !isTyping});
  useCommands({'app.interrupt': interrupt}, {isActive: isLive && isTyping});
  useCommands({'app.palette': () => setPaletteOpen(true)}, {isActive: isLive && !hasModal && !isTyping});
  const {rows} = useTerminalSize();
  useClearOnResize();

  return (
    <HandoffProvider requestShell={requestShell}>
      <InterruptProvider handlerRef={interruptRef}>
        <TextEntryProvider onChange={setTextEntry}>
          <Box flexDirection="column" height={Math.max(1, rows - 1)} overflow="hidden">
            <Box flexDirection="column" flexShrink={0}>
              <Header current={state.route.name} />
              <DashboardStatus isActive={isLive && !hasModal && !isTyping} />
            </Box>
            <Box marginTop={1} flexDirection="column" flexShrink={1} overflow="hidden" display={hasModal ? 'none' : 'flex'}>
              <ScreenSwitch route={state.route} isActive={isLive && !hasModal && !isPaletteOpen} />
            </Box>
            {state.modal ? (
              // A modal keeps all its lines (a long pasted value stays visible whole, case-14); in a terminal too
              // short for it, the footer below is what gets cut.
              <Box flexDirection="column" flexShrink={0}>
                <ModalLayer modal={state.modal} isActive={isLive} />
              </Box>
            ) : null}
            {isPaletteOpen && !hasModal ? (
              <Box flexDirection="column" flexShrink={0}>
                <PaletteLayer onClose={closePalette} onQuit={quit} isActive={isLive} />
              </Box>
            ) : null}
            {ending?.kind === 'ssh' ? <Text color={theme.status.info}>{`Opening a shell on ${ending.vmName}…`}</Text> : null}
            <Box flexDirection="column" flexShrink={0}>
              <Footer route={state.route} modal={state.modal} notice={state.notice} />
            </Box>
          </Box>
        </TextEntryProvider>
      </InterruptProvider>
    </HandoffProvider>
  );
}

/** Clears the terminal on resize (after Ink's own re-layout), so the next frame is drawn whole, not over debris. */
function useClearOnResize(): void {
  const {stdout} = useStdout();
  useEffect(() => {
    const clear = () => {
      if (stdout.isTTY) stdout.write('\u001B[2J\u001B[3J\u001B[H');
    };
    stdout.on('resize', clear);
    return () => {
      stdout.off('resize', clear);
    };
  }, [stdout]);
}
