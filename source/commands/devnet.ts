/**
 * `golem devnet up | down | status` — the local Golem network (design.md "The local network"). The devnet
 * modules are imported lazily so that `golem --help` does not load viem, fastify or anvil helpers.
 */
import {homedir} from 'node:os';
import {join} from 'node:path';
import type {DevnetState} from '../devnet/state.js';
import type {DevnetStatus} from '../devnet/status.js';
import {sanitizeText} from '../lib/sanitize.js';
import {defineCommand, type CommandIo} from './command.js';
import {writeJson, writeLines} from './output.js';

/** Quotes a path for a POSIX shell when it needs it. */
function shellQuote(text: string): string {
  return /^[\w./~:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * What runs where and how to point golem at it: the `export` lines to paste (GOLEM_REQUESTOR_BASE_DIR only when
 * the base dir is not the default `~/.golem/requestor`).
 */
export function devnetSummaryLines(state: DevnetState, {baseDir, isForeground}: {baseDir: string; isForeground: boolean}): string[] {
  const text = (value: string) => sanitizeText(value);
  const isDefaultBaseDir = baseDir === join(homedir(), '.golem', 'requestor');
  const providerWidth = Math.max(...state.providers.map((provider) => provider.name.length), 0);
  return [
    `golem devnet is running (pid ${state.pid}${state.detached ? ', in the background' : ''})`,
    `  chain       ${text(state.rpcUrl)}  (chain id ${state.chainId}, anvil pid ${state.anvilPid})`,
    `  contract    StreamPayment ${text(state.streamPaymentAddress)}  (native ETH, ETH/USD fixed at ${text(state.ethUsdPrice)})`,
    `  discovery   ${text(state.discoveryUrl)}`,
    ...state.providers.map(
      (provider) =>
        `  provider    ${text(provider.name).padEnd(providerWidth)}  ${text(provider.country)}  ${text(provider.url)}  ${text(provider.providerId)}`,
    ),
    `  wallet      ${text(state.walletAddress)}  (funded)`,
    `  state       ${text(join(baseDir, 'devnet', 'state.json'))}`,
    ...(state.logPath ? [`  log         ${text(state.logPath)}`] : []),
    '',
    'Point golem at it:',
    '  export GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet',
    ...(isDefaultBaseDir ? [] : [`  export GOLEM_REQUESTOR_BASE_DIR=${shellQuote(baseDir)}`]),
    '',
    isForeground ? 'Press Ctrl+C to stop it (or run `golem devnet down` elsewhere).' : 'Stop it with: golem devnet down',
  ];
}

/** The `export` lines that point golem at the devnet of `baseDir`. */
function exportLines(baseDir: string): string[] {
  const isDefaultBaseDir = baseDir === join(homedir(), '.golem', 'requestor');
  return ['export GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet', ...(isDefaultBaseDir ? [] : [`export GOLEM_REQUESTOR_BASE_DIR=${shellQuote(baseDir)}`])];
}

/** Prints what `devnet up` started: the summary lines, or with `--json` one `{state, base_dir, exports}` document. */
function writeDevnetSummary(io: CommandIo, state: DevnetState, options: {baseDir: string; isForeground: boolean}): void {
  if (io.isJson) writeJson(io, {state, base_dir: options.baseDir, exports: exportLines(options.baseDir)});
  else writeLines(io, devnetSummaryLines(state, options));
}

/** Provider counts of `devnet up`: all providers, and how many of them ask for tGLM (ERC20) streams. */
type ProviderCounts = {providers: number; tokenProviders: number};

async function runForeground(io: CommandIo, {providers, tokenProviders}: ProviderCounts): Promise<number> {
  const config = io.config();
  const [{startDevnet}, {DEVNET_LOG_PATH_ENV}] = await Promise.all([import('../devnet/devnet.js'), import('../devnet/detach.js')]);
  // Set only in the background copy that `--detach` spawns: its stdout/stderr go to this log file.
  const logPath = process.env[DEVNET_LOG_PATH_ENV] ?? null;
  const onLog = (line: string) =>
    io.stderr.write(`${logPath ? `${new Date().toISOString()} ` : 'devnet: '}${line}\n`);
  const devnet = await startDevnet({
    devnetDir: config.paths.devnetDir,
    walletKeyPath: config.paths.walletKeyPath,
    walletPrivateKeyOverride: config.ethereumPrivateKey,
    providers,
    tokenProviders,
    onLog,
    signal: io.signal,
    detached: logPath !== null,
    logPath,
  });
  writeDevnetSummary(io, devnet.state, {baseDir: config.paths.baseDir, isForeground: logPath === null});

  const aborted = new Promise<null>((resolve) => {
    if (io.signal.aborted) resolve(null);
    else io.signal.addEventListener('abort', () => resolve(null), {once: true});
  });
  const failure = await Promise.race([aborted, devnet.unexpectedExit]);
  if (failure !== null) onLog(failure);
  onLog('stopping');
  await devnet.stop();
  onLog('devnet stopped');
  return failure === null ? 0 : 1;
}

async function runDetached(io: CommandIo, {providers, tokenProviders}: ProviderCounts): Promise<number> {
  const config = io.config();
  const [{startDetachedDevnet}, {assertDevnetNotRunning, devnetLogPath}] = await Promise.all([
    import('../devnet/detach.js'),
    import('../devnet/state.js'),
  ]);
  assertDevnetNotRunning(config.paths.devnetDir);
  io.stderr.write(`Starting the devnet in the background (log: ${devnetLogPath(config.paths.devnetDir)}) …\n`);
  const result = await startDetachedDevnet({
    devnetDir: config.paths.devnetDir,
    cliPath: io.cliPath,
    args: ['devnet', 'up', '--providers', String(providers), '--token-providers', String(tokenProviders)],
    // The background copy must use the base dir this process resolved, whatever its environment says.
    env: {...process.env, GOLEM_REQUESTOR_BASE_DIR: config.paths.baseDir},
  });
  if (result.kind === 'failed') {
    io.stderr.write(`The devnet did not start: ${result.reason}.\n`);
    if (result.logTail) {
      const tail = result.logTail.split('\n').map((line) => sanitizeText(line)).join('\n');
      io.stderr.write(`Last lines of ${result.logPath}:\n${tail}\n`);
    }
    return 1;
  }
  writeDevnetSummary(io, result.state, {baseDir: config.paths.baseDir, isForeground: false});
  return 0;
}

/** `golem devnet up [--detach] [--providers N] [--token-providers N]` — start the local network. */
export const devnetUpCommand = defineCommand({
  path: ['devnet', 'up'],
  description: 'Start the local Golem network: anvil, StreamPayment, discovery and providers.',
  help: `
  Usage
    $ golem devnet up [--detach] [--providers N] [--token-providers N] [--json]

  Options
    --detach           Run in the background; state and log (devnet.log) go under <base dir>/devnet
    --json             Print what started as one JSON document ({"state", "base_dir", "exports"})
    --providers        How many local providers to start (1-10, default 2)
    --token-providers  How many of them ask for ERC20 streams in the devnet's tGLM token (default 0)

  Starts anvil on 127.0.0.1 (chain id 31337), deploys StreamPayment and a test ERC20 (tGLM), funds the
  requestor's wallet with ETH and tGLM (<base dir>/wallet/key.json, or GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY), starts a central discovery
  server and the providers, each on a free loopback port. Without --detach it runs until Ctrl+C.
  Then point golem at it with: export GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet

  Examples
    $ golem devnet up
    $ golem devnet up --detach --providers 3
    $ golem devnet up --providers 2 --token-providers 1
    $ GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet golem vm providers
`,
  flags: {
    detach: {type: 'boolean', default: false},
    providers: {type: 'number', default: 2},
    tokenProviders: {type: 'number', default: 0},
    json: {type: 'boolean', default: false},
  },
  async run(io, {flags}) {
    const counts = {providers: flags.providers, tokenProviders: flags.tokenProviders};
    return flags.detach ? await runDetached(io, counts) : await runForeground(io, counts);
  },
});

/** `golem devnet down` — stop what `up` started. */
export const devnetDownCommand = defineCommand({
  path: ['devnet', 'down'],
  description: 'Stop the local Golem network.',
  help: `
  Usage
    $ golem devnet down

  Options
    --json  Print {"stopped", "pid", "forced", "removed_stale"}

  Stops the devnet of this base dir (GOLEM_REQUESTOR_BASE_DIR): its providers, discovery server and anvil.
  It gets 10 seconds to stop cleanly, then is killed. Exits 0 when nothing was running.

  Examples
    $ golem devnet down
    $ golem devnet down --json
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const config = io.config();
    const {stopDevnet} = await import('../devnet/down.js');
    const result = await stopDevnet({devnetDir: config.paths.devnetDir, onLog: (line) => io.stderr.write(`devnet: ${line}\n`)});
    if (flags.json) {
      const isStopped = result.kind === 'stopped';
      writeJson(io, {
        stopped: isStopped,
        pid: isStopped ? result.pid : null,
        forced: isStopped && result.isForced,
        removed_stale: !isStopped && result.removedStale,
      });
      return 0;
    }
    if (result.kind === 'not-running') {
      writeLines(io, [
        result.removedStale
          ? `The devnet was not running (base dir ${config.paths.baseDir}); removed what it left behind.`
          : `The devnet is not running (base dir ${config.paths.baseDir}).`,
      ]);
      return 0;
    }
    const {state} = result;
    const parts = state
      ? [
          `anvil (pid ${state.anvilPid})`,
          'the discovery server',
          `${state.providers.length} provider${state.providers.length === 1 ? '' : 's'} (${state.providers.map((provider) => sanitizeText(provider.name)).join(', ')})`,
        ]
      : ['a devnet that was still starting'];
    writeLines(io, [
      `Stopped the devnet (pid ${result.pid}${result.isForced ? ', killed after the grace period' : ''}): ${parts.join(', ')}.`,
    ]);
    return 0;
  },
});

function probeText(probe: {isUp: boolean; error: string | null}, upText: string): string {
  return probe.isUp ? upText : `DOWN: ${sanitizeText(probe.error ?? 'no answer')}`;
}

/** Plain lines for `golem devnet status`. */
export function devnetStatusLines(status: DevnetStatus): string[] {
  if (status.stateKind === 'absent') return [`The devnet is not running (no state at ${status.statePath}).`];
  if (status.stateKind === 'invalid' || !status.state) {
    return [`The devnet state at ${status.statePath} is unreadable: ${sanitizeText(status.stateError ?? '')}`, 'Run `golem devnet down` to clear it.'];
  }
  const {state} = status;
  const lines = [
    status.isRunning
      ? `devnet: running (pid ${state.pid}, since ${sanitizeText(state.startedAt)})`
      : `devnet: NOT running (pid ${state.pid} is gone; stale state at ${status.statePath} — run \`golem devnet down\`)`,
  ];
  if (status.rpc) {
    const rpc = status.rpc;
    lines.push(`  chain       ${sanitizeText(rpc.url)}  ${probeText(rpc, `up, chain id ${rpc.chainId}, block ${rpc.blockNumber}`)}  (anvil pid ${state.anvilPid}${status.anvilAlive ? '' : ', gone'})`);
  }
  lines.push(`  contract    StreamPayment ${sanitizeText(state.streamPaymentAddress)}`);
  if (status.discovery) {
    const discovery = status.discovery;
    lines.push(`  discovery   ${sanitizeText(discovery.url)}  ${probeText(discovery, `up, ${discovery.adverts ?? '?'} adverts`)}`);
  }
  const width = Math.max(0, ...status.providers.map((provider) => sanitizeText(provider.name).length));
  for (const provider of status.providers) {
    lines.push(
      `  provider    ${sanitizeText(provider.name).padEnd(width)}  ${sanitizeText(provider.url)}  ${probeText(provider, `up, id ${sanitizeText(provider.reportedId ?? '')}`)}`,
    );
  }
  lines.push(`  wallet      ${sanitizeText(state.walletAddress)}`);
  if (state.logPath) lines.push(`  log         ${sanitizeText(state.logPath)}`);
  return lines;
}

/** True when the devnet runs and every part answered. */
function isHealthy(status: DevnetStatus): boolean {
  return (
    status.isRunning &&
    status.rpc?.isUp === true &&
    status.discovery?.isUp === true &&
    status.providers.every((provider) => provider.isUp)
  );
}

/** `golem devnet status [--json]` — what runs where, and whether it answers. */
export const devnetStatusCommand = defineCommand({
  path: ['devnet', 'status'],
  description: 'Show whether the local Golem network runs and answers.',
  help: `
  Usage
    $ golem devnet status [--json]

  Options
    --json   Output one JSON document

  Checks the devnet process, the RPC (chain id, block number), the discovery server and each provider's
  /provider/info. Exits 0 when the devnet runs and every part answers, 1 otherwise.

  Examples
    $ golem devnet status
    $ golem devnet status --json | jq .rpc
`,
  flags: {
    json: {type: 'boolean', default: false},
  },
  async run(io, {flags}) {
    const config = io.config();
    const {getDevnetStatus} = await import('../devnet/status.js');
    const status = await getDevnetStatus(config.paths.devnetDir);
    if (flags.json) writeJson(io, status);
    else writeLines(io, devnetStatusLines(status));
    return isHealthy(status) ? 0 : 1;
  },
});
