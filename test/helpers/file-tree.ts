/** Checksums of files and trees, for copy tests that compare what arrived with what was sent. */
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';

/** The sha256 of the file at `path`, hex. */
export const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Relative path → [sha256 or 'dir', permission bits] for every entry of the tree at `dir`. */
export function treeOf(dir: string): Record<string, [string, number]> {
  const entries: Record<string, [string, number]> = {};
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      const stats = statSync(child);
      entries[relative(dir, child)] = [stats.isDirectory() ? 'dir' : sha256(child), stats.mode & 0o777];
      if (stats.isDirectory()) walk(child);
    }
  };
  walk(dir);
  return entries;
}
