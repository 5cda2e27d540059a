/**
 * `golem tui`: the full-screen dashboard, and the owner of the terminal while it runs.
 *
 * The loop: enter the alternate screen → render the App → wait for it to exit. On quit, restore and return. On an
 * SSH handoff, the App has already exited (Ink unmounted: its stdin listener is gone, raw mode is off); this
 * leaves the alternate screen, shows the cursor, runs `services.openShell` on the real terminal, throws away any
 * typeahead meant for the remote shell, then re-enters the alternate screen with a fresh App (a full redraw) in
 * the state the user left (case-10, case-11). Every exit path — quit, signal, exception — restores the terminal.
 *
 * Ink, React and the App load lazily (`golem --help` must not pay for them, design.md start-up). The first frame is
 * drawn before the services exist (issue 16 item 4): the App gets a deferred facade (services/deferred-services.ts)
 * and `loadServices` runs only once that frame is on the screen, so the frame never waits on the database, its
 * migrations, discovery, the chain or the adapters' modules; the screens show their tables with "loading" rows meanwhile.
 */
import v8 from 'node:v8';
import type {Paths} from '../config/paths.js';
import type {AppConfig} from '../config/settings.js';
import type {Services} from '../services/services.js';
import type {Handoff} from '../ui/app/handoff.js';
import type {Notice, UiSnapshot} from '../ui/app/router.js';
import type {SshCommandFor} from '../ui/app/ssh-command-context.js';
import type {ColorLevel} from '../ui/terminal/color-support.js';
import {formatKeys, keymap, keymapSections} from '../ui/keymap.js';
import {defineCommand, type CommandIo} from './command.js';

/** The one line printed when stdin/stdout are not an interactive terminal (case-09). */
export const NOT_INTERACTIVE_MESSAGE =
  'golem tui needs an interactive terminal (TTY); use `golem vm list`, `golem vm stream list` or `golem wallet` instead.';

/** Exit code after SIGINT/SIGTERM (128 + 2, as shells report an interrupted command). */
export const INTERRUPTED_EXIT_CODE = 130;

/** How long typeahead is discarded after a shell ends, in ms. */
export const TYPEAHEAD_GRACE_MS = 150;

/** What `runTui` needs from the command's io. */
export type TuiIo = Pick<CommandIo, 'stdin' | 'stdout' | 'stderr' | 'signal' | 'isInteractive'>;

/** How `runTui` gets its services (the composition root in production, an in-memory one in tests). */
export type RunTuiOptions = {
  /**
   * Builds the services; called once, after the first frame was drawn (the UI waits for it meanwhile). What it
   * throws ends the dashboard: the terminal is restored and the error propagates.
   */
  readonly loadServices: () => Promise<Services> | Services;
  /**
   * What must happen on the plain terminal before the dashboard takes it (asking an encrypted wallet's password);
   * what it throws propagates before the screen changed. @default nothing
   */
  readonly beforeScreen?: () => Promise<void> | void;
  /** @default TYPEAHEAD_GRACE_MS */
  readonly typeaheadGraceMs?: number;
  /**
   * Whether the auto top-up monitor starts with the dashboard (`config.monitor.enabled`); read after the services
   * loaded. When false it still can be started from the dashboard with F. @default () => false
   */
  readonly isMonitorEnabled?: () => boolean;
  /**
   * `--no-color`: no colours, the same as `NO_COLOR` set (https://no-color.org); the level is decided once, before
   * the UI modules load (ui/terminal/color-support.ts), and nothing is written to the environment. @default false
   */
  readonly noColor?: boolean;
  /**
   * Builds the `ssh` line the VM detail view shows for copying (golem's key and known_hosts, reference §10.3);
   * called once after the services loaded. Without it the view shows `golem vm ssh NAME`.
   */
  readonly loadSshCommandFor?: () => Promise<SshCommandFor | null> | SshCommandFor | null;
};

/**
 * Runs the dashboard until the user quits or `io.signal` aborts. Returns 0 on quit (q, :quit), 130 on Ctrl-C or a
 * signal (after printing, on stderr, what exists of an operation a second Ctrl-C abandoned), 1 when the
 * terminal is not interactive. Errors from `beforeScreen` propagate before the screen changed; errors from
 * loading services (after the first frame) and any other exception propagate after the terminal was restored.
 */
