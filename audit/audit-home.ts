/**
 * A requestor "home" for one kill point of the funds audit: its own base dir (database, SSH key), its own wallet
 * (funded on the devnet), the shared devnet's state, and its own fault proxy in front of the devnet's RPC, so that
 * a kill is timed on this process's requests only. Runs the built CLI (`dist/source/cli.js`).
 */
import {copyFileSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {numberToHex, type Address, type Hex} from 'viem';
import {generatePrivateKey, privateKeyToAccount} from 'viem/accounts';
import {rpcRequest} from '../source/devnet/anvil-process.js';
import {startFaultProxy, type FaultProxy} from '../source/devnet/faults/fault-proxy.js';

/** The built CLI every audited command runs. */
export const CLI_PATH = resolve(import.meta.dirname, '..', 'dist', 'source', 'cli.js');

/** What a finished golem command left: exit code or signal, and its output. */
export type CommandResult = {readonly exitCode: number | undefined; readonly signal: string | undefined; readonly stdout: string; readonly stderr: string};

/** One home; `close()` stops its proxy and removes its base dir. */
export type AuditHome = {
  readonly baseDir: string;
  readonly wallet: Address;
  readonly proxy: FaultProxy;
  readonly env: Record<string, string>;
  /** Starts `golem args` (not awaited), with extra environment. */
  spawn(args: readonly string[], extraEnv?: Record<string, string>): ResultPromise<{reject: false; timeout: number; stdin: 'ignore'}>;
  /** Runs `golem args` to the end. */
  run(args: readonly string[], extraEnv?: Record<string, string>): Promise<CommandResult>;
  /** Runs `golem args --json` and parses stdout; throws with stderr when it fails. */
  json<T>(args: readonly string[]): Promise<T>;
  close(): Promise<void>;
};

/** Wei each home's wallet gets: 20 ETH. */
const HOME_FUNDS_WEI = 20n * 10n ** 18n;

/**
 * Creates a home on the devnet of `devnetDir` (its state file is copied), with a fresh wallet funded through the
 * node at `nodeRpcUrl`, and a fault proxy in front of `rpcUrl` (the devnet's RPC, latency included).
 */
export async function createAuditHome({devnetDir, rpcUrl, nodeRpcUrl}: {devnetDir: string; rpcUrl: string; nodeRpcUrl: string}): Promise<AuditHome> {
  const baseDir = mkdtempSync(join(tmpdir(), 'golem-audit-home-'));
  mkdirSync(join(baseDir, 'devnet'), {recursive: true});
  copyFileSync(join(devnetDir, 'state.json'), join(baseDir, 'devnet', 'state.json'));
  const privateKey: Hex = generatePrivateKey();
  const wallet = privateKeyToAccount(privateKey).address;
  await rpcRequest(nodeRpcUrl, 'anvil_setBalance', [wallet, numberToHex(HOME_FUNDS_WEI)]);
  const proxy = await startFaultProxy({targetUrl: rpcUrl});
  const env = {
    GOLEM_REQUESTOR_BASE_DIR: baseDir,
    GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet',
    GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: privateKey,
    GOLEM_REQUESTOR_L2_RPC_URL: proxy.url,
    GOLEM_REQUESTOR_NO_UPDATE_CHECK: '1',
    NO_COLOR: '1',
  };
  const spawn = (args: readonly string[], extraEnv: Record<string, string> = {}) =>
    execa(process.execPath, [CLI_PATH, ...args], {env: {...process.env, ...env, ...extraEnv}, extendEnv: false, reject: false, timeout: 180_000, stdin: 'ignore'});
  const run = async (args: readonly string[], extraEnv: Record<string, string> = {}): Promise<CommandResult> => {
    const result = await spawn(args, extraEnv);
    return {exitCode: result.exitCode, signal: result.signal, stdout: String(result.stdout), stderr: String(result.stderr)};
  };
  return {
    baseDir,
    wallet,
    proxy,
    env,
    spawn,
    run,
    async json<T>(args: readonly string[]): Promise<T> {
      const result = await run([...args, '--json']);
      if (result.exitCode !== 0) throw new Error(`golem ${args.join(' ')} exited ${result.exitCode ?? result.signal}: ${result.stderr.trim().slice(-500)}`);
      return JSON.parse(result.stdout) as T;
    },
    async close() {
      await proxy.close();
      rmSync(baseDir, {recursive: true, force: true});
    },
  };
}
