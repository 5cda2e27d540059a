import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

let cached: string | undefined;

/**
 * Absolute path of the installed package (the folder holding golem's package.json), found from this module's
 * own location, never from the cwd — so migrations and deployments resolve after a global install (case-28),
 * both from `source/` (tsx, vitest) and from `dist/source/` (built).
 */
export function packageRoot(): string {
  if (cached) return cached;
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json')) || !existsSync(join(directory, 'drizzle'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('golem: cannot find the package root (package.json + drizzle/)');
    directory = parent;
  }
  cached = directory;
  return directory;
}
