/**
 * The dashboard's navigation as values (Ink's recipe): a route union for the four screens, a modal union for
 * what sits on top of them, the per-screen selection and a one-line notice, changed only by `routerReducer`.
 * Everything here is plain JSON-serialisable data (no bigint, no functions) so the state can leave the App
 * before an SSH handoff and come back in a fresh one (`UiSnapshot`).
 */

/** The screens, in tab order. */
export const SCREENS = ['providers', 'vms', 'streams', 'wallet'] as const;

/** A screen's route name. */
export type ScreenName = (typeof SCREENS)[number];

/** The current screen. */
export type Route =
  | {readonly name: 'providers'}
  | {
      readonly name: 'vms';
      /** The VM whose detail view is open (`i` / → on VMs, `:info NAME`); the list when unset. */
      readonly detail?: string | undefined;
    }
  | {readonly name: 'streams'}
  | {readonly name: 'wallet'};

/**
 * What is drawn over the current screen and takes input exclusively. Amounts and ids are decimal text (bigint is
 * not serialisable).
 */
export type Modal =
  | {
      readonly name: 'create-vm';
      readonly providerId: string;
      readonly providerLabel: string;
      /** The provider's free resources when the form opened (cores, GB, GB). */
      readonly available: {readonly cpu: number; readonly memory: number; readonly storage: number};
    }
  | {readonly name: 'confirm-vm-action'; readonly action: 'stop' | 'destroy'; readonly vmName: string}
  /** The session's event log (issue 13 item 7). */
  | {readonly name: 'event-log'}
  /** Several marked VMs (issue 13 item 7): one confirmation; `refundWei` is the expected total, null when unknown for one. */
  | {
      readonly name: 'confirm-vms-action';
      readonly action: 'stop' | 'destroy';
      readonly vmNames: readonly string[];
      readonly refundWei: bigint | null;
    }
  | {
      readonly name: 'start-vm';
      readonly vmName: string;
      readonly providerId: string;
      readonly resources: {readonly cpu: number; readonly memory: number; readonly storage: number};
    }
  | {
      readonly name: 'top-up';
      readonly streamId: string;
      /** The stream's rate in wei/s, decimal text. */
      readonly ratePerSecondWei: string;
      readonly vmName: string | null;
    }
  | {
      readonly name: 'terminate-stream';
      readonly streamId: string;
      readonly vmName: string | null;
      /** deposit − vested at the chain time the dialog opened (wei, decimal text): what the refund should be. */
      readonly estimatedRefundWei: string;
    }
  | {readonly name: 'help'};

/** The selected row of a list: its key (VM name, provider id, stream id) and the index it was last seen at. */
export type Selection = {readonly key: string | null; readonly index: number};

/** A one-line message under the screen: the outcome of the last action, or an error with what to do next. */
export type Notice = {readonly tone: 'info' | 'success' | 'warning' | 'error'; readonly text: string; readonly hint?: string};

/** The whole UI state. */
export type UiState = {
  readonly route: Route;
  readonly modal: Modal | null;
  readonly selection: Readonly<Record<ScreenName, Selection>>;
  readonly notice: Notice | null;
  /**
   * The VM spec the Providers screen estimates prices for (cores, GB RAM, GB disk), set with `:spec C R D`;
   * unset or null for none.
   */
  readonly spec?: VmSpec | null | undefined;
  /** Names of the VMs marked with Space on the VMs screen (issue 13 item 7); unset for none. */
  readonly marks?: readonly string[] | undefined;
};

/** A VM size for price estimates: cores, GB of RAM, GB of disk (whole numbers ≥ 1). */
export type VmSpec = {readonly cpu: number; readonly memory: number; readonly storage: number};

/** The part of `UiState` that survives an SSH handoff (no modal: the fresh App starts on the screen itself). */
export type UiSnapshot = Omit<UiState, 'modal'>;

/** Every way the UI state changes. */
export type RouterAction =
  | {readonly type: 'navigate'; readonly route: Route}
  | {readonly type: 'next-screen'}
  | {readonly type: 'previous-screen'}
  | {readonly type: 'open-modal'; readonly modal: Modal}
  | {readonly type: 'close-modal'}
  | {readonly type: 'select'; readonly screen: ScreenName; readonly selection: Selection}
  | {readonly type: 'notify'; readonly notice: Notice | null}
  | {readonly type: 'set-spec'; readonly spec: VmSpec | null}
  | {readonly type: 'set-marks'; readonly marks: readonly string[]};

const EMPTY_SELECTION: Selection = {key: null, index: 0};

/** The state a fresh App starts in: Providers, nothing selected, or the given snapshot. */
export function createInitialState(snapshot?: UiSnapshot): UiState {
  return {
    route: snapshot?.route ?? {name: 'providers'},
    modal: null,
    selection: snapshot?.selection ?? {
      providers: EMPTY_SELECTION,
      vms: EMPTY_SELECTION,
      streams: EMPTY_SELECTION,
      wallet: EMPTY_SELECTION,
    },
    notice: snapshot?.notice ?? null,
    spec: snapshot?.spec ?? null,
  };
}

/** The serialisable part of `state` (for `onHandoff`). */
export function toSnapshot(state: UiState): UiSnapshot {
  return {route: state.route, selection: state.selection, notice: state.notice, spec: state.spec ?? null};
}

function screenAt(offset: number, current: ScreenName): Route {
  const index = SCREENS.indexOf(current);
  const next = SCREENS[(index + offset + SCREENS.length) % SCREENS.length] ?? 'providers';
  return {name: next};
}

/** Applies `action` to `state`. Switching screens clears the notice; a modal replaces any open one. */
export function routerReducer(state: UiState, action: RouterAction): UiState {
  switch (action.type) {
    case 'navigate':
      return {...state, route: action.route, modal: null, notice: null};
    case 'next-screen':
      return {...state, route: screenAt(1, state.route.name), notice: null};
    case 'previous-screen':
      return {...state, route: screenAt(-1, state.route.name), notice: null};
    case 'open-modal':
      return {...state, modal: action.modal};
    case 'close-modal':
      return {...state, modal: null};
    case 'select':
      return {...state, selection: {...state.selection, [action.screen]: action.selection}};
    case 'notify':
      return {...state, notice: action.notice};
    case 'set-spec':
      return {...state, spec: action.spec};
    case 'set-marks':
      return {...state, marks: action.marks};
  }
}
