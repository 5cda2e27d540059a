import {createHmac, randomBytes} from 'node:crypto';
import {execFileSync} from 'node:child_process';
import {chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import ssh2 from 'ssh2';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createKnownHosts, hostPattern} from '../../../../source/adapters/ssh/known-hosts.js';
import {generateEd25519KeyPair} from '../../../../source/adapters/ssh/generate-key.js';

const {utils} = ssh2;

function hostKeyBlob(): Buffer {
  const parsed = utils.parseKey(generateEd25519KeyPair().public);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('unexpected key');
  return parsed.getPublicSSH();
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'golem-known-hosts-'));
});
afterEach(() => rmSync(root, {recursive: true, force: true}));

describe('createKnownHosts (pins per rental alias)', () => {
  it('pins a host key under the rental alias in OpenSSH format, 0600 in a 0700 dir, then trusts it', () => {
    const path = join(root, 'ssh', 'known_hosts');
    const knownHosts = createKnownHosts(path);
    const key = hostKeyBlob();
    expect(knownHosts.verify('golem.web-1.0a1b2c3d', key)).toBe('recorded');
    expect(knownHosts.verify('golem.web-1.0a1b2c3d', key)).toBe('trusted');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'ssh')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8').split('\n').filter((line) => line && !line.startsWith('#'))).toEqual([
      `golem.web-1.0a1b2c3d ssh-ed25519 ${key.toString('base64')}`,
    ]);
    expect(knownHosts.knownKeyTypes('golem.web-1.0a1b2c3d')).toEqual(['ssh-ed25519']);
    // OpenSSH finds the pin under the alias (what `ssh -o HostKeyAlias=…` looks up).
    expect(execFileSync('ssh-keygen', ['-F', 'golem.web-1.0a1b2c3d', '-f', path], {encoding: 'utf8'})).toContain('golem.web-1.0a1b2c3d ssh-ed25519');
  });

  it('pinning into an existing directory leaves its mode alone (sshd may read authorized_keys from it)', () => {
    chmodSync(root, 0o755);
    const knownHosts = createKnownHosts(join(root, 'known_hosts'));
    expect(knownHosts.verify('golem.web-1.0a1b2c3d', hostKeyBlob())).toBe('recorded');
    expect(statSync(join(root, 'known_hosts')).mode & 0o777).toBe(0o600);
    expect(statSync(root).mode & 0o777).toBe(0o755);
  });

  it('case-31: two rentals are two pins whatever host:port they use; a different key for one rental is a mismatch', () => {
    const knownHosts = createKnownHosts(join(root, 'known_hosts'));
    expect(knownHosts.verify('golem.a.00000001', hostKeyBlob())).toBe('recorded');
    expect(knownHosts.verify('golem.b.00000002', hostKeyBlob())).toBe('recorded');
    expect(knownHosts.verify('golem.a.00000001', hostKeyBlob())).toBe('mismatch');
  });

  it('forget removes only that rental’s pin', () => {
    const knownHosts = createKnownHosts(join(root, 'known_hosts'));
    const kept = hostKeyBlob();
    knownHosts.verify('golem.a.00000001', hostKeyBlob());
    knownHosts.verify('golem.b.00000002', kept);
    knownHosts.forget('golem.a.00000001');
    expect(knownHosts.fingerprints('golem.a.00000001')).toEqual([]);
    expect(knownHosts.verify('golem.b.00000002', kept)).toBe('trusted');
  });

  it('adopts a legacy [host]:port pin (plain, comma list or hashed) for a rental alias once', () => {
    const path = join(root, 'known_hosts');
    const plain = hostKeyBlob();
    const hashed = hostKeyBlob();
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update('[vm.example]:2222').digest('base64');
    writeFileSync(
      path,
      [
        '# comment',
        `other,Example.org ssh-ed25519 ${plain.toString('base64')}`,
        `|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${hashed.toString('base64')}`,
        `@revoked * ssh-ed25519 ${hashed.toString('base64')}`,
        '',
      ].join('\n'),
    );
    const knownHosts = createKnownHosts(path);
    expect(hostPattern('example.org', 22)).toBe('example.org');
    expect(knownHosts.adoptLegacy('golem.old.00000001', 'example.org', 22)).toBe(true);
    expect(knownHosts.verify('golem.old.00000001', plain)).toBe('trusted');
    expect(knownHosts.adoptLegacy('golem.old.00000001', 'example.org', 22)).toBe(false);
    expect(knownHosts.adoptLegacy('golem.hashed.00000002', 'vm.example', 2222)).toBe(true);
    expect(knownHosts.verify('golem.hashed.00000002', plain)).toBe('mismatch');
    expect(knownHosts.adoptLegacy('golem.none.00000003', '10.0.0.9', 2222)).toBe(false);
  });
});
