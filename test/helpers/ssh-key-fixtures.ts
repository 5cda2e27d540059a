/**
 * Private-key files in every container format of case-15, generated at test time with node:crypto and ssh2
 * (ssh-keygen/puttygen may be missing on CI). Each fixture says whether golem must accept it.
 */
import {createHash, createHmac, generateKeyPairSync} from 'node:crypto';
import ssh2 from 'ssh2';
import {generateEd25519KeyPair} from '../../source/adapters/ssh/generate-key.js';

const {utils} = ssh2;

export type KeyFixture = {
  /** Test title fragment. */
  readonly name: string;
  /** File content. */
  readonly text: string;
  readonly passphrase?: string;
  /** True when golem must load it and connect with it. */
  readonly isSupported: boolean;
  /** A fragment of the detected format's label that the error or description must name. */
  readonly formatLabel: string;
};

function sshString(value: Buffer | string): Buffer {
  const data = typeof value === 'string' ? Buffer.from(value) : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

function mpint(base64url: string): Buffer {
  let bytes = Buffer.from(base64url, 'base64url');
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0) bytes = bytes.subarray(1);
  if ((bytes[0]! & 0x80) !== 0) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return sshString(bytes);
}

function lines(base64: string): string[] {
  return base64.match(/.{1,64}/g) ?? [];
}

/** A real, unencrypted PuTTY `.ppk` version 2 RSA key (the one PuTTY format ssh2 reads). */
export function puttyV2Rsa(comment = 'rsa-key'): string {
  const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
  const jwk = privateKey.export({format: 'jwk'});
  const publicBlob = Buffer.concat([sshString('ssh-rsa'), mpint(jwk.e!), mpint(jwk.n!)]);
  const privateBlob = Buffer.concat([mpint(jwk.d!), mpint(jwk.p!), mpint(jwk.q!), mpint(jwk.qi!)]);
  const macKey = createHash('sha1').update('putty-private-key-file-mac-key').digest();
  const mac = createHmac('sha1', macKey)
    .update(
      Buffer.concat([
        sshString('ssh-rsa'),
        sshString('none'),
        sshString(comment),
        sshString(publicBlob),
        sshString(privateBlob),
      ]),
    )
    .digest('hex');
  const publicLines = lines(publicBlob.toString('base64'));
  const privateLines = lines(privateBlob.toString('base64'));
  return [
    'PuTTY-User-Key-File-2: ssh-rsa',
    'Encryption: none',
    `Comment: ${comment}`,
    `Public-Lines: ${publicLines.length}`,
    ...publicLines,
    `Private-Lines: ${privateLines.length}`,
    ...privateLines,
    `Private-MAC: ${mac}`,
    '',
  ].join('\n');
}

/** A PuTTY version 3 ed25519 key as PuTTYgen 0.75+ writes it (content is filler: golem must refuse it by format). */
export function puttyV3Ed25519(): string {
  return [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    'Encryption: none',
    'Comment: eddsa-key-20240101',
    'Public-Lines: 2',
    'AAAAC3NzaC1lZDI1NTE5AAAAIJ4pZ1oIpOuwA3s3pQY5f3m0X9lqkZ3yF1mZ7kQf',
    'X0Zq',
    'Private-Lines: 1',
    'AAAAIGtQmP4bY2k5n8R1pQF0Zy6V7c0G1xR5a2pYJ8v0o9aB',
    'Private-MAC: 6c1f1c4a2b3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab',
    '',
  ].join('\n');
}

const PASSPHRASE = 'correct horse';

/** Every case-15 container, plus the encrypted and CRLF variants. */
export function keyFixtures(): KeyFixture[] {
  const openSsh = generateEd25519KeyPair({comment: 'user@laptop'});
  const openSshEncrypted = generateEd25519KeyPair({
    comment: 'enc',
    passphrase: PASSPHRASE,
    cipher: 'aes256-ctr',
    rounds: 4,
  });
  const ed25519 = generateKeyPairSync('ed25519').privateKey;
  const rsa = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey;
  const ecdsa = generateKeyPairSync('ec', {namedCurve: 'P-256'}).privateKey;
  const pkcs1 = String(rsa.export({type: 'pkcs1', format: 'pem'}));
  return [
    {name: 'OpenSSH ed25519 (ssh-keygen -t ed25519)', text: openSsh.private, isSupported: true, formatLabel: 'OpenSSH'},
    {
      name: 'encrypted OpenSSH ed25519 with its passphrase',
      text: openSshEncrypted.private,
      passphrase: PASSPHRASE,
      isSupported: true,
      formatLabel: 'OpenSSH',
    },
    {
      name: 'PKCS#8 PEM ed25519 (openssl genpkey -algorithm ed25519)',
      text: String(ed25519.export({type: 'pkcs8', format: 'pem'})),
      isSupported: true,
      formatLabel: 'PKCS#8',
    },
    {
      name: 'encrypted PKCS#8 PEM ed25519 with its passphrase',
      text: String(ed25519.export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE})),
      passphrase: PASSPHRASE,
      isSupported: true,
      formatLabel: 'encrypted PKCS#8',
    },
    {name: 'PKCS#1 RSA PEM (ssh-keygen -m PEM)', text: pkcs1, isSupported: true, formatLabel: 'PKCS#1 RSA PEM'},
    {
      name: 'PKCS#8 PEM RSA (the reference tool’s golem_id_rsa)',
      text: String(rsa.export({type: 'pkcs8', format: 'pem'})),
      isSupported: true,
      formatLabel: 'PKCS#8',
    },
    {
      name: 'encrypted PKCS#1 RSA PEM with its passphrase',
      text: String(rsa.export({type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: PASSPHRASE})),
      passphrase: PASSPHRASE,
      isSupported: true,
      formatLabel: 'PKCS#1 RSA PEM',
    },
    {name: 'PuTTY .ppk v2 RSA', text: puttyV2Rsa(), isSupported: true, formatLabel: 'PuTTY .ppk version 2'},
    {
      name: 'OpenSSH ed25519 with CRLF line endings',
      text: generateEd25519KeyPair().private.replace(/\n/g, '\r\n'),
      isSupported: true,
      formatLabel: 'OpenSSH',
    },
    {name: 'PKCS#1 RSA PEM with CRLF line endings and a BOM', text: `\uFEFF${pkcs1.replace(/\n/g, '\r\n')}`, isSupported: true, formatLabel: 'PKCS#1 RSA PEM'},
    {
      name: 'SEC1 EC PEM P-256 (ECDSA is refused by providers)',
      text: String(ecdsa.export({type: 'sec1', format: 'pem'})),
      isSupported: false,
      formatLabel: 'ECDSA',
    },
    {
      name: 'OpenSSH ECDSA P-256 (ssh-keygen -t ecdsa)',
      text: utils.generateKeyPairSync('ecdsa', {bits: 256}).private,
      isSupported: false,
      formatLabel: 'ECDSA',
    },
    {name: 'PuTTY .ppk v3 ed25519', text: puttyV3Ed25519(), isSupported: false, formatLabel: 'PuTTY .ppk version 3 (ssh-ed25519)'},
    {name: 'a public key instead of a private key', text: `${openSsh.public}\n`, isSupported: false, formatLabel: 'public key'},
    {name: 'junk', text: 'not a key at all\n', isSupported: false, formatLabel: 'unrecognised'},
  ];
}

export {PASSPHRASE as FIXTURE_PASSPHRASE};
