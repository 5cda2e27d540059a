/**
 * golem's OpenSSH config file on disk (`golem ssh-config --write`, issue 12 item 2). It lives under the base dir;
 * golem never edits the user's own `~/.ssh/config` — it shows the `Include` line instead.
 */
import {existsSync} from 'node:fs';
import {dirname} from 'node:path';
import {StorageError} from '../../errors.js';
import type {SshConfigFile} from '../../services/ports.js';
import {ensureDirExists, writeFileAtomic} from './key-files.js';

/**
 * The config file at `path`, written atomically with mode 0600 (its directory is made 0700 when missing; an existing
 * one keeps its mode). Throws `StorageError`.
 *
 * @example
 * createSshConfigFile('/home/me/.golem/requestor/ssh/config').write(text)
 */
export function createSshConfigFile(path: string): SshConfigFile {
  return {
    path,
    exists: () => existsSync(path),
    write(text) {
      try {
        ensureDirExists(dirname(path));
        writeFileAtomic(path, text, 0o600);
      } catch (error) {
        throw new StorageError({operation: `write the ssh config ${path}`, cause: error});
      }
    },
  };
}
