/** Renders the screen of the current route (one switch over the `Route` union). */
import {ProvidersScreen} from '../screens/providers-screen.js';
import {StreamsScreen} from '../screens/streams-screen.js';
import {VmsScreen} from '../screens/vms-screen.js';
import {WalletScreen} from '../screens/wallet-screen.js';
import type {Route} from './router.js';

/** Props of `ScreenSwitch`. */
export type ScreenSwitchProps = {readonly route: Route; readonly isActive: boolean};

/** The screen for `route`; its keys listen only while `isActive`. */
export function ScreenSwitch({route, isActive}: ScreenSwitchProps) {
  switch (route.name) {
    case 'providers':
      return <ProvidersScreen isActive={isActive} />;
    case 'vms':
      return <VmsScreen isActive={isActive} />;
    case 'streams':
      return <StreamsScreen isActive={isActive} />;
    case 'wallet':
      return <WalletScreen isActive={isActive} />;
  }
}