export async function runTui(
  io: TuiIo,
  {loadServices, beforeScreen, typeaheadGraceMs = TYPEAHEAD_GRACE_MS, isMonitorEnabled = () => false, noColor = false, loadSshCommandFor}: RunTuiOptions,
): Promise<number> {
  if (!io.isInteractive) {
    io.stderr.write(`${NOT_INTERACTIVE_MESSAGE}\n`);
    return 1;
  }
  const {configureColorLevel, detectColorLevel} = await import('../ui/terminal/color-support.js');
  const colorLevel = detectColorLevel({env: process.env, isTerminal: io.stdout.isTTY === true, noColorFlag: noColor});
  configureColorLevel(colorLevel);
  // React's development build (chosen when NODE_ENV is unset) checks every render: more idle CPU and memory (issue 7).
  process.env['NODE_ENV'] ??= 'production';
  tuneHeapForIdle();
  await beforeScreen?.();
  const {render} = await loadInk(colorLevel);
  const [{createElement}, {App}, terminal, {errorNotice}, {createMonitorController}, {createKeyStream}, {createEventLog}, {monitorNotice}, {deferServices}, {loadViews}] = await Promise.all([
    import('react'),
    import('../ui/app/app.js'),
    import('../ui/terminal/terminal-modes.js'),
    import('../ui/describe-error.js'),
    import('../ui/app/monitor-controller.js'),
    import('../ui/terminal/key-stream.js'),
    import('../ui/event-log/event-log.js'),
    import('../ui/hooks/use-monitor-notices.js'),
    import('../services/deferred-services.js'),
    import('../ui/app/lazy-views.js'),
  ]);
  const deferred = deferServices(loadServices);
  const {services} = deferred;
  // Set when the services could not be built: the App is unmounted and the error rethrown once the screen is restored.
  let loadFailure: {error: unknown} | null = null;
  const sshCommandFor = (await loadSshCommandFor?.()) ?? null;
  const screen = terminal.createScreenGuard(io);
  // The monitor belongs to the session, not to one App: it keeps funding while the terminal is lent to a shell.
  const monitor = createMonitorController(services);
  // So is the event log (`L`): it keeps the monitor's top-ups and warnings during a shell too.
  const eventLog = createEventLog();
  monitor.onEvent((event) => {
    const notice = monitorNotice(event);
    if (notice) eventLog.record(notice);
  });
  try {
    if (isMonitorEnabled()) monitor.start();
    let snapshot: UiSnapshot | undefined;
    for (;;) {
      if (io.signal.aborted) return INTERRUPTED_EXIT_CODE;
      screen.enter();
      const request: {handoff: Handoff | null; interrupt: readonly string[] | null} = {handoff: null, interrupt: null};
      // Keys reach Ink one at a time, in order (issue 13 item 4); undelivered ones go back to stdin on detach. Those
      // typed before the views not in the first frame are loaded wait for them (issue 16).
      let drawn: () => void = () => {};
      const views = new Promise<void>((resolve) => (drawn = resolve)).then(() => loadViews());
      const keys = createKeyStream(io.stdin, {heldUntil: views});
      const instance = render(
        createElement(App, {
          services,
          monitor,
          eventLog,
          sshCommandFor,
          initialState: snapshot,
          onHandoff: (handoff: Handoff) => {
            request.handoff = handoff;
          },
          onInterrupt: (report: readonly string[]) => {
            request.interrupt = report;
          },
        }),
        {stdin: keys, stdout: io.stdout, stderr: io.stderr, exitOnCtrlC: false, patchConsole: false},
      );
      // The first frame is on the screen now (Ink draws it synchronously): only now is anything loaded.
      drawn();
      deferred.start().catch((error: unknown) => {
        loadFailure = {error};
        instance.unmount();
      });
      const unmountOnAbort = () => instance.unmount();
      io.signal.addEventListener('abort', unmountOnAbort, {once: true});
      try {
        await instance.waitUntilExit();
      } finally {
        io.signal.removeEventListener('abort', unmountOnAbort);
        instance.unmount();
        instance.cleanup();
        keys.detach();
      }
      screen.leave();
      if (loadFailure) throw (loadFailure as {error: unknown}).error;
      if (io.signal.aborted) return INTERRUPTED_EXIT_CODE;
      if (request.interrupt) {
        for (const line of request.interrupt) io.stderr.write(`${line}\n`);
        return INTERRUPTED_EXIT_CODE;
      }
      const {handoff} = request;
      if (!handoff) return 0;

      // A clean screen for the shell, so a second session never starts under the first one's output.
      io.stdout.write(`${terminal.CLEAR_SCREEN}Connecting to ${handoff.vmName}… (exit the shell to return to golem)\n`);
      let notice: Notice;
      terminal.lendStdin(io.stdin);
      await terminal.settleStdin();
      isTerminalLentToShell = true;
      try {
        const {exitCode} = await untilAborted(
          services.openShell(handoff.vmName, {stdin: io.stdin, stdout: io.stdout}),
          io.signal,
        );
        notice =
          exitCode === 0
            ? {tone: 'info', text: `Back from the shell on ${handoff.vmName}.`}
            : {tone: 'info', text: `The shell on ${handoff.vmName} ended with exit code ${exitCode}.`};
      } catch (error) {
        if (io.signal.aborted) return INTERRUPTED_EXIT_CODE;
        notice = errorNotice(error, `Could not open a shell on ${handoff.vmName}`);
        io.stderr.write(`${notice.text}${notice.hint ? ` (${notice.hint})` : ''}\n`);
      } finally {
        isTerminalLentToShell = false;
        terminal.releaseStdin(io.stdin);
      }
      await terminal.discardTypeahead(io.stdin, typeaheadGraceMs);
      // And nothing of the shell's output stays on the main screen after it (seen again at quit or the next shell).
      io.stdout.write(terminal.CLEAR_SCREEN);
      snapshot = {...handoff.state, notice};
    }
  } finally {
    screen.leave();
    await monitor.stop();
    services.close();
  }
}

