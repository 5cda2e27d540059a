/**
 * `golem wallet decrypt` and `golem wallet password` (issue 14): the way back from `golem wallet encrypt`, and a
 * password change. Both need the current password (GOLEM_REQUESTOR_WALLET_PASSWORD, else asked hidden on a
 * terminal); the new password comes from GOLEM_REQUESTOR_NEW_WALLET_PASSWORD or is asked twice. The key is never
 * printed.
 */
import {ConfigError, UsageError} from '../errors.js';
import {defineCommand, type CommandIo} from './command.js';
import {writeJson, writeLines} from './output.js';
import {readHiddenLine} from './wallet-password.js';

/** The variable that gives `golem wallet password` its new password in scripts. */
export const NEW_WALLET_PASSWORD_ENV = 'GOLEM_REQUESTOR_NEW_WALLET_PASSWORD';

function canAsk(io: CommandIo): boolean {
  return io.isInteractive && !io.isJson && Boolean(io.stdin.isTTY);
}

async function currentPassword(io: CommandIo, configured: string | null): Promise<string> {
  if (configured !== null) return configured;
  if (!canAsk(io)) {
    throw new UsageError({
      shortMessage: 'The current wallet password is needed, and it cannot be asked here (no terminal, or --json).',
      hint: 'Set GOLEM_REQUESTOR_WALLET_PASSWORD.',
    });
  }
  return readHiddenLine({...io, prompt: 'Current wallet password: '});
}

async function newPassword(io: CommandIo): Promise<string> {
  const fromEnv = process.env[NEW_WALLET_PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!canAsk(io)) {
    throw new UsageError({shortMessage: 'A new wallet password is needed, and it cannot be asked here (no terminal, or --json).', hint: `Set ${NEW_WALLET_PASSWORD_ENV}.`});
  }
  const first = await readHiddenLine({...io, prompt: 'New wallet password: '});
  if (first.length === 0) throw new ConfigError({shortMessage: 'The wallet password must not be empty; nothing was changed.'});
  const second = await readHiddenLine({...io, prompt: 'Repeat the new password: '});
  if (first !== second) throw new ConfigError({shortMessage: 'The two passwords differ; nothing was changed.'});
  return first;
}

function keyFilePath(io: CommandIo): {keyPath: string; walletPassword: string | null} {
  const config = io.config();
  if (config.ethereumPrivateKey !== null) {
    throw new ConfigError({
      shortMessage: 'The wallet key comes from GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY; there is no key file to change.',
      hint: 'Unset it to use the key file under the base dir.',
    });
  }
  return {keyPath: config.paths.walletKeyPath, walletPassword: config.walletPassword};
}

/** `golem wallet decrypt [--json]` — the encrypted key file back to the plain `{"address","private_key"}` file. */
export const walletDecryptCommand = defineCommand({
  path: ['wallet', 'decrypt'],
  description: 'Decrypt the wallet key file (undo golem wallet encrypt).',
  help: `
  Usage
    $ golem wallet decrypt [--json]

  Options
    --json  Print one JSON document: the key file and its address.

  Asks for the current password (or reads GOLEM_REQUESTOR_WALLET_PASSWORD) and rewrites the key file as plain
  JSON with mode 0600. Anyone who can read the file can then spend from the wallet.

  Examples
    $ golem wallet decrypt
    $ GOLEM_REQUESTOR_WALLET_PASSWORD=… golem wallet decrypt --json
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const {keyPath, walletPassword} = keyFilePath(io);
    const {decryptWalletKeyFile} = await import('../adapters/wallet/wallet-account.js');
    const {isEncryptedKeyFile} = await import('../adapters/wallet/keystore-detect.js');
    if (!isEncryptedKeyFile(keyPath)) throw new ConfigError({shortMessage: `The wallet key file ${keyPath} is not encrypted; nothing to do.`});
    const {address} = decryptWalletKeyFile({keyPath, password: await currentPassword(io, walletPassword)});
    if (flags.json) writeJson(io, {key_path: keyPath, address, encrypted: false});
    else writeLines(io, [`Decrypted the wallet key of ${address} in ${keyPath} (mode 0600). Encrypt it again with \`golem wallet encrypt\`.`]);
    return 0;
  },
});

/** `golem wallet password [--json]` — re-encrypts the key file with a new password. */
export const walletPasswordCommand = defineCommand({
  path: ['wallet', 'password'],
  description: 'Change the password of the encrypted wallet key file.',
  help: `
  Usage
    $ golem wallet password [--json]

  Options
    --json  Print one JSON document: the key file and its address.

  Asks for the current password (or reads GOLEM_REQUESTOR_WALLET_PASSWORD), then the new one twice (or reads
  ${NEW_WALLET_PASSWORD_ENV}), and rewrites the keystore atomically (mode 0600).

  Examples
    $ golem wallet password
    $ GOLEM_REQUESTOR_WALLET_PASSWORD=old ${NEW_WALLET_PASSWORD_ENV}=new golem wallet password --json
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const {keyPath, walletPassword} = keyFilePath(io);
    const {changeWalletPassword} = await import('../adapters/wallet/wallet-account.js');
    const {isEncryptedKeyFile} = await import('../adapters/wallet/keystore-detect.js');
    if (!isEncryptedKeyFile(keyPath)) {
      throw new ConfigError({shortMessage: `The wallet key file ${keyPath} is not encrypted.`, hint: 'Encrypt it with `golem wallet encrypt`.'});
    }
    const password = await currentPassword(io, walletPassword);
    const {address} = changeWalletPassword({keyPath, password, newPassword: await newPassword(io)});
    if (flags.json) writeJson(io, {key_path: keyPath, address, encrypted: true});
    else writeLines(io, [`Changed the password of the wallet key of ${address} in ${keyPath}.`]);
    return 0;
  },
});
