import {ConfigError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import {listSshAccess, renderSshConfig, type SshAccess} from './ssh-access.js';

/** What `golem ssh-config` produced: the config text, its `Host` entries, and where it was written (if asked). */
export type SshConfigReturnType = {
  readonly text: string;
  readonly hosts: readonly SshAccess[];
  /** The file written (`--write`), or null when only printed. */
  readonly path: string | null;
  /** The line the user adds at the top of `~/.ssh/config` (golem never edits that file itself). */
  readonly includeLine: string;
};

/**
 * Renders golem's OpenSSH config (one `Host golem-<name>` per VM with an SSH port, issue 12 item 2) and, with
 * `write`, stores it under the base dir (`<base>/ssh/config`, 0600); from then on creates, port moves and destroys
 * keep it current. Throws `StorageError` when it cannot be written, `ConfigError` when the context has no config file.
 *
 * @example
 * const {path, includeLine} = sshConfig(ctx, {write: true}) // includeLine: 'Include /home/me/.golem/requestor/ssh/config'
 */
export function sshConfig(ctx: ServiceContext, {write}: {write: boolean}): SshConfigReturnType {
  const file = ctx.sshConfigFile;
  if (!file) throw new ConfigError({shortMessage: 'No ssh config file is configured.'});
  const hosts = listSshAccess(ctx);
  const text = renderSshConfig(hosts);
  if (write) file.write(text);
  return {text, hosts, path: write ? file.path : null, includeLine: `Include ${file.path.includes(' ') ? `"${file.path}"` : file.path}`};
}
