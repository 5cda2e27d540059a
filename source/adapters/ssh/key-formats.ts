/**
 * Recognising private-key container formats, so a key golem cannot use is named precisely and refused before
 * any payment (case-15), and normalising the ones it can use into something ssh2 reads.
 *
 * ssh2 1.17 (`utils.parseKey`) reads: OpenSSH new format (any key type, bcrypt-encrypted or not), legacy PEM
 * (`BEGIN RSA|EC|DSA PRIVATE KEY`, optionally `Proc-Type: 4,ENCRYPTED`) and PuTTY `.ppk` version 2 for RSA/DSA.
 * It does NOT read PKCS#8 (`BEGIN PRIVATE KEY` / `BEGIN ENCRYPTED PRIVATE KEY`, what `openssl genpkey` and the
 * reference tool's `golem_id_rsa` use, reference §10.1), so those are decoded with node:crypto and re-encoded:
 * RSA → PKCS#1 PEM, EC → SEC1 PEM, Ed25519 → OpenSSH new format (built here).
 */
import {createHash, createPrivateKey, type KeyObject} from 'node:crypto';

/** The container a private-key file uses, as recognised from its text. */
export type KeyFormat =
  | 'openssh'
  | 'pkcs8'
  | 'pkcs8-encrypted'
  | 'pkcs1-rsa'
  | 'sec1-ec'
  | 'pem-dsa'
  | 'putty-ppk'
  | 'rfc4716-private'
  | 'public-key'
  | 'unknown';

/** What `detectKeyFormat` found: the format, a human label naming it, and whether it is passphrase-protected. */
export type DetectedKeyFormat = {
  readonly format: KeyFormat;
  /** e.g. `PKCS#1 RSA PEM (BEGIN RSA PRIVATE KEY)`, `PuTTY .ppk version 3 (ssh-ed25519)`. */
  readonly label: string;
  readonly isEncrypted: boolean;
  /** True when golem can load this container (key type is checked later). */
  readonly isSupported: boolean;
  /**
   * Command converting the file into a supported format, when it is not supported; `<key>` stands for the file,
   * `<out>` for a new file next to it.
   */
  readonly conversionHint: string | undefined;
};

/**
 * Removes a UTF-8 BOM, turns CRLF / lone CR line endings into LF and trims surrounding whitespace: keys copied
 * through Windows editors or mail clients otherwise fail ssh2's anchored regular expressions (case-15).
 */
export function normalizeKeyText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim();
}

const PEM = (label: string) => new RegExp(`^-----BEGIN ${label}-----\\n([\\s\\S]*?)\\n?-----END ${label}-----$`);

/** Reads the cipher name out of an OpenSSH new-format key body (`openssh-key-v1\0`, string ciphername, …). */
function openSshCipherName(body: string): string | undefined {
  const blob = Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (blob.length < magic.length + 4 || blob.toString('latin1', 0, magic.length) !== magic) return undefined;
  const length = blob.readUInt32BE(magic.length);
  const start = magic.length + 4;
  if (start + length > blob.length) return undefined;
  return blob.toString('latin1', start, start + length);
}

/**
 * Recognises the container format of a private-key file from its (normalised) text. Never throws.
 *
 * @example
 * detectKeyFormat('-----BEGIN RSA PRIVATE KEY-----\n…').label // 'PKCS#1 RSA PEM (BEGIN RSA PRIVATE KEY)'
 */
export function detectKeyFormat(rawText: string): DetectedKeyFormat {
  const text = normalizeKeyText(rawText);
  const supported = (format: KeyFormat, label: string, isEncrypted: boolean): DetectedKeyFormat => ({
    format,
    label,
    isEncrypted,
    isSupported: true,
    conversionHint: undefined,
  });
  const unsupported = (format: KeyFormat, label: string, isEncrypted: boolean, conversionHint: string) => ({
    format,
    label,
    isEncrypted,
    isSupported: false,
    conversionHint,
  });

  const openssh = PEM('OPENSSH PRIVATE KEY').exec(text);
  if (openssh) {
    const cipher = openSshCipherName(openssh[1] ?? '');
    if (cipher === undefined) {
      return unsupported('openssh', 'OpenSSH private key (damaged)', false, 'ssh-keygen -p -m PEM -f <key>');
    }
    return supported('openssh', 'OpenSSH private key (BEGIN OPENSSH PRIVATE KEY)', cipher !== 'none');
  }
  if (PEM('PRIVATE KEY').test(text)) return supported('pkcs8', 'PKCS#8 PEM (BEGIN PRIVATE KEY)', false);
  if (PEM('ENCRYPTED PRIVATE KEY').test(text)) {
    return supported('pkcs8-encrypted', 'encrypted PKCS#8 PEM (BEGIN ENCRYPTED PRIVATE KEY)', true);
  }
  const legacy = /^-----BEGIN (RSA|EC|DSA) PRIVATE KEY-----\n/.exec(text);
  if (legacy) {
    const isEncrypted = /^Proc-Type:\s*4,ENCRYPTED/m.test(text);
    if (legacy[1] === 'RSA') return supported('pkcs1-rsa', 'PKCS#1 RSA PEM (BEGIN RSA PRIVATE KEY)', isEncrypted);
    if (legacy[1] === 'EC') return supported('sec1-ec', 'SEC1 EC PEM (BEGIN EC PRIVATE KEY)', isEncrypted);
    return supported('pem-dsa', 'DSA PEM (BEGIN DSA PRIVATE KEY)', isEncrypted);
  }
  const putty = /^PuTTY-User-Key-File-(\d+):\s*(\S+)/.exec(text);
  if (putty) {
    const version = putty[1]!;
    const algorithm = putty[2]!;
    const encryption = /^Encryption:\s*(\S+)/m.exec(text)?.[1] ?? 'none';
    const label = `PuTTY .ppk version ${version} (${algorithm})`;
    // ssh2 reads only version 2 RSA/DSA files (its PPK_Private regular expression).
    const isReadable = version === '2' && (algorithm === 'ssh-rsa' || algorithm === 'ssh-dss');
    const hint = 'puttygen <key> -O private-openssh -o <out>';
    return isReadable
      ? supported('putty-ppk', label, encryption !== 'none')
      : unsupported('putty-ppk', label, encryption !== 'none', hint);
  }
  if (/^---- BEGIN SSH2 (ENCRYPTED )?PRIVATE KEY ----/.test(text)) {
    return unsupported(
      'rfc4716-private',
      'SSH.com / RFC 4716 private key (BEGIN SSH2 ENCRYPTED PRIVATE KEY)',
      /^---- BEGIN SSH2 ENCRYPTED/.test(text),
      'ssh-keygen -i -f <key> > <out>',
    );
  }
  if (/^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-\S+) [A-Za-z0-9+/=]+/.test(text) || /^---- BEGIN SSH2 PUBLIC KEY ----/.test(text)) {
    return unsupported('public-key', 'public key (not a private key)', false, 'name the private key file, without .pub');
  }
  return unsupported('unknown', 'unrecognised key format', false, 'ssh-keygen -p -m PEM -f <key>');
}

