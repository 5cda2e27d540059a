import {InvalidInputError} from '../errors.js';
import {requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {withServices} from './with-services.js';

/**
 * `golem vm ssh NAME [-- COMMAND…]` — reference §1.9 over ssh2 instead of the system ssh: interactive pty shell,
 * or runs COMMAND and exits with its status. Host keys are checked against the rental's pin (issue 12).
 */
export const vmSshCommand = defineCommand({
  path: ['vm', 'ssh'],
  description: 'SSH into a VM (alias: connect).',
  help: `
  Usage
    $ golem vm ssh NAME                 Open an interactive shell
    $ golem vm ssh NAME -- COMMAND…     Run COMMAND and exit with its status

  Options
    -A, --forward-agent  Forward your ssh-agent to the VM (off by default: the VM could sign as you)
    --help               Show this help (anything after -- is the remote command)

  The VM's host key must match the one pinned for this rental when it was created (golem's own known_hosts,
  never ~/.ssh/known_hosts). If the VM moved to another port, the move is said and the pin still decides.

  Examples
    $ golem vm ssh web-1
    $ golem vm ssh web-1 -- uname -a
    $ golem vm ssh -A web-1 -- git clone git@github.com:me/site.git
`,
  args: [{name: 'NAME'}, {name: 'COMMAND', isOptional: true, isVariadic: true}],
  flags: {forwardAgent: {type: 'boolean', shortFlag: 'A', default: false}},
  async run(io, {args, rest, flags}) {
    const name = requireVmName(args, 'golem vm ssh NAME [-- COMMAND…]');
    const command = [...args.slice(1), ...rest];
    const options = {isAgentForwarded: flags.forwardAgent, onNotice: (message: string) => io.stderr.write(`golem: ${message}\n`)};
    return withServices(io, async (services) => {
      if (command.length > 0) {
        // Piped input goes to the remote command; a terminal's does not (the command would wait for a Ctrl-D).
        const stdin = io.stdin.isTTY ? undefined : io.stdin;
        const {exitCode} = await services.execOnVm(name, command.join(' '), {stdout: io.stdout, stderr: io.stderr, stdin}, options);
        return exitCode;
      }
      if (!io.isInteractive) {
        throw new InvalidInputError({
          issues: ['An interactive shell needs a terminal (TTY).'],
          hint: `Run a command instead: golem vm ssh ${name} -- COMMAND`,
        });
      }
      const {exitCode} = await services.openShell(name, {stdin: io.stdin, stdout: io.stdout}, options);
      return exitCode;
    });
  },
});
