import {InvalidInputError} from '../errors.js';
import {requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {withServices} from './with-services.js';

/**
 * `golem vm ssh NAME [-- COMMAND…]` — reference §1.9 over ssh2 instead of the system ssh: interactive pty shell,
 * or runs COMMAND and exits with its status. Host keys are pinned on first use.
 */
export const vmSshCommand = defineCommand({
  path: ['vm', 'ssh'],
  description: 'SSH into a VM (alias: connect).',
  help: `
  Usage
    $ golem vm ssh NAME                 Open an interactive shell
    $ golem vm ssh NAME -- COMMAND…     Run COMMAND and exit with its status

  Options
    --help  Show this help (anything after -- is the remote command)

  Examples
    $ golem vm ssh web-1
    $ golem vm ssh web-1 -- uname -a
`,
  args: [{name: 'NAME'}, {name: 'COMMAND', isOptional: true, isVariadic: true}],
  flags: {},
  async run(io, {args, rest}) {
    const name = requireVmName(args, 'golem vm ssh NAME [-- COMMAND…]');
    const command = [...args.slice(1), ...rest];
    return withServices(io, async (services) => {
      if (command.length > 0) {
        // Piped input goes to the remote command; a terminal's does not (the command would wait for a Ctrl-D).
        const stdin = io.stdin.isTTY ? undefined : io.stdin;
        const {exitCode} = await services.execOnVm(name, command.join(' '), {stdout: io.stdout, stderr: io.stderr, stdin});
        return exitCode;
      }
      if (!io.isInteractive) {
        throw new InvalidInputError({
          issues: ['An interactive shell needs a terminal (TTY).'],
          hint: `Run a command instead: golem vm ssh ${name} -- COMMAND`,
        });
      }
      const {exitCode} = await services.openShell(name, {stdin: io.stdin, stdout: io.stdout});
      return exitCode;
    });
  },
});
