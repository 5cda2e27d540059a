import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {packageRoot} from '../lib/package-root.js';
import {defineCommand} from './command.js';
import {writeLines} from './output.js';

/** The installed version, read from our own package.json. */
export function installedVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {version: string}).version;
  } catch {
    return 'unknown';
  }
}

/** `golem version` — prints the installed version (reference §1.4, without the network look-up). */
export const versionCommand = defineCommand({
  path: ['version'],
  description: 'Show the installed version.',
  help: `
  Usage
    $ golem version
`,
  flags: {},
  async run(io) {
    writeLines(io, [`golem ${installedVersion()}`]);
    return 0;
  },
});
