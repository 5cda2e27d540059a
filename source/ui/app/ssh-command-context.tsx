/**
 * How the VM detail view gets the `ssh` command line to show for copying (reference §10.3: golem's own key and
 * known_hosts, host-key checking kept). The UI does not build it (that knows adapters and config): the App's owner
 * (`commands/tui.tsx`) passes a function, e.g. over `formatSshCommand` and `AppConfig.paths`. Without one the detail
 * view points at `golem vm ssh NAME`.
 */
import {createContext, useContext, type ReactNode} from 'react';
import type {Vm} from '../../services/types.js';

/** The `ssh …` line for a VM, or null when it has no SSH address yet. */
export type SshCommandFor = (vm: Vm) => string | null;

const SshCommandContext = createContext<SshCommandFor | null>(null);

/** Provides `sshCommandFor` (or null) to `useSshCommandFor()`. */
export function SshCommandProvider({sshCommandFor, children}: {readonly sshCommandFor: SshCommandFor | null; readonly children?: ReactNode}) {
  return <SshCommandContext.Provider value={sshCommandFor}>{children}</SshCommandContext.Provider>;
}

/** The App owner's ssh command builder, or null when none was given. */
export function useSshCommandFor(): SshCommandFor | null {
  return useContext(SshCommandContext);
}
