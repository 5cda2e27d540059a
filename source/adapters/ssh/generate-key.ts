import ssh2 from 'ssh2';

const {utils} = ssh2;

/** Options of {@link generateEd25519KeyPair}: a comment, and a passphrase (with ssh2's cipher and bcrypt rounds). */
export type GenerateEd25519Options = {
  readonly comment?: string;
  readonly passphrase?: string;
  readonly cipher?: string;
  readonly rounds?: number;
};

/**
 * Generates an ed25519 key pair in OpenSSH format (`{private, public}` texts). ssh2 1.17's
 * `utils.generateKeyPairSync('ed25519')` returns a key its own parser rejects ("Malformed OpenSSH private key")
 * about 4 times in 1,000 (measured here: 12 of 3,000), so both halves are parsed back (the private one with the
 * passphrase) before the pair is used, and a bad pair is replaced. A string argument is the comment.
 *
 * Throws `Error` if ten pairs in a row fail to parse (never seen).
 */
export function generateEd25519KeyPair(options: GenerateEd25519Options | string = {}): {private: string; public: string} {
  const {comment, passphrase, cipher, rounds} = typeof options === 'string' ? {comment: options} : options;
  const config = {
    ...(comment === undefined ? {} : {comment}),
    ...(passphrase === undefined ? {} : {passphrase, cipher: cipher ?? 'aes256-ctr', rounds: rounds ?? 16}),
  };
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const pair = utils.generateKeyPairSync('ed25519', config);
    const isPrivateGood = !(utils.parseKey(pair.private, passphrase) instanceof Error);
    // Only the key line counts: a comment may hold a newline (tests of comment sanitising use one).
    const isPublicGood = !(utils.parseKey(pair.public.split('\n')[0]!) instanceof Error);
    if (isPrivateGood && isPublicGood) return pair;
  }
  throw new Error('ssh2 could not generate a parseable ed25519 key');
}