/**
 * The VM detail view's `ssh` line builder for these paths: the key golem uses (GOLEM_REQUESTOR_SSH_KEY_PATH, else
 * `<sshKeyDir>/golem_id_ed25519`, as the key store resolves it), golem's own known_hosts and the rental's
 * `HostKeyAlias` — the same line `golem vm create` prints (commands/ssh-command-line.ts, reference §10.3). Null for a VM
 * without an SSH port yet. Loads the ssh helpers lazily.
 */
export async function loadSshCommandFor(paths: Pick<Paths, 'sshKeyPath' | 'sshKeyDir' | 'knownHostsPath'>): Promise<SshCommandFor> {
  const {sshCommandLine} = await import('./ssh-command-line.js');
  return (vm) => sshCommandLine(vm, paths);
}

/** True while Ink has handed the terminal over for an SSH shell: the only moment a prompt may read it. */
let isTerminalLentToShell = false;

/**
 * The dashboard's passphrase prompt for an encrypted SSH key (issue 12 item 5): asked on the real terminal while it
 * is handed over for the shell (Enter on a VM), input hidden, retried after a wrong passphrase; the unlocked key
 * then serves the rest of the session (create, stats). While Ink draws, the key is refused with the ways to unlock it.
 */
function dashboardPassphrasePrompt(io: CommandIo) {
  return async ({keyPath, isRetry}: {keyPath: string; isRetry: boolean}): Promise<string> => {
    if (!isTerminalLentToShell) {
      const {InvalidInputError} = await import('../errors.js');
      throw new InvalidInputError({
        issues: [`The SSH key ${keyPath} is encrypted.`],
        hint: 'Press Enter on a VM to type its passphrase once, or set GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE, or add it with `ssh-add`.',
      });
    }
    const {readHiddenLine} = await import('./wallet-password.js');
    return readHiddenLine({...io, prompt: `${isRetry ? 'Wrong passphrase, try again. ' : ''}Passphrase for ${keyPath}: `});
  };
}

/** How long after start-up V8 keeps optimising for size (the start-up's burst of loads is over by then), ms. */
const SIZE_TUNING_MS = 10_000;

