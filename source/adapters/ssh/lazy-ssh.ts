/**
 * The SSH adapters, loaded on first use. Importing ssh2 costs ~15 MB of resident memory at once (its poly1305
 * WebAssembly module reserves a 16 MB heap) and tens of ms of start-up, so a process that never opens an SSH
 * connection or reads a key — a dashboard left on its lists, `golem vm list` — should not pay for it (issue 16:
 * the dashboard below 120 MB). These factories take the same parameters as `createSshClient`/`createSshKeyStore`
 * and return objects of the same shape; ssh2 loads on the first call that needs it.
 */
import {createKnownHosts} from './known-hosts.js';
import {sshAnswers} from './ssh-banner.js';
import type {CreateSshClientParameters, Ssh2SshClient} from './ssh-client.js';
import type {CreateSshKeyStoreParameters, FileSshKeyStore} from './key-store.js';

/**
 * `createSshClient(parameters)`, built on the first call that connects (exec, shell, pinHostKey, copy, forward).
 * The known_hosts operations (`knownHosts`, `forgetPin`, `adoptLegacyPin`) and `answers` need no ssh2 and run at
 * once; the known_hosts file is read on every operation, so both views of it agree. Throws what `createSshClient`'s
 * methods throw.
 */
export function createLazySshClient(parameters: CreateSshClientParameters): Ssh2SshClient {
  let loading: Promise<Ssh2SshClient> | undefined;
  const client = () => (loading ??= import('./ssh-client.js').then(({createSshClient}) => createSshClient(parameters)));
  const knownHosts = createKnownHosts(parameters.knownHostsPath);
  return {
    knownHosts,
    exec: async (...args) => (await client()).exec(...args),
    shell: async (...args) => (await client()).shell(...args),
    pinHostKey: async (...args) => (await client()).pinHostKey(...args),
    copy: async (...args) => (await client()).copy(...args),
    forward: async (...args) => (await client()).forward(...args),
    forgetPin: (hostKeyAlias) => knownHosts.forget(hostKeyAlias),
    adoptLegacyPin: (hostKeyAlias, host, port) => knownHosts.adoptLegacy(hostKeyAlias, host, port),
    answers: (host, port) => sshAnswers(host, port, Math.min(parameters.connectTimeoutMs, 5000)),
  };
}

/**
 * `createSshKeyStore(parameters)`, built on the first `resolveKeyPair()` (one store per process, so a passphrase
 * asked once keeps serving). Throws what `resolveKeyPair` throws.
 */
export function createLazySshKeyStore(parameters: CreateSshKeyStoreParameters): FileSshKeyStore {
  let loading: Promise<FileSshKeyStore> | undefined;
  const store = () => (loading ??= import('./key-store.js').then(({createSshKeyStore}) => createSshKeyStore(parameters)));
  return {resolveKeyPair: async () => (await store()).resolveKeyPair()};
}
