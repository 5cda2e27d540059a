import {generateKeyPairSync} from 'node:crypto';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import ssh2 from 'ssh2';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {InvalidInputError} from '../../../../source/errors.js';
import {createFileExclusive} from '../../../../source/adapters/ssh/key-files.js';
import {createSshKeyStore, describeKeySource, GOLEM_KEY_NAME} from '../../../../source/adapters/ssh/key-store.js';
import {SshKeyPassphraseRequiredError} from '../../../../source/adapters/ssh/private-key.js';
import {generateEd25519KeyPair} from '../../../../source/adapters/ssh/generate-key.js';

const {utils} = ssh2;
const mode = (path: string) => statSync(path).mode & 0o777;

let root: string;
let originalHome: string | undefined;
let originalUmask: number;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'golem-key-store-'));
  originalHome = process.env['HOME'];
  originalUmask = process.umask();
});
afterEach(() => {
  process.umask(originalUmask);
  if (originalHome === undefined) delete process.env['HOME'];
  else process.env['HOME'] = originalHome;
  rmSync(root, {recursive: true, force: true});
});

/** A fake HOME with the user's own keys in ~/.ssh, snapshotted so a test can prove nothing there changed. */
function fakeHome(files: Record<string, string>) {
  const home = join(root, 'home');
  mkdirSync(join(home, '.ssh'), {recursive: true, mode: 0o700});
  for (const [name, content] of Object.entries(files)) writeFileSync(join(home, '.ssh', name), content, {mode: 0o600});
  process.env['HOME'] = home;
  const snapshot = () =>
    readdirSync(join(home, '.ssh')).map((name) => {
      const path = join(home, '.ssh', name);
      return {name, content: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs, mode: statSync(path).mode};
    });
  return {home, before: snapshot(), snapshot};
}

describe('createSshKeyStore — the key the user named (GOLEM_REQUESTOR_SSH_KEY_PATH)', () => {
  it('case-05 a: an encrypted ~/.ssh/id_rsa without a passphrase fails before payment with the way out', async () => {
    const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
    const encrypted = String(privateKey.export({type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'secret'}));
    const {home} = fakeHome({id_rsa: encrypted});
    const keyPath = join(home, '.ssh', 'id_rsa');

    const store = createSshKeyStore({sshKeyDir: join(root, 'golem-ssh'), sshKeyPath: keyPath});
    const error = await store.resolveKeyPair().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SshKeyPassphraseRequiredError);
    expect((error as SshKeyPassphraseRequiredError).keyPath).toBe(keyPath);
    expect((error as InvalidInputError).message).toBe(
      `The SSH key ${keyPath} is encrypted (PKCS#1 RSA PEM (BEGIN RSA PRIVATE KEY)) and no passphrase was given.\n` +
        'Hint: Set GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE, or unset GOLEM_REQUESTOR_SSH_KEY_PATH to let golem use (and create) its own key.',
    );

    const pair = await createSshKeyStore({sshKeyDir: join(root, 'golem-ssh'), sshKeyPath: keyPath, passphrase: 'secret'}).resolveKeyPair();
    expect(pair.publicKey).toMatch(/^ssh-rsa /);
    expect(pair.source).toBe('configured');
  });

  it('case-05 b: an id_rsa.pub from another key is refused, naming both files and both fingerprints', async () => {
    const mine = utils.generateKeyPairSync('rsa', {bits: 2048});
    const other = utils.generateKeyPairSync('rsa', {bits: 2048});
    const {home} = fakeHome({id_rsa: mine.private, 'id_rsa.pub': `${other.public}\n`});
    const keyPath = join(home, '.ssh', 'id_rsa');

    const error = await createSshKeyStore({sshKeyDir: join(root, 'g'), sshKeyPath: keyPath})
      .resolveKeyPair()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    const {shortMessage, hint} = error as InvalidInputError;
    expect(shortMessage).toMatch(
      new RegExp(`^${keyPath}\\.pub does not belong to ${keyPath}: the private key is SHA256:\\S+, the \\.pub file holds SHA256:\\S+\\.$`),
    );
    expect(hint).toBe(
      `Regenerate it with \`ssh-keygen -y -f ${keyPath} > ${keyPath}.pub\`, or point GOLEM_REQUESTOR_SSH_KEY_PATH at the matching private key.`,
    );
  });

  it('case-05 b: a matching .pub is accepted, and the public key sent is derived from the private key', async () => {
    const mine = generateEd25519KeyPair({comment: 'me@laptop'});
    const keyPath = join(root, 'id_ed25519');
    writeFileSync(keyPath, mine.private, {mode: 0o600});
    // Same key, different comment and CRLF: the .pub matches by key blob, not by text.
    writeFileSync(`${keyPath}.pub`, `${mine.public.replace(' me@laptop', ' edited')}\r\n`);
    const pair = await createSshKeyStore({sshKeyDir: join(root, 'g'), sshKeyPath: keyPath}).resolveKeyPair();
    expect(pair.publicKey).toBe(mine.public);
    expect(pair.publicKeyPath).toBe(`${keyPath}.pub`);
    expect(describeKeySource(pair)).toMatch(
      new RegExp(`^Using the SSH key ${keyPath} \\(from GOLEM_REQUESTOR_SSH_KEY_PATH; OpenSSH private key .*, ssh-ed25519 SHA256:\\S+\\)$`),
    );
  });

  it('a missing named key is an InvalidInputError, not a silent fallback', async () => {
    const error = await createSshKeyStore({sshKeyDir: join(root, 'g'), sshKeyPath: join(root, 'nope')})
      .resolveKeyPair()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).shortMessage).toBe(
      `The SSH key (GOLEM_REQUESTOR_SSH_KEY_PATH) ${join(root, 'nope')} does not exist.`,
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it('case-30: warns about a named key others can read, without changing the user’s file', async () => {
    const keyPath = join(root, 'id_ed25519');
    writeFileSync(keyPath, generateEd25519KeyPair().private);
    chmodSync(keyPath, 0o644);
    const pair = await createSshKeyStore({sshKeyDir: join(root, 'g'), sshKeyPath: keyPath}).resolveKeyPair();
    expect(mode(keyPath)).toBe(0o644);
    expect(pair.warnings).toEqual([
      `The SSH key ${keyPath} has mode 0644; OpenSSH refuses keys others can read ("UNPROTECTED PRIVATE KEY FILE"). Fix: chmod 600 ${keyPath}`,
    ]);
  });
});

