import {InvalidInputError} from '../errors.js';
import {defineCommand} from './command.js';
import {createProgressBar, formatBytes} from './copy-progress.js';
import {writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

/**
 * `golem vm cp [-r] SRC DST` — copies files and directories to or from a VM over SFTP (issue 12 item 3), like scp:
 * `NAME:path` on one side. A progress bar (rate, ETA) goes to stderr on a terminal; `--json` prints a summary.
 */
export const vmCpCommand = defineCommand({
  path: ['vm', 'cp'],
  description: 'Copy files and directories to or from a VM over SFTP.',
  help: `
  Usage
    $ golem vm cp [-r] SRC… DST

  Options
    -r, --recursive  Copy directories and everything in them
    --json           Print {"name", "direction", "destination", "files", "directories", "bytes", "elapsed_ms", "skipped"} per copy

  One side is NAME:path (a VM), the other a local path. Remote paths are relative to the VM's home; NAME: alone is
  the home. A destination that is an existing directory receives the source under its own name. Permission bits are
  kept. The VM's host key must match its rental's pin, as for golem vm ssh.

  Examples
    $ golem vm cp ./app.tar.gz web-1:
    $ golem vm cp -r ./site web-1:www
    $ golem vm cp web-1:logs/app.log .
`,
  // SRC… DST: one or more sources, then the destination (the parser sees the first and the rest).
  args: [{name: 'SRC'}, {name: 'DST', isVariadic: true}],
  flags: {recursive: {type: 'boolean', shortFlag: 'r', default: false}, json: {type: 'boolean', default: false}},
  async run(io, {args, flags}) {
    if (args.length < 2) throw new InvalidInputError({issues: ['Give SRC and DST.'], hint: 'golem vm cp [-r] SRC DST (one side NAME:path)'});
    const destination = args.at(-1)!;
    const sources = args.slice(0, -1);
    return withServices(io, async (services) => {
      const results = [];
      for (const source of sources) {
        const bar = flags.json ? undefined : createProgressBar(io.stderr);
        try {
          const result = await services.copyFiles({
            source,
            destination,
            isRecursive: flags.recursive,
            onProgress: bar?.onProgress,
            onNotice: (message) => io.stderr.write(`golem: ${message}\n`),
            signal: io.signal,
          });
          results.push(result);
          bar?.finish();
          for (const skipped of result.skipped) io.stderr.write(`golem: skipped ${skipped}\n`);
          if (!flags.json) {
            const seconds = result.elapsedMs / 1000;
            const rate = seconds > 0 ? `${formatBytes(result.bytes / seconds)}/s` : '';
            writeLines(io, [
              `${result.direction === 'upload' ? 'Uploaded' : 'Downloaded'} ${result.files} file${result.files === 1 ? '' : 's'}${result.directories > 0 ? ` in ${result.directories} director${result.directories === 1 ? 'y' : 'ies'}` : ''} (${formatBytes(result.bytes)}) to ${result.direction === 'upload' ? `${result.name}:` : ''}${result.destination} in ${seconds.toFixed(1)} s${rate ? `, ${rate}` : ''}.`,
            ]);
          }
        } finally {
          bar?.finish();
        }
      }
      if (flags.json) {
        const json = results.map((result) => ({
          name: result.name,
          direction: result.direction,
          destination: result.destination,
          files: result.files,
          directories: result.directories,
          bytes: result.bytes,
          elapsed_ms: result.elapsedMs,
          skipped: result.skipped,
        }));
        writeJson(io, {copies: json});
      }
      return 0;
    });
  },
});
