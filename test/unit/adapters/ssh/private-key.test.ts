import {generateKeyPairSync} from 'node:crypto';
import ssh2 from 'ssh2';
import {describe, expect, it} from 'vitest';
import {InvalidInputError} from '../../../../source/errors.js';
import {detectKeyFormat, encodeOpenSshEd25519, rsaModulusBits} from '../../../../source/adapters/ssh/key-formats.js';
import {loadPrivateKey, SshKeyPassphraseRequiredError} from '../../../../source/adapters/ssh/private-key.js';
import {FIXTURE_PASSPHRASE, keyFixtures} from '../../../helpers/ssh-key-fixtures.js';
import {generateEd25519KeyPair} from '../../../../source/adapters/ssh/generate-key.js';

const {utils} = ssh2;

function failureOf(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

describe('loadPrivateKey', () => {
  const fixtures = keyFixtures();

  it.each(fixtures.filter((fixture) => fixture.isSupported).map((fixture) => [fixture.name, fixture] as const))(
    'case-15: loads %s and derives a public key that the private key signs for',
    (_name, fixture) => {
      const key = loadPrivateKey({text: fixture.text, keyPath: '/keys/id', passphrase: fixture.passphrase});
      expect(key.format.label).toContain(fixture.formatLabel);
      expect(key.publicKey).toMatch(/^ssh-(ed25519|rsa) [A-Za-z0-9+/]+=*( .*)?$/);
      const parsed = utils.parseKey(key.privateKey, key.passphrase);
      expect(parsed).not.toBeInstanceOf(Error);
      const publicHalf = utils.parseKey(key.publicKey);
      expect(publicHalf).not.toBeInstanceOf(Error);
      const signature = (parsed as ssh2.ParsedKey).sign(Buffer.from('x'));
      expect((publicHalf as ssh2.ParsedKey).verify(Buffer.from('x'), signature)).toBe(true);
      expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    },
  );

  it.each(fixtures.filter((fixture) => !fixture.isSupported).map((fixture) => [fixture.name, fixture] as const))(
    'case-15: refuses %s, naming the detected format and a way out',
    (_name, fixture) => {
      const error = failureOf(() => loadPrivateKey({text: fixture.text, keyPath: '/keys/id', passphrase: undefined}));
      expect(error.shortMessage).toContain('/keys/id');
      expect(error.shortMessage).toContain(fixture.formatLabel);
      expect(error.hint).toMatch(/GOLEM_REQUESTOR_SSH_KEY_PATH/);
    },
  );

  it('case-15: a PuTTY v3 key gets the puttygen conversion command', () => {
    const v3 = fixtures.find((fixture) => fixture.name.startsWith('PuTTY .ppk v3'))!;
    const error = failureOf(() => loadPrivateKey({text: v3.text, keyPath: '/keys/laptop.ppk', passphrase: undefined}));
    expect(error.message).toMatchInlineSnapshot(`
      "The SSH key /keys/laptop.ppk is in a format golem cannot read: PuTTY .ppk version 3 (ssh-ed25519).
      Hint: golem reads OpenSSH, PKCS#8 PEM, PKCS#1 RSA PEM and PuTTY .ppk v2 RSA keys: convert it with \`puttygen /keys/laptop.ppk -O private-openssh -o /keys/laptop\` and set GOLEM_REQUESTOR_SSH_KEY_PATH=/keys/laptop, or unset GOLEM_REQUESTOR_SSH_KEY_PATH to let golem use (and create) its own key."
    `);
  });

  it('refuses an ECDSA key before any payment, explaining that providers accept only ssh-rsa and ssh-ed25519', () => {
    const ecdsa = String(generateKeyPairSync('ec', {namedCurve: 'P-256'}).privateKey.export({type: 'sec1', format: 'pem'}));
    const error = failureOf(() => loadPrivateKey({text: ecdsa, keyPath: '/keys/id_ecdsa', passphrase: undefined}));
    expect(error.message).toMatchInlineSnapshot(`
      "The SSH key /keys/id_ecdsa is an ECDSA key (ecdsa-sha2-nistp256); Golem providers accept only ssh-ed25519 and ssh-rsa keys.
      Hint: Create one with \`ssh-keygen -t ed25519 -f <new path>\` and point GOLEM_REQUESTOR_SSH_KEY_PATH at it, or unset GOLEM_REQUESTOR_SSH_KEY_PATH to let golem use (and create) its own key."
    `);
  });

  it.each(fixtures.filter((fixture) => fixture.passphrase).map((fixture) => [fixture.name, fixture] as const))(
    'case-05: %s without a passphrase asks for GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE',
    (_name, fixture) => {
      const error = failureOf(() => loadPrivateKey({text: fixture.text, keyPath: '/keys/id', passphrase: undefined}));
      expect(error).toBeInstanceOf(SshKeyPassphraseRequiredError);
      expect(error.shortMessage).toMatch(/^The SSH key \/keys\/id is encrypted \(.+\) and no passphrase was given\.$/);
      expect(error.hint).toBe(
        'Set GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE, or unset GOLEM_REQUESTOR_SSH_KEY_PATH to let golem use (and create) its own key.',
      );
    },
  );

  it.each(fixtures.filter((fixture) => fixture.passphrase).map((fixture) => [fixture.name, fixture] as const))(
    'case-05: %s with a wrong passphrase says the passphrase does not decrypt it',
    (_name, fixture) => {
      const error = failureOf(() => loadPrivateKey({text: fixture.text, keyPath: '/keys/id', passphrase: `${FIXTURE_PASSPHRASE}!`}));
      expect(error).not.toBeInstanceOf(SshKeyPassphraseRequiredError);
      expect(error.shortMessage).toMatch(/^The passphrase does not decrypt the SSH key \/keys\/id/);
    },
  );

  it('holds a converted PKCS#8 key decrypted, so ssh2 needs no passphrase for it', () => {
    const encrypted = fixtures.find((fixture) => fixture.name.startsWith('encrypted PKCS#8'))!;
    const key = loadPrivateKey({text: encrypted.text, keyPath: '/keys/id', passphrase: encrypted.passphrase});
    expect(key.passphrase).toBeUndefined();
    expect(key.privateKey.toString()).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
  });

  it('keeps a safe comment and drops one that could inject a line into authorized_keys', () => {
    const named = generateEd25519KeyPair({comment: 'me@laptop'});
    expect(loadPrivateKey({text: named.private, keyPath: '/k', passphrase: undefined}).publicKey).toMatch(/ me@laptop$/);
    const hostile = generateEd25519KeyPair({comment: 'x\nssh-ed25519 AAAAevil'});
    const key = loadPrivateKey({text: hostile.private, keyPath: '/k', passphrase: undefined, defaultComment: 'golem'});
    expect(key.publicKey).not.toContain('\n');
    expect(key.publicKey).toMatch(/ golem$/);
  });

  it('refuses a file whose public half does not match its private half', () => {
    const {privateKey} = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519').publicKey.export({format: 'jwk'});
    const jwk = privateKey.export({format: 'jwk'});
    const forged = encodeOpenSshEd25519(Buffer.from(jwk.d!, 'base64url'), Buffer.from(other.x!, 'base64url'));
    const error = failureOf(() => loadPrivateKey({text: forged, keyPath: '/keys/forged', passphrase: undefined}));
    expect(error.shortMessage).toContain('/keys/forged');
  });
});

describe('detectKeyFormat', () => {
  it('case-15: tells encrypted from plain containers', () => {
    const plain = generateEd25519KeyPair().private;
    const encrypted = generateEd25519KeyPair({passphrase: 'x', cipher: 'aes256-ctr', rounds: 4}).private;
    expect(detectKeyFormat(plain)).toMatchObject({format: 'openssh', isEncrypted: false, isSupported: true});
    expect(detectKeyFormat(encrypted)).toMatchObject({format: 'openssh', isEncrypted: true, isSupported: true});
    expect(detectKeyFormat('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----')).toMatchObject({
      format: 'pkcs8-encrypted',
      isEncrypted: true,
    });
    expect(detectKeyFormat('---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nAAAA\n---- END SSH2 ENCRYPTED PRIVATE KEY ----')).toMatchObject({
      format: 'rfc4716-private',
      isSupported: false,
    });
  });

  it('reads the RSA modulus size from a public key blob', () => {
    const rsa = utils.generateKeyPairSync('rsa', {bits: 2048});
    const parsed = utils.parseKey(rsa.public) as ssh2.ParsedKey;
    expect(rsaModulusBits(parsed.getPublicSSH())).toBe(2048);
  });
});