/** SHA256 fingerprint of an SSH public key blob, as `ssh-keygen -l` prints it (`SHA256:…`, no padding). */
export function fingerprintOf(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Bits of an `ssh-rsa` public key blob's modulus (string type, mpint e, mpint n); 0 when unreadable. */
export function rsaModulusBits(publicKeyBlob: Buffer): number {
  let offset = 0;
  const readString = (): Buffer | undefined => {
    if (offset + 4 > publicKeyBlob.length) return undefined;
    const length = publicKeyBlob.readUInt32BE(offset);
    offset += 4;
    if (offset + length > publicKeyBlob.length) return undefined;
    const value = publicKeyBlob.subarray(offset, offset + length);
    offset += length;
    return value;
  };
  readString();
  readString();
  const modulus = readString();
  if (!modulus) return 0;
  let index = 0;
  while (index < modulus.length && modulus[index] === 0) index++;
  if (index === modulus.length) return 0;
  return (modulus.length - index - 1) * 8 + (32 - Math.clz32(modulus[index]!));
}

function sshString(value: Buffer | string): Buffer {
  const data = typeof value === 'string' ? Buffer.from(value) : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/**
 * Encodes an Ed25519 key as an unencrypted OpenSSH new-format private key (PROTOCOL.key in OpenSSH's sources):
 * `openssh-key-v1\0`, cipher/kdf `none`, one public key, and a private section `check check type pub
 * seed||pub comment` padded to 8 bytes.
 */
export function encodeOpenSshEd25519(seed: Buffer, publicKey: Buffer, comment = ''): string {
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey)]);
  const check = Buffer.alloc(4);
  check.writeUInt32BE(createHash('sha256').update(publicKey).digest().readUInt32BE(0));
  let privateSection = Buffer.concat([
    check,
    check,
    sshString('ssh-ed25519'),
    sshString(publicKey),
    sshString(Buffer.concat([seed, publicKey])),
    sshString(comment),
  ]);
  const padding: number[] = [];
  for (let pad = 1; (privateSection.length + padding.length) % 8 !== 0; pad++) padding.push(pad);
  privateSection = Buffer.concat([privateSection, Buffer.from(padding)]);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    count,
    sshString(publicBlob),
    sshString(privateSection),
  ]).toString('base64');
  const lines = body.match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/**
 * Re-encodes a PKCS#8 key (decrypted with `passphrase` when it is encrypted) into a container ssh2 reads.
 * Throws node:crypto's error when the passphrase is wrong or the file is damaged; returns undefined for key
 * types SSH has no use for (x25519, ed448, dh).
 */
export function convertPkcs8(text: string, passphrase: string | undefined): {text: string; keyType: string} | undefined {
  const key: KeyObject = createPrivateKey({key: text, format: 'pem', ...(passphrase === undefined ? {} : {passphrase})});
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return {text: String(key.export({type: 'pkcs1', format: 'pem'})), keyType: 'rsa'};
    case 'ec':
      return {text: String(key.export({type: 'sec1', format: 'pem'})), keyType: 'ec'};
    case 'ed25519': {
      const jwk = key.export({format: 'jwk'});
      if (!jwk.d || !jwk.x) return undefined;
      return {
        text: encodeOpenSshEd25519(Buffer.from(jwk.d, 'base64url'), Buffer.from(jwk.x, 'base64url')),
        keyType: 'ed25519',
      };
    }
    default:
      return undefined;
  }
}
