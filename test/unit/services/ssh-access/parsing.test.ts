import {describe, expect, it} from 'vitest';
import {parseCopyEndpoint} from '../../../../source/services/ssh-access/copy-files.js';
import {parsePortForward} from '../../../../source/services/ssh-access/forward-ports.js';
import {hostKeyAliasOf, newRentalAlias, sshHostNameOf} from '../../../../source/services/ssh-access/rental-alias.js';
import {renderSshConfig} from '../../../../source/services/ssh-access/ssh-access.js';

describe('vm cp endpoints (scp style)', () => {
  it('reads NAME:path as remote, NAME: as the home, and anything else as local', () => {
    expect(parseCopyEndpoint('web-1:site/index.html')).toEqual({vm: 'web-1', path: 'site/index.html'});
    expect(parseCopyEndpoint('web-1:')).toEqual({vm: 'web-1', path: ''});
    expect(parseCopyEndpoint('./a:b')).toEqual({vm: null, path: './a:b'});
    expect(parseCopyEndpoint('/tmp/x')).toEqual({vm: null, path: '/tmp/x'});
  });
});

describe('vm forward specs (ssh -L style)', () => {
  it('reads LOCAL:REMOTE, LOCAL:HOST:REMOTE and PORT; refuses junk with the form to use', () => {
    expect(parsePortForward('8080:80')).toEqual({localPort: 8080, remoteHost: '127.0.0.1', remotePort: 80});
    expect(parsePortForward('0:db.internal:5432')).toEqual({localPort: 0, remoteHost: 'db.internal', remotePort: 5432});
    expect(parsePortForward('6379')).toEqual({localPort: 6379, remoteHost: '127.0.0.1', remotePort: 6379});
    expect(() => parsePortForward('8080:0')).toThrow("Remote port '0' is not a port (1–65535).");
    expect(() => parsePortForward('http')).toThrow("Port 'http' is not a port (1–65535).");
    expect(() => parsePortForward('1:2:3:4')).toThrow("'1:2:3:4' is not a forward.");
  });
});

describe('rental aliases and the OpenSSH config', () => {
  it('gives each rental its own alias; a legacy row gets a stable derived one', () => {
    expect(newRentalAlias('web-1')).toMatch(/^golem\.web-1\.[0-9a-f]{8}$/);
    expect(newRentalAlias('web-1')).not.toBe(newRentalAlias('web-1'));
    const legacy = {name: 'old-1', vmId: 'old-1', providerId: '0xab' as const, createdAt: '2026-01-01T00:00:00.000Z', hostKeyAlias: null};
    expect(hostKeyAliasOf(legacy)).toBe(hostKeyAliasOf({...legacy}));
    expect(hostKeyAliasOf({...legacy, createdAt: '2026-01-02T00:00:00.000Z'})).not.toBe(hostKeyAliasOf(legacy));
    expect(hostKeyAliasOf({...legacy, hostKeyAlias: 'golem.old-1.00000001'})).toBe('golem.old-1.00000001');
    expect(sshHostNameOf('web-1')).toBe('golem-web-1');
  });

  it('renders one Host block per VM with the pin checks, quoting paths with spaces', () => {
    const text = renderSshConfig([
      {
        name: 'web-1',
        sshHostName: 'golem-web-1',
        hostKeyAlias: 'golem.web-1.3f9a0c1d',
        host: '127.0.0.1',
        port: 50800,
        user: 'ubuntu',
        identityFile: '/home/Jane Doe/.golem/requestor/ssh/golem_id_ed25519',
        knownHostsPath: '/home/Jane Doe/.golem/requestor/ssh/known_hosts',
      },
    ]);
    expect(text).toContain(
      [
        'Host golem-web-1',
        '  HostName 127.0.0.1',
        '  Port 50800',
        '  User ubuntu',
        '  IdentityFile "/home/Jane Doe/.golem/requestor/ssh/golem_id_ed25519"',
        '  IdentitiesOnly yes',
        '  UserKnownHostsFile "/home/Jane Doe/.golem/requestor/ssh/known_hosts"',
        '  StrictHostKeyChecking yes',
        '  HostKeyAlias golem.web-1.3f9a0c1d',
        '  CheckHostIP no',
        '  ForwardAgent no',
      ].join('\n'),
    );
  });
});
