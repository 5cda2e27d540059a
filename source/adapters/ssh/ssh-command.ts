/**
 * The `ssh` command line golem prints for a VM (reference §10.3), fixed per its ➜ TS notes: paths quoted, host-key
 * checking kept (golem's own known_hosts with `StrictHostKeyChecking=yes` instead of `StrictHostKeyChecking=no`
 * and `/dev/null`: golem pins the key on its first connection, so plain ssh must find that pin and refuse any
 * other key), user selectable.
 */

/** Quotes `value` for a POSIX shell when it holds anything beyond a safe set of characters. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Builds `ssh -i <key> -o UserKnownHostsFile=<file> -o StrictHostKeyChecking=yes -p <port> <user>@<host>`.
 * OpenSSH reads OpenSSH, PKCS#1 and PKCS#8 key files, but not PuTTY `.ppk`: for those the printed command
 * needs the converted file.
 *
 * @example
 * formatSshCommand({host: '127.0.0.1', port: 50800, username: 'ubuntu', privateKeyPath: '/home/me/.golem/requestor/ssh/golem_id_ed25519', knownHostsPath: '/home/me/.golem/requestor/ssh/known_hosts'})
 * // 'ssh -i /home/me/…/golem_id_ed25519 -o UserKnownHostsFile=/home/me/…/known_hosts -o StrictHostKeyChecking=yes -p 50800 ubuntu@127.0.0.1'
 */
export function formatSshCommand({
  host,
  port,
  username,
  privateKeyPath,
  knownHostsPath,
}: {
  host: string;
  port: number;
  username: string;
  privateKeyPath: string;
  knownHostsPath: string;
}): string {
  return [
    'ssh',
    '-i',
    shellQuote(privateKeyPath),
    '-o',
    shellQuote(`UserKnownHostsFile=${knownHostsPath}`),
    '-o',
    'StrictHostKeyChecking=yes',
    '-p',
    String(port),
    shellQuote(`${username}@${host}`),
  ].join(' ');
}
