/**
 * Renders dashboard parts for tests (gemini's `renderWithProviders`): the whole App over fake services, or any
 * node inside the same providers the App uses. Re-exports the key helpers.
 */
import {render} from 'ink-testing-library';
import type {ReactNode} from 'react';
import {App} from '../../source/ui/app/app.js';
import type {Handoff} from '../../source/ui/app/handoff.js';
import {loadViews} from '../../source/ui/app/lazy-views.js';
import {ForwardsProvider} from '../../source/ui/app/forwards-context.js';
import {MonitorProvider} from '../../source/ui/app/monitor-context.js';
import type {MonitorController} from '../../source/ui/app/monitor-controller.js';
import {NavigationProvider} from '../../source/ui/app/navigation-context.js';
import {RefreshProvider} from '../../source/ui/app/refresh-context.js';
import type {UiSnapshot} from '../../source/ui/app/router.js';
import {ServicesProvider} from '../../source/ui/app/services-context.js';
import {CommandDispatcher} from '../../source/ui/hooks/use-commands.js';
import {createFakeServices, type FakeServices, type FakeServicesOptions} from './fake-services.js';
import {settle} from './keys.js';

// The screens and dialogs the first frame does not show load after it (lazy-views.tsx); tests press keys at once.
await loadViews();

/** The key helpers, re-exported so a test needs one import. */
export {frameOf, keys, press, settle, waitForFrame} from './keys.js';

/** The dashboard opened on the VMs screen with `web-1` (the fake services' first VM) selected. */
export const ON_VMS = {
  route: {name: 'vms'},
  selection: {providers: {key: null, index: 0}, vms: {key: 'web-1', index: 0}, streams: {key: null, index: 0}, wallet: {key: null, index: 0}},
  notice: null,
} as const;

/** An ink-testing-library instance plus the fake services behind it. */
export type RenderedApp = ReturnType<typeof render> & {
  readonly services: FakeServices;
  /** Every handoff the App requested. */
  readonly handoffs: Handoff[];
};

/** Options of `renderApp`. */
export type RenderAppOptions = FakeServicesOptions & {
  readonly services?: FakeServices;
  readonly initialState?: UiSnapshot;
  /** The dashboard's monitor (build it with `createMonitorController(services)`); none by default. */
  readonly monitor?: MonitorController | null;
};

/** Renders the whole `App` over fake services (ink-testing-library's stdout is 100 columns wide). */
export function renderApp({services, initialState, monitor = null, ...options}: RenderAppOptions = {}): RenderedApp {
  const fake = services ?? createFakeServices(options);
  const handoffs: Handoff[] = [];
  const instance = render(
    <App services={fake} initialState={initialState} monitor={monitor} onHandoff={(handoff) => handoffs.push(handoff)} />,
  );
  return Object.assign(instance, {services: fake, handoffs});
}

/** Renders `node` inside the App's providers (services, navigation, refresh, key dispatcher). */
export function renderWithProviders(
  node: ReactNode,
  {services, initialState, monitor = null, ...options}: RenderAppOptions = {},
): ReturnType<typeof render> & {readonly services: FakeServices} {
  const fake = services ?? createFakeServices(options);
  const instance = render(
    <ServicesProvider services={fake}>
      <MonitorProvider monitor={monitor}>
        <NavigationProvider initialState={initialState}>
          <RefreshProvider>
            <CommandDispatcher>
              <ForwardsProvider>{node}</ForwardsProvider>
            </CommandDispatcher>
          </RefreshProvider>
        </NavigationProvider>
      </MonitorProvider>
    </ServicesProvider>,
  );
  return Object.assign(instance, {services: fake});
}

/**
 * Resizes the rendered App's terminal to `columns` × `rows` and lets it redraw: components subscribe to resizes in
 * passive effects, so the last commit's effects run first; Ink redraws the old tree at once and the App's own
 * re-layout follows on the next render.
 */
export async function resizeApp(app: RenderedApp, columns: number, rows: number): Promise<void> {
  await settle(50);
  Object.defineProperty(app.stdout, 'columns', {value: columns, configurable: true});
  Object.defineProperty(app.stdout, 'rows', {value: rows, configurable: true});
  (app.stdout as unknown as NodeJS.EventEmitter).emit('resize');
  await settle(50);
}
