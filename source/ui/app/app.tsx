/**
 * The dashboard (`golem tui`): a composition of the services context, the router state, the refresh signal,
 * the key dispatcher and the app frame. It renders, takes keys and asks services; it never opens a shell or touches the terminal
 * modes itself — for SSH it calls `onHandoff` and exits, and `commands/tui.tsx` does the rest (case-10).
 */
import type {Services} from '../../services/services.js';
import {CommandDispatcher} from '../hooks/use-commands.js';
import {AppShell} from './app-shell.js';
import type {OnHandoff} from './handoff.js';
import {NavigationProvider} from './navigation-context.js';
import {RefreshProvider} from './refresh-context.js';
import type {UiSnapshot} from './router.js';
import {ServicesProvider} from './services-context.js';

/** Props of `App`. */
export type AppProps = {
  readonly services: Services;
  /** State to resume from (after an SSH handoff); a fresh App starts on Providers. */
  readonly initialState?: UiSnapshot | undefined;
  /** Called once when the user opens a shell on a VM; the App exits right after. */
  readonly onHandoff: OnHandoff;
};

/** The full-screen dashboard. */
export function App({services, initialState, onHandoff}: AppProps) {
  return (
    <ServicesProvider services={services}>
      <NavigationProvider initialState={initialState}>
        <RefreshProvider>
          <CommandDispatcher>
            <AppShell onHandoff={onHandoff} />
          </CommandDispatcher>
        </RefreshProvider>
      </NavigationProvider>
    </ServicesProvider>
  );
}
