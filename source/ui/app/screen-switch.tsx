/**
 * Renders the screen of the current route (one switch over the `Route` union). Providers, the first screen, is part
 * of the first frame; the others load right after it (lazy-views.tsx) and show a loading line until they are in.
 */
import {Loading} from '../components/loading.js';
import {ProvidersScreen} from '../screens/providers-screen.js';
import {useViews} from './lazy-views.js';
import type {Route} from './router.js';

/** Props of `ScreenSwitch`. */
export type ScreenSwitchProps = {readonly route: Route; readonly isActive: boolean};

/** The screen for `route`; its keys listen only while `isActive`. */
export function ScreenSwitch({route, isActive}: ScreenSwitchProps) {
  const views = useViews();
  if (route.name === 'providers') return <ProvidersScreen isActive={isActive} />;
  if (!views) return <Loading label="Loading" />;
  switch (route.name) {
    case 'vms':
      return <views.VmsScreen isActive={isActive} />;
    case 'streams':
      return <views.StreamsScreen isActive={isActive} />;
    case 'wallet':
      return <views.WalletScreen isActive={isActive} />;
  }
}
