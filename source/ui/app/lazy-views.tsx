/**
 * What the first frame does not draw — the VMs, Streams and Wallet screens, the dialogs and the command palette —
 * loaded right after it (issue 16 item 4: the first frame waits on no module it does not show; about half of the
 * dashboard's modules). `loadViews()` starts the imports once; `golem tui` calls it when its first frame is on the
 * screen and holds the keys typed meanwhile until they are in (so no key reaches a screen that is not there yet).
 * `useViews()` hands them to a component, or null until they are in (it then draws a loading line).
 */
import {useEffect, useState} from 'react';

/** The lazily loaded components. */
export type LazyViews = {
  readonly VmsScreen: typeof import('../screens/vms-screen.js').VmsScreen;
  readonly StreamsScreen: typeof import('../screens/streams-screen.js').StreamsScreen;
  readonly WalletScreen: typeof import('../screens/wallet-screen.js').WalletScreen;
  readonly ModalLayer: typeof import('./modal-layer.js').ModalLayer;
  readonly PaletteLayer: typeof import('./palette-layer.js').PaletteLayer;
};

let loaded: LazyViews | null = null;
let loading: Promise<LazyViews> | null = null;

/** Imports the views (once per process); resolves with them. Rejects only on a broken install (a missing module). */
export function loadViews(): Promise<LazyViews> {
  loading ??= Promise.all([
    import('../screens/vms-screen.js'),
    import('../screens/streams-screen.js'),
    import('../screens/wallet-screen.js'),
    import('./modal-layer.js'),
    import('./palette-layer.js'),
  ]).then(([vms, streams, wallet, modal, palette]) => {
    loaded = {
      VmsScreen: vms.VmsScreen,
      StreamsScreen: streams.StreamsScreen,
      WalletScreen: wallet.WalletScreen,
      ModalLayer: modal.ModalLayer,
      PaletteLayer: palette.PaletteLayer,
    };
    return loaded;
  });
  return loading;
}

/** The views, or null until they are loaded (the first call starts loading them). */
export function useViews(): LazyViews | null {
  const [views, setViews] = useState(loaded);
  useEffect(() => {
    if (views) return;
    let isMounted = true;
    void loadViews().then((next) => {
      if (isMounted) setViews(next);
    });
    return () => {
      isMounted = false;
    };
  }, [views]);
  return views;
}
