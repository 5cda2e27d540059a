import {createHmac, randomBytes} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
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

describe('createKnownHosts', () => {
  it('records a host key on first use in OpenSSH format, 0600 in a 0700 dir, then trusts it', () => {
    const path = join(root, 'ssh', 'known_hosts');
    const knownHosts = createKnownHosts(path);
    const key = hostKeyBlob();
    expect(knownHosts.verify('127.0.0.1', 50800, key)).toBe('recorded');
    expect(knownHosts.verify('127.0.0.1', 50800, key)).toBe('trusted');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'ssh')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8').split('\n').filter((line) => line && !line.startsWith('#'))).toEqual([
      `[127.0.0.1]:50800 ssh-ed25519 ${key.toString('base64')}`,
    ]);
    expect(knownHosts.knownKeyTypes('127.0.0.1', 50800)).toEqual(['ssh-ed25519']);
  });

  it('keys entries by [host]:port: another port of the same host is another host', () => {
    const knownHosts = createKnownHosts(join(root, 'known_hosts'));
    expect(knownHosts.verify('10.0.0.1', 50800, hostKeyBlob())).toBe('recorded');
    expect(knownHosts.verify('10.0.0.1', 50801, hostKeyBlob())).toBe('recorded');
    expect(knownHosts.verify('10.0.0.1', 50800, hostKeyBlob())).toBe('mismatch');
  });

  it('forget removes only that host:port (a destroyed VM’s port is recycled)', () => {
    const knownHosts = createKnownHosts(join(root, 'known_hosts'));
    const kept = hostKeyBlob();
    knownHosts.verify('10.0.0.1', 50800, hostKeyBlob());
    knownHosts.verify('10.0.0.1', 50801, kept);
    knownHosts.forget('10.0.0.1', 50800);
    expect(knownHosts.verify('10.0.0.1', 50800, hostKeyBlob())).toBe('recorded');
    expect(knownHosts.verify('10.0.0.1', 50801, kept)).toBe('trusted');
  });

  it('reads entries written by OpenSSH: bare host for port 22, comma lists, hashed names', () => {
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
    expect(knownHosts.verify('example.org', 22, plain)).toBe('trusted');
    expect(knownHosts.verify('vm.example', 2222, hashed)).toBe('trusted');
    expect(knownHosts.verify('vm.example', 2222, plain)).toBe('mismatch');
  });
});
