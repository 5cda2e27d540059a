/**
 * A real anvil chain for integration tests: spawns `node_modules/.bin/anvil` (from @foundry-rs/anvil) on 127.0.0.1 on
 * a port the OS picks, with the well-known test mnemonic, and waits until it answers JSON-RPC.
 */
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {createPublicClient, http, toHex, type Address, type Hex} from 'viem';
import {mnemonicToAccount} from 'viem/accounts';
import {packageRoot} from '../../source/lib/package-root.js';

/** Anvil's default mnemonic: accounts are the same on every run. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

/** Each account starts with 10,000 ETH. */
export const ANVIL_ACCOUNT_BALANCE_WEI = 10_000n * 10n ** 18n;

const ACCOUNT_COUNT = 10;
const CHAIN_ID = 31_337;
const START_TIMEOUT_MS = 20_000;

/** A running anvil: its RPC URL, chain id, funded accounts and a `stop()` that ends the process. */
export type Anvil = {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly accounts: readonly {readonly address: Address; readonly privateKey: Hex}[];
  stop(): Promise<void>;
};

/**
 * Starts anvil and resolves once it answers `eth_chainId`. Fails (never skips) with a message naming `npm ci` when
 * the binary is missing, and with anvil's output when it does not come up within 20 s. `genesisTimestamp` (Unix
 * seconds) sets block 0's time: two anvils started in the same second otherwise share one genesis hash.
 */
export async function startAnvil(options: {readonly genesisTimestamp?: number} = {}): Promise<Anvil> {
  const binary = join(packageRoot(), 'node_modules', '.bin', 'anvil');
  if (!existsSync(binary)) {
    throw new Error(`anvil binary not found at ${binary}: run \`npm ci\` (it installs @foundry-rs/anvil).`);
  }

  const child = spawn(
    binary,
    [
      '--host', '127.0.0.1',
      '--port', '0',
      '--chain-id', String(CHAIN_ID),
      '--mnemonic', ANVIL_MNEMONIC,
      '--accounts', String(ACCOUNT_COUNT),
      ...(options.genesisTimestamp === undefined ? [] : ['--timestamp', String(options.genesisTimestamp)]),
    ],
    {stdio: ['ignore', 'pipe', 'pipe']},
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`anvil did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    let isListening = false;
    // Keeps draining anvil's request log after start-up (a full pipe would block it), without keeping it.
    const onData = (chunk: Buffer) => {
      if (isListening) return;
      output += chunk.toString();
      const match = /Listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        isListening = true;
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => fail(new Error(`anvil could not be started (${error.message}); run \`npm ci\`.`)));
    child.once('exit', (code) => fail(new Error(`anvil exited with code ${code} before listening:\n${output}`)));
  });

  const rpcUrl = `http://127.0.0.1:${port}`;
  const client = createPublicClient({transport: http(rpcUrl, {retryCount: 0})});
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      await client.getChainId();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`anvil at ${rpcUrl} does not answer: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const accounts = Array.from({length: ACCOUNT_COUNT}, (_, addressIndex) => {
    const account = mnemonicToAccount(ANVIL_MNEMONIC, {addressIndex});
    return {address: account.address, privateKey: toHex(account.getHdKey().privateKey!)};
  });

  return {
    rpcUrl,
    chainId: CHAIN_ID,
    accounts,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
