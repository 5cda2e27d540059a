import type {Services} from '../services/services.js';
import type {CommandIo} from './command.js';
import {readHiddenLine, walletPasswordAsker} from './wallet-password.js';

/**
 * The CLI's passphrase prompt for an encrypted SSH key (issue 12 item 5): on stderr, input never shown, asked again
 * after a wrong passphrase. Undefined without a terminal (the key is then refused with the env/agent hints).
 */
export function sshPassphrasePrompt(io: Pick<CommandIo, 'stdin' | 'stderr' | 'isInteractive'>) {
  if (!io.isInteractive || !io.stdin.isTTY) return undefined;
  return ({keyPath, isRetry}: {keyPath: string; isRetry: boolean}) =>
    readHiddenLine({...io, prompt: `${isRetry ? 'Wrong passphrase, try again. ' : ''}Passphrase for ${keyPath}: `});
}

/**
 * Builds the services for one command (loaded lazily, adapters on first use, so `golem --help` and `vm list --local`
 * stay fast), runs `body`, and closes the database whatever happens. An encrypted wallet key's password is asked
 * only when a transaction is first signed (on a terminal, not under `--json`; `walletPasswordAsker`), so reading the
 * wallet, streams and VMs never asks for it (issue 14).
 */
export async function withServices<T>(io: CommandIo, body: (services: Services) => Promise<T>): Promise<T> {
  const {createLazyServices} = await import('../services/lazy-create-services.js');
  const services = createLazyServices(io.config(), {askWalletPassword: walletPasswordAsker(io), askSshPassphrase: sshPassphrasePrompt(io)});
  try {
    return await body(services);
  } finally {
    services.close();
  }
}
