/**
 * The wallet password for an encrypted key file (Web3 Secret Storage v3): from GOLEM_REQUESTOR_WALLET_PASSWORD, else
 * asked once per process on an interactive terminal with the input hidden. Without either, the wallet stays
 * locked and the first service that needs the key throws a `ConfigError` naming the variable.
 */
import {isEncryptedKeyFile} from '../adapters/wallet/keystore-detect.js';
import type {AppConfig} from '../config/settings.js';
import {CancelledError} from '../errors.js';
import type {CommandIo} from './command.js';

let promptedPassword: string | undefined;

/**
 * Reads one line from a TTY in raw mode without echoing it (the password is never shown, printed or logged).
 * Backspace deletes, Enter ends, Ctrl+C throws `CancelledError` (interrupt), Ctrl+D on an empty line throws
 * `CancelledError` (declined). The prompt goes to stderr so stdout stays clean for `--json`.
 */
export async function readHiddenLine({stdin, stderr, prompt}: Pick<CommandIo, 'stdin' | 'stderr'> & {prompt: string}): Promise<string> {
  stderr.write(prompt);
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let line = '';
      const onData = (chunk: Buffer) => {
        for (const character of chunk.toString('utf8')) {
          if (character === '\r' || character === '\n') {
            stdin.off('data', onData);
            return resolve(line);
          }
          if (character === '\u0003') {
            stdin.off('data', onData);
            return reject(new CancelledError({isInterrupt: true, shortMessage: 'Interrupted; nothing was done.'}));
          }
          if (character === '\u0004' && line === '') {
            stdin.off('data', onData);
            return reject(new CancelledError({shortMessage: 'No password given; nothing was done.'}));
          }
          if (character === '\u007f' || character === '\b') line = [...line].slice(0, -1).join('');
          else if (character >= ' ') line += character;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(wasRaw);
    stdin.pause();
    stderr.write('\n');
  }
}

/**
 * The settings with `walletPassword` filled in when the wallet key file is encrypted and no password was configured:
 * asked once per process on an interactive terminal (the answer is kept in memory for the rest of the process);
 * unchanged otherwise (plain key, GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY, password already set, or no TTY — then the
 * wallet's `ConfigError` tells the user about GOLEM_REQUESTOR_WALLET_PASSWORD when the key is needed).
 *
 * Throws `ConfigError` when settings are malformed, `CancelledError` when the prompt is interrupted.
 */
export async function configWithWalletPassword(io: Pick<CommandIo, 'config' | 'stdin' | 'stderr' | 'isInteractive'>): Promise<AppConfig> {
  const config = io.config();
  if (config.walletPassword !== null || config.ethereumPrivateKey !== null) return config;
  if (!isEncryptedKeyFile(config.paths.walletKeyPath)) return config;
  if (promptedPassword === undefined) {
    if (!io.isInteractive || !io.stdin.isTTY) return config;
    promptedPassword = await readHiddenLine({...io, prompt: `Wallet password (${config.paths.walletKeyPath}): `});
  }
  return {...config, walletPassword: promptedPassword};
}

/**
 * The wallet password asker for `withServices` (issue 14: asked only when something is signed): on an interactive
 * terminal and not under `--json`, asks once per process with the input hidden; otherwise answers null (the signing
 * then fails with a `ConfigError` naming GOLEM_REQUESTOR_WALLET_PASSWORD).
 */
export function walletPasswordAsker(io: Pick<CommandIo, 'config' | 'stdin' | 'stderr' | 'isInteractive' | 'isJson'>): () => Promise<string | null> {
  return async () => {
    if (promptedPassword !== undefined) return promptedPassword;
    if (!io.isInteractive || io.isJson || !io.stdin.isTTY) return null;
    promptedPassword = await readHiddenLine({...io, prompt: `Wallet password (${io.config().paths.walletKeyPath}), to sign: `});
    return promptedPassword;
  };
}