describe("createSshKeyStore — golem's own key", () => {
  it('case-05 c: with only ~/.ssh/id_ed25519 present, golem uses its own key and touches nothing in ~/.ssh', async () => {
    const user = generateEd25519KeyPair();
    const {before, snapshot} = fakeHome({id_ed25519: user.private, 'id_ed25519.pub': user.public});
    const sshKeyDir = join(root, 'golem', 'ssh');

    const pair = await createSshKeyStore({sshKeyDir, sshKeyPath: null}).resolveKeyPair();
    expect(pair.privateKeyPath).toBe(join(sshKeyDir, GOLEM_KEY_NAME));
    expect(pair.publicKey).not.toBe(user.public);
    expect(pair.publicKey).toMatch(/^ssh-ed25519 \S+ golem$/);
    expect(snapshot()).toEqual(before);
    expect(describeKeySource(pair)).toMatch(new RegExp(`^Generated golem's SSH key ${pair.privateKeyPath} \\(ssh-ed25519 SHA256:`));
  });

  it.each([0o022, 0o000])('case-30: first use generates the key 0600 in a 0700 dir under umask %o', async (umask) => {
    process.umask(umask);
    const sshKeyDir = join(root, 'base', 'ssh');
    const pair = await createSshKeyStore({sshKeyDir, sshKeyPath: undefined}).resolveKeyPair();
    expect(pair.source).toBe('generated');
    expect(pair.warnings).toEqual([]);
    expect(mode(sshKeyDir)).toBe(0o700);
    expect(mode(pair.privateKeyPath)).toBe(0o600);
    expect(mode(`${pair.privateKeyPath}.pub`)).toBe(0o644);
    expect(readFileSync(`${pair.privateKeyPath}.pub`, 'utf8')).toBe(`${pair.publicKey}\n`);
    expect(readdirSync(sshKeyDir).sort()).toEqual([GOLEM_KEY_NAME, `${GOLEM_KEY_NAME}.pub`]);
  });

  it('reuses the key on later runs', async () => {
    const sshKeyDir = join(root, 'ssh');
    const first = await createSshKeyStore({sshKeyDir, sshKeyPath: null}).resolveKeyPair();
    const second = await createSshKeyStore({sshKeyDir, sshKeyPath: null}).resolveKeyPair();
    expect(second.source).toBe('golem');
    expect(second.publicKey).toBe(first.publicKey);
    expect(describeKeySource(second)).toMatch(/^Using golem's SSH key /);
  });

  it('case-30: fixes an existing key and dir with umask-default permissions, and says so', async () => {
    const sshKeyDir = join(root, 'ssh');
    const {privateKeyPath} = await createSshKeyStore({sshKeyDir, sshKeyPath: null}).resolveKeyPair();
    chmodSync(privateKeyPath, 0o644);
    chmodSync(sshKeyDir, 0o755);
    const pair = await createSshKeyStore({sshKeyDir, sshKeyPath: null}).resolveKeyPair();
    expect(mode(privateKeyPath)).toBe(0o600);
    expect(mode(sshKeyDir)).toBe(0o700);
    expect(pair.warnings).toEqual([
      `Narrowed the permissions of ${sshKeyDir} from 0755 to 0700.`,
      `Fixed the permissions of ${privateKeyPath} from 0644 to 0600 (OpenSSH refuses keys others can read).`,
    ]);
  });

  it('rewrites a stale .pub from the private key (the private key is the truth)', async () => {
    const sshKeyDir = join(root, 'ssh');
    const first = await createSshKeyStore({sshKeyDir, sshKeyPath: null}).resolveKeyPair();
    writeFileSync(`${first.privateKeyPath}.pub`, `${generateEd25519KeyPair().public}\n`);
    const second = await createSshKeyStore({sshKeyDir, sshKeyPath: null}).resolveKeyPair();
    expect(second.publicKey).toBe(first.publicKey);
    expect(readFileSync(`${first.privateKeyPath}.pub`, 'utf8')).toBe(`${first.publicKey}\n`);
    expect(second.warnings).toEqual([`Rewrote ${first.privateKeyPath}.pub: it did not hold the public half of ${first.privateKeyPath}.`]);
  });

  it('never replaces a key another process created first', () => {
    const path = join(root, 'key');
    expect(createFileExclusive(path, 'first', 0o600)).toBe(true);
    expect(createFileExclusive(path, 'second', 0o600)).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(readdirSync(root)).toEqual(['key']);
  });
});
