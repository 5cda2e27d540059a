/**
 * Loading one private-key file into a checked, ssh2-ready key: the format is recognised, the key decrypts,
 * its type is one providers accept, and it really signs for the public key golem will send (case-05, case-15).
 */
import ssh2 from 'ssh2';
import type {ParsedKey} from 'ssh2';
import {InvalidInputError} from '../../errors.js';
import {
  convertPkcs8,
  detectKeyFormat,
  fingerprintOf,
  normalizeKeyText,
  rsaModulusBits,
  type DetectedKeyFormat,
} from './key-formats.js';

const {utils} = ssh2;

/** Key types a provider accepts in `ssh_key` (reference §4.4: `^ssh-rsa ` or `^ssh-ed25519 `). */
export type AcceptedKeyType = 'ssh-ed25519' | 'ssh-rsa';

/** Smallest RSA modulus current OpenSSH servers accept (`RequiredRSASize`, default 1024 since OpenSSH 9.1). */
export const MIN_RSA_BITS = 1024;

/** Environment variable that carries the passphrase of a user-named key. */
export const PASSPHRASE_ENV = 'GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE';

/** The way out offered in hints about a key the user named. */
export const USE_GOLEM_KEY = 'or unset GOLEM_REQUESTOR_SSH_KEY_PATH to let golem use (and create) its own key';

/**
 * The key file is passphrase-protected and no passphrase was given. An `InvalidInputError`, so it renders like
 * one; a separate class so an interactive caller can prompt for the passphrase and retry (case-05 a).
 */
export class SshKeyPassphraseRequiredError extends InvalidInputError {
  /** Absolute path of the encrypted key file. */
  readonly keyPath: string;
  constructor({keyPath, formatLabel, fallback = USE_GOLEM_KEY}: {keyPath: string; formatLabel: string; fallback?: string}) {
    super({
      issues: [`The SSH key ${keyPath} is encrypted (${formatLabel}) and no passphrase was given.`],
      hint: `Set ${PASSPHRASE_ENV}, ${fallback}.`,
    });
    this.keyPath = keyPath;
  }
}

/** A private key that loaded, decrypted, has an accepted type and signs for `publicKey`. */
export type LoadedPrivateKey = {
  readonly format: DetectedKeyFormat;
  readonly keyType: AcceptedKeyType;
  /** OpenSSH public key line derived from the private key: `<type> <base64>[ <comment>]`. */
  readonly publicKey: string;
  /** The public key blob (`string type, …`), for comparisons and fingerprints. */
  readonly publicKeyBlob: Buffer;
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
  /** Key text ssh2 reads (PKCS#8 is converted and then held decrypted in memory). */
  readonly privateKey: Buffer;
  /** Passphrase ssh2 still needs for `privateKey`, or undefined when `privateKey` is not encrypted. */
  readonly passphrase: string | undefined;
};

function keyTypeName(type: string): string {
  if (type.startsWith('ecdsa-')) return `an ECDSA key (${type})`;
  if (type === 'ssh-dss') return 'a DSA key (ssh-dss)';
  return `a ${type} key`;
}

/** Comments land in the VM's authorized_keys: keep printable ASCII only, so a comment cannot inject a line. */
function safeComment(comment: string): string {
  return /^[\x20-\x7E]*$/.test(comment) ? comment.trim() : '';
}

/**
 * Parses and checks the private key in `text` read from `keyPath`.
 *
 * Throws `SshKeyPassphraseRequiredError` when it is encrypted and `passphrase` is undefined, and
 * `InvalidInputError` (naming `keyPath`, the detected format and a conversion hint) when the container is not
 * supported, the passphrase is wrong, the file is damaged, the key type is not ssh-ed25519/ssh-rsa (ECDSA and
 * DSA are refused by providers, reference §4.4), an RSA key is shorter than `MIN_RSA_BITS`, or the private key
 * does not sign for its own public half.
 *
 * @example
 * const key = loadPrivateKey({text: readFileSync(path, 'utf8'), keyPath: path, passphrase: undefined})
 * key.publicKey // 'ssh-ed25519 AAAAC3Nza… golem'
 */
