/**
 * Secrets on disk (issue 6 item 6): the wallet key, golem's SSH key and the known_hosts pins are 0600 in a 0700
 * directory whatever the umask — with umask 0 (everything world-writable by default) and the common 022.
 */
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createKnownHosts} from '../../../source/adapters/ssh/known-hosts.js';
import {createSshKeyStore} from '../../../source/adapters/ssh/key-store.js';
import {generateEd25519KeyPair} from '../../../source/adapters/ssh/generate-key.js';
import {loadOrCreateWalletKey} from '../../../source/adapters/wallet/wallet-key.js';
import {loadConfig} from '../../../source/config/settings.js';

const mode = (path: string) => statSync(path).mode & 0o777;
let previousUmask: number | undefined;
let baseDir: string | undefined;
afterEach(() => {
  if (previousUmask !== undefined) process.umask(previousUmask);
  previousUmask = undefined;
  if (baseDir) rmSync(baseDir, {recursive: true, force: true});
  baseDir = undefined;
});

describe.each([0o000, 0o022])('with umask %o', (umask) => {
  it('case-30: the wallet key, the SSH key pair and known_hosts are 0600 in 0700 directories', async () => {
    baseDir = mkdtempSync(join(tmpdir(), 'golem-secrets-'));
    previousUmask = process.umask(umask);
    const {paths} = loadConfig({GOLEM_REQUESTOR_BASE_DIR: join(baseDir, 'golem')});

    const wallet = loadOrCreateWalletKey({keyPath: paths.walletKeyPath, privateKeyOverride: null});
    expect(wallet.isNew).toBe(true);
    expect(mode(paths.walletKeyPath)).toBe(0o600);
    expect(mode(dirname(paths.walletKeyPath))).toBe(0o700);

    const pair = await createSshKeyStore({sshKeyDir: paths.sshKeyDir, sshKeyPath: null}).resolveKeyPair();
    expect(mode(pair.privateKeyPath)).toBe(0o600);
    expect(mode(dirname(pair.privateKeyPath))).toBe(0o700);

    const knownHosts = createKnownHosts(paths.knownHostsPath);
    const hostKey = Buffer.from(generateEd25519KeyPair().public.split(' ')[1]!, 'base64');
    expect(knownHosts.verify('golem.a.00000001', hostKey)).toBe('recorded');
    expect(mode(paths.knownHostsPath)).toBe(0o600);
    expect(mode(dirname(paths.knownHostsPath))).toBe(0o700);
    // A second pin appended keeps the mode.
    knownHosts.verify('golem.b.00000002', hostKey);
    expect(mode(paths.knownHostsPath)).toBe(0o600);
  });
});
