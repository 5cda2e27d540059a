/**
 * The dashboard (`golem tui`): a composition of the services context, the router state, the refresh signal,
 * the key dispatcher and the app frame. It renders, takes keys and asks services; it never opens a shell or touches the terminal
 * modes itself — for SSH it calls `onHandoff` and exits, and `commands/tui.tsx` does the rest (case-10).
 */
import type {Services} from '../../services/services.js';
import {CommandDispatcher} from '../hooks/use-commands.js';
import {AppShell} from './app-shell.js';
import type {OnHandoff} from './handoff.js';
import {MonitorProvider} from './monitor-context.js';
import type {MonitorController} from './monitor-controller.js';
import {NavigationProvider} from './navigation-context.js';
import {RefreshProvider} from './refresh-context.js';
import type {UiSnapshot} from './router.js';
import {ServicesProvider} from './services-context.js';
import {SshCommandProvider, type SshCommandFor} from './ssh-command-context.js';
import {EventLogProvider} from '../event-log/event-log-context.js';
import {ProviderNamesProvider} from './provider-names-context.js';
import {ForwardsProvider} from './forwards-context.js';
import type {EventLog} from '../event-log/event-log.js';

/** Props of `App`. */
export type AppProps = {
  readonly services: Services;
  /** State to resume from (after an SSH handoff); a fresh App starts on Providers. */
  readonly initialState?: UiSnapshot | undefined;
  /** Called once when the user opens a shell on a VM; the App exits right after. */
  readonly onHandoff: OnHandoff;
  /** Called once when the user quits with Ctrl-C, with lines to print after the screen is restored (exit 130). */
  readonly onInterrupt?: ((report: readonly string[]) => void) | undefined;
  /**
   * The auto top-up monitor of this `golem tui` (owned by the caller so it outlives SSH handoffs); its state shows
   * in the status bar and its events as notices. Without one the status bar shows the lease only.
   */
  readonly monitor?: MonitorController | null | undefined;
  /**
   * Builds the `ssh` command the VM detail view shows for copying (golem's key and known_hosts); without it the
   * view shows `golem vm ssh NAME`.
   */
  readonly sshCommandFor?: SshCommandFor | null | undefined;
  /** The session's event log (owned by the caller so it outlives SSH handoffs); without one the App keeps its own. */
  readonly eventLog?: EventLog | null | undefined;
};

/** The full-screen dashboard. */
export function App({services, initialState, onHandoff, onInterrupt, monitor = null, sshCommandFor = null, eventLog = null}: AppProps) {
  return (
    <EventLogProvider log={eventLog}>
    <ServicesProvider services={services}>
      <MonitorProvider monitor={monitor}>
        <NavigationProvider initialState={initialState}>
          <RefreshProvider>
            <CommandDispatcher>
              <SshCommandProvider sshCommandFor={sshCommandFor}>
                <ProviderNamesProvider>
                  <ForwardsProvider>
                    <AppShell onHandoff={onHandoff} onInterrupt={onInterrupt} />
                  </ForwardsProvider>
                </ProviderNamesProvider>
              </SshCommandProvider>
            </CommandDispatcher>
          </RefreshProvider>
        </NavigationProvider>
      </MonitorProvider>
    </ServicesProvider>
    </EventLogProvider>
  );
}
