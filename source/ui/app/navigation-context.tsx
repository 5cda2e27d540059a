/**
 * Holds the UI state (`router.ts`) and exposes it with named actions (`useNavigation`). One reducer, one source
 * of truth for the screen, the modal, the selections and the notice.
 */
import {createContext, useContext, useMemo, useReducer, type ReactNode} from 'react';
import {
  createInitialState,
  routerReducer,
  type Modal,
  type Notice,
  type Route,
  type RouterAction,
  type ScreenName,
  type Selection,
  type UiSnapshot,
  type UiState,
} from './router.js';

/** What `useNavigation()` returns: the state and stable action functions. */
export type Navigation = {
  readonly state: UiState;
  readonly dispatch: (action: RouterAction) => void;
  readonly navigate: (route: Route) => void;
  readonly openModal: (modal: Modal) => void;
  readonly closeModal: () => void;
  readonly select: (screen: ScreenName, selection: Selection) => void;
  readonly notify: (notice: Notice | null) => void;
};

const NavigationContext = createContext<Navigation | null>(null);

/** Props of `NavigationProvider`; `initialState` restores a snapshot taken before an SSH handoff. */
export type NavigationProviderProps = {readonly initialState?: UiSnapshot | undefined; readonly children?: ReactNode};

/** Owns the UI state for everything below it. */
export function NavigationProvider({initialState, children}: NavigationProviderProps) {
  const [state, dispatch] = useReducer(routerReducer, initialState, createInitialState);
  const actions = useMemo(
    () => ({
      dispatch,
      navigate: (route: Route) => dispatch({type: 'navigate', route}),
      openModal: (modal: Modal) => dispatch({type: 'open-modal', modal}),
      closeModal: () => dispatch({type: 'close-modal'}),
      select: (screen: ScreenName, selection: Selection) => dispatch({type: 'select', screen, selection}),
      notify: (notice: Notice | null) => dispatch({type: 'notify', notice}),
    }),
    [],
  );
  const value = useMemo(() => ({state, ...actions}), [state, actions]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

/** The UI state and its actions. Throws outside a `NavigationProvider` (a bug). */
export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation() must be used inside <NavigationProvider>.');
  return navigation;
}
