/**
 * The SSH handoff contract between the App and its owner (`commands/tui.tsx`). The App never opens a shell: it
 * reports what it wants (`Handoff`) with its serialisable state, and exits; the owner tears Ink down, runs the
 * shell on the real terminal, and renders a fresh App from `state` (case-10, case-11).
 */
import {createContext, useContext, type ReactNode} from 'react';
import type {UiSnapshot} from './router.js';

/** "Open an SSH shell on `vmName`, then bring me back as `state`." */
export type Handoff = {readonly kind: 'ssh'; readonly vmName: string; readonly state: UiSnapshot};

/** Receives the handoff request; called once, just before the App exits. */
export type OnHandoff = (handoff: Handoff) => void;

const HandoffContext = createContext<(vmName: string) => void>(() => {});

/** Provides `requestShell` to screens. */
export function HandoffProvider({
  requestShell,
  children,
}: {
  readonly requestShell: (vmName: string) => void;
  readonly children?: ReactNode;
}) {
  return <HandoffContext.Provider value={requestShell}>{children}</HandoffContext.Provider>;
}

/** `requestShell(vmName)`: asks the App to hand the terminal to an SSH shell on the VM. */
export function useRequestShell(): (vmName: string) => void {
  return useContext(HandoffContext);
}
