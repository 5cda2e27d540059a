import {defineCommand} from './command.js';
import {writeJson} from './output.js';
import {withServices} from './with-services.js';

/**
 * `golem ssh-config [--write] [--json]` — an OpenSSH config with one `Host golem-NAME` per VM (issue 12 item 2), so
 * `ssh golem-web-1`, `scp`, `rsync -e ssh` and editors' remote-SSH use golem's key, known_hosts and each rental's
 * `HostKeyAlias`. Printed on stdout; `--write` keeps it current under the base dir and shows the `Include` line,
 * which golem never adds to the user's files itself.
 */
export const sshConfigCommand = defineCommand({
  path: ['ssh-config'],
  description: 'Print (or --write) an OpenSSH config with one Host per VM.',
  help: `
  Usage
    $ golem ssh-config [--write] [--json]

  Options
    --write  Keep the config in <base dir>/ssh/config (rewritten after every create, port move and destroy)
    --json   Print {"path", "include_line", "hosts": […]} instead of the config text

  Plain OpenSSH then works with golem's VMs: add the printed Include line at the top of ~/.ssh/config (golem
  never edits it), or pass the file with -F.

  Examples
    $ golem ssh-config > golem.ssh_config && ssh -F golem.ssh_config golem-web-1
    $ golem ssh-config --write
    $ rsync -a -e ssh ./site/ golem-web-1:site/
`,
  flags: {write: {type: 'boolean', default: false}, json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const result = await withServices(io, (services) => services.sshConfig({write: flags.write}));
    if (flags.json) {
      writeJson(io, {
        path: result.path,
        include_line: result.includeLine,
        hosts: result.hosts.map((host) => ({
          name: host.name,
          host_alias: host.sshHostName,
          host_key_alias: host.hostKeyAlias,
          hostname: host.host,
          port: host.port,
          user: host.user,
          identity_file: host.identityFile,
          known_hosts: host.knownHostsPath,
        })),
      });
      return 0;
    }
    if (!flags.write) {
      io.stdout.write(result.text);
      return 0;
    }
    io.stdout.write(`Wrote ${result.path} (${result.hosts.length} host${result.hosts.length === 1 ? '' : 's'}).\n`);
    io.stderr.write(
      `To use it with plain ssh, scp and rsync, add this line at the top of ~/.ssh/config (golem does not edit it):\n  ${result.includeLine}\n` +
        (result.hosts[0] ? `Then: ssh ${result.hosts[0].sshHostName}\n` : ''),
    );
    return 0;
  },
});