/**
 * A dashboard idles for hours with short bursts of work (a refresh of 100 VMs: 100 requests and their errors).
 * V8 grows its young generation after such a burst (to 16 MB × 3 semi-spaces by default) and keeps it, and during
 * start-up (every screen's first load at once) grows the old generation's capacity well past what stays alive; that
 * is most of the resident memory above a bare Ink app (issue 16: < 120 MB with 100 VMs). Growth factor 1 keeps the
 * young generation at its starting size; `--optimize-for-size` during start-up keeps the heap from growing for the
 * start-up burst, and is turned off after `SIZE_TUNING_MS` because it costs CPU on every later refresh (measured
 * with bench/dashboard.bench.ts: always on, ~114 MB but 2 % idle; never, ~0.3 % idle but 125–133 MB).
 */
function tuneHeapForIdle(): void {
  const setFlag = (flag: string) => {
    try {
      v8.setFlagsFromString(flag);
    } catch {
      // An engine without the flag keeps its defaults.
    }
  };
  setFlag('--semi-space-growth-factor=1');
  setFlag('--optimize-for-size');
  setTimeout(() => setFlag('--no-optimize-for-size'), SIZE_TUNING_MS).unref();
}

/**
 * Loads Ink for an interactive terminal, with colours at the level detected from that terminal.
 *
 * Ink asks `is-in-ci` once, when it is first imported, whether it runs in CI (`CI` or `CONTINUOUS_INTEGRATION` set
 * and not `0`/`false`), and if so draws only the final frame — right for a CI log, wrong for a dashboard on a TTY
 * (we only get here when stdin and stdout are terminals, case-09). So those two variables are hidden while Ink's
 * module graph evaluates and put back, unchanged, before anything else runs: chalk is imported first (it reads its
 * own environment at load) and then gets the level we detected, `is-in-ci` is the only module in Ink's graph that
 * reads them, and the services, the monitor and the SSH session see the environment exactly as the user set it
 * (issue 13 item 1; the old `CI=0` made chalk drop every colour).
 */
async function loadInk(colorLevel: ColorLevel): Promise<typeof import('ink')> {
  const {default: chalk} = await import('chalk');
  chalk.level = colorLevel;
  const hidden = ['CI', 'CONTINUOUS_INTEGRATION'].filter((name) => process.env[name] !== undefined);
  const saved = hidden.map((name) => [name, process.env[name]] as const);
  for (const name of hidden) delete process.env[name];
  try {
    return await import('ink');
  } finally {
    for (const [name, value] of saved) process.env[name] = value;
  }
}

/** Resolves or rejects with `promise`, or rejects as soon as `signal` aborts (the shell cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, {once: true});
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The key table of the help text, from the keymap (which has no runtime imports, so this costs nothing). */
function keyTable(): string {
  const lines: string[] = [];
  for (const {title, commands} of keymapSections) {
    lines.push(`    ${title}`);
    for (const command of commands) lines.push(`      ${formatKeys(command).padEnd(20)}${keymap[command].description}`);
  }
  return lines.join('\n');
}

/** `golem tui` (interactive only; needs a TTY). */
export const tuiCommand = defineCommand({
  path: ['tui'],
  description: 'Full-screen dashboard: providers, VMs (SSH with Enter), payment streams and the wallet.',
  help: `
  Usage
    $ golem tui

  Options
    --no-color  No colours (also when the NO_COLOR environment variable is set)
    --help      Show this help (the keys are listed below)

  Keys
${keyTable()}

  Needs an interactive terminal. In scripts use \`golem vm list\`, \`golem vm stream list --json\` or \`golem wallet\`.

  Examples
    $ golem tui
    $ golem tui --no-color
`,
  flags: {color: {type: 'boolean', default: true}},
  run: (io, {flags}) => {
    let config: AppConfig | undefined;
    return runTui(io, {
      noColor: flags.color === false,
      // An encrypted wallet's password is asked here, once, before Ink owns the terminal.
      beforeScreen: async () => {
        const {configWithWalletPassword} = await import('./wallet-password.js');
        config = await configWithWalletPassword(io);
      },
      // After the first frame: the database opens (and migrates) here; the adapters load on the first call that
      // needs them (a VM list from the database alone never loads the chain or SSH code).
      loadServices: async () => {
        const {createLazyServices} = await import('../services/lazy-create-services.js');
        return createLazyServices(config ?? io.config(), {askSshPassphrase: dashboardPassphrasePrompt(io)});
      },
      isMonitorEnabled: () => io.config().monitor.enabled,
      loadSshCommandFor: () => loadSshCommandFor(io.config().paths),
    });
  },
});
