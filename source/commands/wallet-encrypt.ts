import {ConfigError} from '../errors.js';
import {defineCommand, type CommandIo} from './command.js';
import {writeJson, writeLines} from './output.js';
import {readHiddenLine} from './wallet-password.js';

/**
 * The new password: GOLEM_REQUESTOR_WALLET_PASSWORD, else asked twice (hidden) on a terminal. Throws `ConfigError`
 * without either, or when the two entries differ or are empty; `CancelledError` on Ctrl+C.
 */
async function newPassword(io: CommandIo, configured: string | null): Promise<string> {
  if (configured !== null) return configured;
  if (!io.isInteractive || !io.stdin.isTTY) {
    throw new ConfigError({
      shortMessage: 'A password is needed to encrypt the wallet, and stdin is not a terminal.',
      hint: 'Set GOLEM_REQUESTOR_WALLET_PASSWORD, or run the command on an interactive terminal.',
    });
  }
  const first = await readHiddenLine({...io, prompt: 'New wallet password: '});
  if (first.length === 0) throw new ConfigError({shortMessage: 'The wallet password must not be empty; nothing was changed.'});
  const second = await readHiddenLine({...io, prompt: 'Repeat the password: '});
  if (first !== second) throw new ConfigError({shortMessage: 'The two passwords differ; nothing was changed.'});
  return first;
}

/**
 * `golem wallet encrypt [--json]` — converts the plain wallet key file in place into an encrypted Web3 Secret Storage
 * v3 keystore (scrypt, aes-128-ctr; geth/ethers can read it), mode 0600. From then on golem asks for the password once
 * per run on a terminal, or reads GOLEM_REQUESTOR_WALLET_PASSWORD. The key is never printed.
 */
export const walletEncryptCommand = defineCommand({
  path: ['wallet', 'encrypt'],
  description: 'Encrypt the wallet key file with a password (Web3 Secret Storage v3).',
  help: `
  Usage
    $ golem wallet encrypt [--json]

  Options
    --json  Print one JSON document: the key file and its address.

  Asks for the new password twice (or reads GOLEM_REQUESTOR_WALLET_PASSWORD) and rewrites the key file as an
  encrypted keystore that geth and ethers can also read. Keep the password: without it the key is lost.

  Examples
    $ golem wallet encrypt
    $ GOLEM_REQUESTOR_WALLET_PASSWORD=… golem wallet encrypt --json
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const config = io.config();
    if (config.ethereumPrivateKey !== null) {
      throw new ConfigError({
        shortMessage: 'The wallet key comes from GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY; there is no key file to encrypt.',
        hint: 'Unset it to use (and encrypt) the key file under the base dir.',
      });
    }
    const {encryptWalletKeyFile, isEncryptedKeyFile} = await import('../adapters/wallet/wallet-key.js');
    const keyPath = config.paths.walletKeyPath;
    // Refuse before asking for a password that would not be used.
    if (isEncryptedKeyFile(keyPath)) throw new ConfigError({shortMessage: `The wallet key file ${keyPath} is already encrypted.`});
    const password = await newPassword(io, config.walletPassword);
    const {address} = encryptWalletKeyFile({keyPath, password});
    if (flags.json) writeJson(io, {key_path: keyPath, address, encrypted: true});
    else writeLines(io, [`Encrypted the wallet key of ${address} in ${keyPath}.`]);
    return 0;
  },
});
