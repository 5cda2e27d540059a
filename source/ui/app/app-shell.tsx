/**
 * The frame inside the providers: header, current screen, open modal, footer; the global keys; and the one
 * owner of `exit()` (Shopify's lifecycle root). Quitting and the SSH handoff both end the App: for a handoff
 * the owner learns what to run through `onHandoff` first, and from then on no key reaches any handler.
 *
 * Render discipline (issue 5 item 5, issue 13 item 2): the lines are divided by `computeLayout` (ui/layout.ts) —
 * the frame is one line shorter than the terminal, chrome shrinks with the height, the body (screen or dialog) gets
 * an exact number of lines and clips inside it; below 40×10 one line says how big the terminal must be; a resize
 * clears the terminal so the next frame is drawn whole. `:` opens the command palette; while it or a list filter takes text, the global keys stand
 * down (Ctrl-C still quits).
 */
import {Box, Text, useApp, useStdout} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import {useCommands} from '../hooks/use-commands.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {TextEntryProvider} from './text-entry-context.js';
import {Footer} from '../components/footer.js';
import {Header} from '../components/header.js';
import {useGlobalCommands} from '../hooks/use-global-commands.js';
import {DashboardStatus, type StatusProblem} from './dashboard-status.js';
import {theme} from '../theme.js';
import {HandoffProvider, type OnHandoff} from './handoff.js';
import {InterruptProvider, type InterruptClaim} from './interrupt-context.js';
import {useViews} from './lazy-views.js';
import {Loading} from '../components/loading.js';
import {useNavigation} from './navigation-context.js';
import {toSnapshot} from './router.js';
import {ScreenSwitch} from './screen-switch.js';
import {LayoutProvider} from './layout-context.js';
import {HintsProvider, type FocusHints} from './hints-context.js';
import {PALETTE_HINTS} from '../components/footer.js';
import {computeLayout, tooSmallMessage} from '../layout.js';
import {useForwards} from '../hooks/use-forwards.js';
import {useRecordEvent} from '../event-log/event-log-context.js';

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
  const record = useRecordEvent();
  const requestShell = useCallback(
    (vmName: string) => {
      if (endingRef.current === null) record({tone: 'info', text: `SSH session to ${vmName} opened`});
      if (end({kind: 'ssh', vmName})) onHandoffRef.current({kind: 'ssh', vmName, state: toSnapshot(stateRef.current)});
    },
    [end, record],
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
  const hasOverlay = hasModal || isPaletteOpen;
  useGlobalCommands({onQuit: quit, onInterrupt: interrupt, isActive: isLive && !isTyping});
  useCommands({'app.interrupt': interrupt}, {isActive: isLive && isTyping});
  useCommands({'app.palette': () => setPaletteOpen(true)}, {isActive: isLive && !hasModal && !isTyping});
  const {rows, columns} = useTerminalSize();
  // The dialogs and the palette load right after the first frame (lazy-views.tsx).
  const views = useViews();
  const [problem, setProblem] = useState<StatusProblem | null>(null);
  const [focusHints, setFocusHints] = useState<FocusHints | null>(null);
  // The session's port forwards: listed on their own status line, which the layout counts (issue 12 item 4).
  const {forwards} = useForwards();
  const layout = computeLayout({columns, rows, notice: state.notice, problem, hasForwards: forwards.length > 0});
  // Every notice (an operation's outcome, a monitor top-up or warning, a copied command) and every status problem
  // (a failed refresh, an unreachable RPC) goes to the session's event log.
  useEffect(() => {
    if (state.notice) record({tone: state.notice.tone, text: state.notice.text});
  }, [state.notice, record]);
  useEffect(() => {
    if (problem) record({tone: 'error', text: problem.text});
  }, [problem, record]);
  useClearOnResize();

  if (layout.isTooSmall) {
    // Keys still work (q, Ctrl-C): the handlers above stay registered.
    return (
      <Box height={layout.frameRows} overflow="hidden">
        <Text color={theme.status.warning} wrap="truncate-end">
          {tooSmallMessage(columns, rows)}
        </Text>
      </Box>
    );
  }

  return (
    <HandoffProvider requestShell={requestShell}>
      <InterruptProvider handlerRef={interruptRef}>
        <TextEntryProvider onChange={setTextEntry}>
          <LayoutProvider layout={layout}>
           <HintsProvider onChange={setFocusHints}>
            <Box flexDirection="column" height={layout.frameRows} overflow="hidden">
              <Box flexDirection="column" flexShrink={0}>
                <Header current={state.route.name} />
                <DashboardStatus
                  isActive={isLive && !hasModal && !isTyping}
                  isShown={layout.showStatus}
                  problemLines={layout.problemLines}
                  forwards={layout.forwardLines > 0 ? forwards : []}
                  onProblemChange={setProblem}
                />
              </Box>
              <Box
                marginTop={layout.gap}
                flexDirection="column"
                flexShrink={0}
                height={layout.bodyRows}
                overflow="hidden"
                display={hasOverlay ? 'none' : 'flex'}
              >
                <ScreenSwitch route={state.route} isActive={isLive && !hasModal && !isPaletteOpen} />
              </Box>
              {hasOverlay ? (
                // A dialog or the palette in place of the screen, sized to its content within the body's lines (its
                // border stays whole; what does not fit is clipped inside it, and the footer always shows the keys).
                <Box marginTop={layout.gap} flexDirection="column" flexShrink={0} height={layout.bodyRows} overflow="hidden">
                  {!views ? (
                    <Loading label="Loading" />
                  ) : state.modal ? (
                    <views.ModalLayer modal={state.modal} isActive={isLive} />
                  ) : (
                    <views.PaletteLayer onClose={closePalette} onQuit={quit} isActive={isLive} />
                  )}
                </Box>
              ) : null}
              {ending?.kind === 'ssh' ? <Text color={theme.status.info}>{`Opening a shell on ${ending.vmName}…`}</Text> : null}
              <Box flexDirection="column" flexShrink={0} marginTop={layout.gap}>
                <Footer
                  route={state.route}
                  modal={state.modal}
                  notice={state.notice}
                  noticeLines={layout.noticeLines}
                  hints={focusHints ?? (isPaletteOpen && !hasModal ? PALETTE_HINTS : null)}
                />
              </Box>
            </Box>
           </HintsProvider>
          </LayoutProvider>
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
