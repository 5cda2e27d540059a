import {describe, expect, it} from 'vitest';
import {formatSshCommand, shellQuote} from '../../../../source/adapters/ssh/ssh-command.js';

describe('formatSshCommand', () => {
  it('prints a command that checks the rental’s pin: golem’s known_hosts, StrictHostKeyChecking=yes and HostKeyAlias', () => {
    expect(
      formatSshCommand({
        host: '127.0.0.1',
        port: 50800,
        username: 'ubuntu',
        privateKeyPath: '/home/me/.golem/requestor/ssh/golem_id_ed25519',
        knownHostsPath: '/home/me/.golem/requestor/ssh/known_hosts',
        hostKeyAlias: 'golem.web-1.3f9a0c1d',
      }),
    ).toBe(
      'ssh -i /home/me/.golem/requestor/ssh/golem_id_ed25519 -o IdentitiesOnly=yes -o UserKnownHostsFile=/home/me/.golem/requestor/ssh/known_hosts -o StrictHostKeyChecking=yes -o HostKeyAlias=golem.web-1.3f9a0c1d -p 50800 ubuntu@127.0.0.1',
    );
  });

  it('case-30: quotes key paths with spaces and quotes (WSL /mnt/c/Users/…)', () => {
    expect(shellQuote("/mnt/c/Users/Jane Doe/it's/key")).toBe(`'/mnt/c/Users/Jane Doe/it'\\''s/key'`);
    expect(
      formatSshCommand({host: 'h', port: 22, username: 'root', privateKeyPath: '/a b/k', knownHostsPath: '/a b/kh', hostKeyAlias: 'golem.a.00000001'}),
    ).toBe("ssh -i '/a b/k' -o IdentitiesOnly=yes -o 'UserKnownHostsFile=/a b/kh' -o StrictHostKeyChecking=yes -o HostKeyAlias=golem.a.00000001 -p 22 root@h");
  });
});
