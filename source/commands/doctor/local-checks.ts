/**
 * `golem doctor`'s local checks: the wallet key file (readable, mode 0600, encrypted or not, address readable), the
 * SSH key golem will use (loads, mode 0600), the ssh-agent (optional), and the base dir's mode.
 */
import {existsSync, statSync} from 'node:fs';
import {connect} from 'node:net';
import {join} from 'node:path';
import type {AppConfig} from '../../config/settings.js';
import {failed, ok, reasonOf, warning, type DoctorCheck} from './check.js';

const modeText = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');
const isPosix = process.platform !== 'win32';

/** The wallet key: where it comes from, that its address is readable, and that only its owner can read it. */
export async function walletCheck(config: AppConfig): Promise<DoctorCheck> {
  if (config.ethereumPrivateKey !== null) return ok('Wallet key', 'from GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY (no key file)');
  const keyPath = config.paths.walletKeyPath;
  if (!existsSync(keyPath)) return warning('Wallet key', `no key file yet at ${keyPath}`, 'Run `golem wallet` to create one and see the address to fund.');
  try {
    const [{readWalletAddress}, {isEncryptedKeyFile}] = await Promise.all([import('../../adapters/wallet/wallet-account.js'), import('../../adapters/wallet/keystore-detect.js')]);
    const isEncrypted = isEncryptedKeyFile(keyPath);
    const {address} = readWalletAddress({keyPath, privateKeyOverride: null, password: config.walletPassword});
    const mode = statSync(keyPath).mode;
    const detail = `${keyPath} (${isEncrypted ? 'encrypted' : 'plain'}, mode ${modeText(mode)}) for ${address}`;
    if (isPosix && (mode & 0o077) !== 0) return failed('Wallet key', `${detail}: other users can read it`, `chmod 600 ${keyPath}`);
    if (!isEncrypted) return warning('Wallet key', `${detail}: not encrypted`, 'Optional: `golem wallet encrypt` protects it with a password.');
    return ok('Wallet key', detail);
  } catch (error) {
    return failed('Wallet key', `${keyPath}: ${reasonOf(error)}`, 'Restore the key file from your backup (do not delete it if its address holds funds).');
  }
}

/** The SSH key golem will give VMs: it loads (without generating one) and only its owner can read it. */
export async function sshKeyCheck(config: AppConfig): Promise<DoctorCheck> {
  const {GOLEM_KEY_NAME, createSshKeyStore} = await import('../../adapters/ssh/key-store.js');
  const keyPath = config.paths.sshKeyPath ?? join(config.paths.sshKeyDir, GOLEM_KEY_NAME);
  if (config.paths.sshKeyPath === null && !existsSync(keyPath)) {
    return ok('SSH key', `golem creates its own key at ${keyPath} on the first \`golem vm create\``);
  }
  try {
    const store = createSshKeyStore({sshKeyDir: config.paths.sshKeyDir, sshKeyPath: config.paths.sshKeyPath, passphrase: config.sshKeyPassphrase ?? undefined});
    // Golem's own key gets its mode fixed when loaded; a key the user named is only reported.
    const pair = (await store.resolveKeyPair()) as {keyType?: string; fingerprint?: string; warnings?: readonly string[]};
    const detail = `${keyPath} loads (${pair.keyType ?? 'key'} ${pair.fingerprint ?? ''})`.replace(' )', ')');
    const [problem] = pair.warnings ?? [];
    return problem ? warning('SSH key', `${detail}; ${problem}`, `chmod 600 ${keyPath}`) : ok('SSH key', detail);
  } catch (error) {
    return failed('SSH key', `${keyPath}: ${reasonOf(error)}`, 'Set GOLEM_REQUESTOR_SSH_KEY_PATH to a readable ed25519/RSA/ECDSA key (and GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE if it has one), or unset it to use golem\'s own.');
  }
}

/** The ssh-agent: optional (golem signs with its key file); reported so `ssh -A` users know where they stand. */
export async function sshAgentCheck(socket = process.env['SSH_AUTH_SOCK']): Promise<DoctorCheck> {
  if (!socket) return ok('ssh-agent', 'none (not needed: golem uses its key file)');
  const isUp = await new Promise<boolean>((resolve) => {
    const connection = connect(socket, () => {
      connection.end();
      resolve(true);
    });
    connection.on('error', () => resolve(false));
    connection.setTimeout(1000, () => {
      connection.destroy();
      resolve(false);
    });
  });
  return isUp ? ok('ssh-agent', `answers at ${socket}`) : warning('ssh-agent', `SSH_AUTH_SOCK=${socket} does not answer`, 'Start the agent (eval "$(ssh-agent)") or unset SSH_AUTH_SOCK.');
}

/** The base dir: exists, and is not writable by others (it holds keys and the database). */
export function baseDirCheck(config: AppConfig): DoctorCheck {
  const {baseDir} = config.paths;
  if (!existsSync(baseDir)) return ok('Base dir', `${baseDir} (created on first use)`);
  const mode = statSync(baseDir).mode;
  if (isPosix && (mode & 0o022) !== 0) return warning('Base dir', `${baseDir} has mode ${modeText(mode)}: others can write to it`, `chmod 700 ${baseDir}`);
  return ok('Base dir', `${baseDir} (mode ${modeText(mode)})`);
}