export function loadPrivateKey({
  text,
  keyPath,
  passphrase,
  defaultComment = '',
  fallback = USE_GOLEM_KEY,
}: {
  text: string;
  keyPath: string;
  passphrase: string | undefined;
  /** Comment for the public line when the key file carries none. */
  defaultComment?: string;
  /** The way out offered at the end of every hint. @default USE_GOLEM_KEY */
  fallback?: string;
}): LoadedPrivateKey {
  const normalized = normalizeKeyText(text);
  const format = detectKeyFormat(normalized);
  if (!format.isSupported) {
    const out = keyPath.replace(/\.ppk$/i, '') === keyPath ? `${keyPath}.openssh` : keyPath.replace(/\.ppk$/i, '');
    const convert = format.conversionHint?.replaceAll('<key>', keyPath).replaceAll('<out>', out);
    throw new InvalidInputError({
      issues: [`The SSH key ${keyPath} is in a format golem cannot read: ${format.label}.`],
      hint:
        format.format === 'public-key'
          ? `GOLEM_REQUESTOR_SSH_KEY_PATH must name the private key file (without .pub), ${fallback}.`
          : `golem reads OpenSSH, PKCS#8 PEM, PKCS#1 RSA PEM and PuTTY .ppk v2 RSA keys: convert it with \`${convert}\`${format.format === 'putty-ppk' || format.format === 'rfc4716-private' ? ` and set GOLEM_REQUESTOR_SSH_KEY_PATH=${out}` : ''}, ${fallback}.`,
    });
  }
  if (format.isEncrypted && passphrase === undefined) {
    throw new SshKeyPassphraseRequiredError({keyPath, formatLabel: format.label, fallback});
  }
  const wrongPassphrase = (cause: unknown) =>
    new InvalidInputError({
      issues: [`The passphrase does not decrypt the SSH key ${keyPath} (${format.label}).`],
      hint: `Check ${PASSPHRASE_ENV}, ${fallback}.`,
      cause,
    });
  const damaged = (cause: unknown) =>
    new InvalidInputError({
      issues: [`The SSH key ${keyPath} (${format.label}) cannot be read: ${cause instanceof Error ? cause.message : String(cause)}.`],
      hint: `Rewrite it with \`ssh-keygen -p -m PEM -f ${keyPath}\`, ${fallback}.`,
      cause,
    });

  let ssh2Text = normalized;
  let ssh2Passphrase = format.isEncrypted ? passphrase : undefined;
  if (format.format === 'pkcs8' || format.format === 'pkcs8-encrypted') {
    let converted: ReturnType<typeof convertPkcs8>;
    try {
      converted = convertPkcs8(normalized, ssh2Passphrase);
    } catch (error) {
      throw format.isEncrypted ? wrongPassphrase(error) : damaged(error);
    }
    if (!converted) {
      throw new InvalidInputError({
        issues: [`The SSH key ${keyPath} (${format.label}) holds a key type SSH cannot use.`],
        hint: `Providers accept ssh-ed25519 and ssh-rsa keys; ${fallback}.`,
      });
    }
    ssh2Text = converted.text;
    ssh2Passphrase = undefined;
  }

  const parsed = utils.parseKey(ssh2Text, ssh2Passphrase);
  if (parsed instanceof Error) throw format.isEncrypted ? wrongPassphrase(parsed) : damaged(parsed);
  const key: ParsedKey | undefined = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) throw damaged(new Error('no private key in the file'));

  if (key.type !== 'ssh-ed25519' && key.type !== 'ssh-rsa') {
    throw new InvalidInputError({
      issues: [
        `The SSH key ${keyPath} is ${keyTypeName(key.type)}; Golem providers accept only ssh-ed25519 and ssh-rsa keys.`,
      ],
      hint: `Create one with \`ssh-keygen -t ed25519 -f <new path>\` and point GOLEM_REQUESTOR_SSH_KEY_PATH at it, ${fallback}.`,
    });
  }
  const publicKeyBlob = key.getPublicSSH();
  if (key.type === 'ssh-rsa' && rsaModulusBits(publicKeyBlob) < MIN_RSA_BITS) {
    throw new InvalidInputError({
      issues: [`The SSH key ${keyPath} is a ${rsaModulusBits(publicKeyBlob)}-bit RSA key; SSH servers refuse RSA keys under ${MIN_RSA_BITS} bits.`],
      hint: `Create a new key with \`ssh-keygen -t ed25519\`, ${fallback}.`,
    });
  }
  // The public half inside a key file can disagree with its private half (hand-edited or damaged files):
  // prove the key signs for the public key that will be sent to the provider.
  const challenge = Buffer.from(`golem key check ${keyPath}`);
  const signature = key.sign(challenge);
  if (!(signature instanceof Buffer) || key.verify(challenge, signature) !== true) {
    throw damaged(new Error('its private half does not match its public half'));
  }

  const comment = safeComment(key.comment) || defaultComment;
  return {
    format,
    keyType: key.type,
    publicKey: `${key.type} ${publicKeyBlob.toString('base64')}${comment ? ` ${comment}` : ''}`,
    publicKeyBlob,
    fingerprint: fingerprintOf(publicKeyBlob),
    privateKey: Buffer.from(ssh2Text.endsWith('\n') ? ssh2Text : `${ssh2Text}\n`),
    passphrase: ssh2Passphrase,
  };
}

/**
 * Reads the public key blob of an OpenSSH `.pub` line (or RFC 4716 public key) in `text`.
 * Returns undefined when the text is not a public key.
 */
export function parsePublicKeyBlob(text: string): Buffer | undefined {
  const parsed = utils.parseKey(normalizeKeyText(text));
  if (parsed instanceof Error) return undefined;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key.isPrivateKey()) return undefined;
  return key.getPublicSSH();
}
