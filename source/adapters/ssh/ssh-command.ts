/**
 * The `ssh` command line golem prints for a VM (reference §10.3), fixed per its ➜ TS notes: paths quoted, host-key
 * checking kept (golem's own known_hosts with `StrictHostKeyChecking=yes` and the rental's `HostKeyAlias` instead of
 * `StrictHostKeyChecking=no` and `/dev/null`: golem pins the key when create first reaches SSH, so plain ssh must
 * find that pin and refuse any other key), user selectable.
 */

/** Quotes `value` for a POSIX shell when it holds anything beyond a safe set of characters. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Builds `ssh -i <key> -o IdentitiesOnly=yes -o UserKnownHostsFile=<file> -o StrictHostKeyChecking=yes
 * -o HostKeyAlias=<alias> -p <port> <user>@<host>`: the rental's pin is looked up under its alias (issue 12), so
 * the command works right after create and after a port move, and a new rental on a re-used port never looks
 * changed. OpenSSH reads OpenSSH, PKCS#1 and PKCS#8 key files, but not PuTTY `.ppk`: for those the printed command
 * needs the converted file.
 *
 * @example
 * formatSshCommand({host: '127.0.0.1', port: 50800, username: 'ubuntu', privateKeyPath: '/home/me/.golem/requestor/ssh/golem_id_ed25519', knownHostsPath: '/home/me/.golem/requestor/ssh/known_hosts', hostKeyAlias: 'golem.web-1.3f9a0c1d'})
 * // 'ssh -i /home/me/…/golem_id_ed25519 -o IdentitiesOnly=yes -o UserKnownHostsFile=/home/me/…/known_hosts -o StrictHostKeyChecking=yes -o HostKeyAlias=golem.web-1.3f9a0c1d -p 50800 ubuntu@127.0.0.1'
 */
export function formatSshCommand({
  host,
  port,
  username,
  privateKeyPath,
  knownHostsPath,
  hostKeyAlias,
}: {
  host: string;
  port: number;
  username: string;
  privateKeyPath: string;
  knownHostsPath: string;
  hostKeyAlias: string;
}): string {
  return [
    'ssh',
    '-i',
    shellQuote(privateKeyPath),
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    shellQuote(`UserKnownHostsFile=${knownHostsPath}`),
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    shellQuote(`HostKeyAlias=${hostKeyAlias}`),
    '-p',
    String(port),
    shellQuote(`${username}@${host}`),
  ].join(' ');
}
