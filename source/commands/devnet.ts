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
    ...faultLayerLines(state),
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

/**
 * What `devnet up` was asked for: all providers, how many of them ask for tGLM (ERC20) streams, and the network
 * shape (`--latency`, `--block-time`, `--faults`) as given on the command line (parsed by {@link networkShape}).
 */
type UpOptions = {providers: number; tokenProviders: number; latency: string; blockTime: string; faults: boolean};

/**
 * Parses `--latency` (`300ms`, `100-500ms`, `0.3s`) and `--block-time` (`2s`, `2`, `500ms`) into what `startDevnet`
 * takes. A latency switches the fault layer on, as does `--faults` alone. Throws `InvalidInputError`.
 */
async function networkShape(options: UpOptions) {
  const [{parseLatency}, {InvalidInputError}] = await Promise.all([import('../devnet/faults/fault-rules.js'), import('../errors.js')]);
  const latencyText = options.latency ?? '';
  const latency = latencyText === '' ? null : parseLatency(latencyText);
  if (latencyText !== '' && latency === null) {
    throw new InvalidInputError({issues: [`--latency ${options.latency} is not a duration.`], hint: 'Write it as 300ms, 0.3s or a range such as 100-500ms.'});
  }
  let blockTimeSeconds: number | undefined;
  if ((options.blockTime ?? '') !== '') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/i.exec(options.blockTime);
    blockTimeSeconds = match ? Number(match[1]) / (match[2]?.toLowerCase() === 'ms' ? 1000 : 1) : Number.NaN;
    if (!(blockTimeSeconds > 0)) {
      throw new InvalidInputError({issues: [`--block-time ${options.blockTime} is not a positive duration.`], hint: 'Write it as 2s (or 2), or 500ms.'});
    }
  }
  return {blockTimeSeconds, faults: latency !== null || options.faults ? {latency} : null};
}

/** The arguments that repeat `options` for the background copy of `devnet up --detach`. */
function upArguments(options: UpOptions): string[] {
  return [
    'devnet', 'up', '--providers', String(options.providers), '--token-providers', String(options.tokenProviders),
    ...((options.latency ?? '') === '' ? [] : ['--latency', options.latency]),
    ...((options.blockTime ?? '') === '' ? [] : ['--block-time', options.blockTime]),
    ...(options.faults ? ['--faults'] : []),
  ];
}

async function runForeground(io: CommandIo, options: UpOptions): Promise<number> {
  const {providers, tokenProviders} = options;
  const config = io.config();
  const shape = await networkShape(options);
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
    ...shape,
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

async function runDetached(io: CommandIo, options: UpOptions): Promise<number> {
  const config = io.config();
  await networkShape(options); // refuse bad flags here, not in the background copy
  const [{startDetachedDevnet}, {assertDevnetNotRunning, devnetLogPath}] = await Promise.all([
    import('../devnet/detach.js'),
    import('../devnet/state.js'),
  ]);
  assertDevnetNotRunning(config.paths.devnetDir);
  io.stderr.write(`Starting the devnet in the background (log: ${devnetLogPath(config.paths.devnetDir)}) …\n`);
  const result = await startDetachedDevnet({
    devnetDir: config.paths.devnetDir,
    cliPath: io.cliPath,
    args: upArguments(options),
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
    $ golem devnet up [--detach] [--providers N] [--token-providers N] [--latency D] [--block-time D] [--faults] [--json]

  Options
    --detach           Run in the background; state and log (devnet.log) go under <base dir>/devnet
    --json             Print what started as one JSON document ({"state", "base_dir", "exports"})
    --providers        How many local providers to start (1-10, default 2)
    --token-providers  How many of them ask for ERC20 streams in the devnet's tGLM token (default 0)
    --latency          Add this delay to every RPC and provider reply: 300ms, or a range such as 100-500ms
                       (puts a fault proxy in front of the RPC and of each provider)
    --block-time       Seconds between anvil's blocks (default 1s)
    --faults           Put the fault proxies in place without latency, so faults can be switched on later

  With --latency or --faults, each proxy has a control API at <proxy>/__faults (GET shows, PUT sets, POST
  /__faults/reset clears): hang or delay one JSON-RPC method, drop a reply after forwarding, answer 5xx,
  refuse batches over N, redirect, reset connections. \`golem devnet status\` lists the proxies.

  Starts anvil on 127.0.0.1 (chain id 31337), deploys StreamPayment and a test ERC20 (tGLM), funds the
  requestor's wallet with ETH and tGLM (<base dir>/wallet/key.json, or GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY), starts a central discovery
  server and the providers, each on a free loopback port. Without --detach it runs until Ctrl+C.
  Then point golem at it with: export GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet

  Examples
    $ golem devnet up
    $ golem devnet up --detach --providers 3
    $ golem devnet up --providers 2 --token-providers 1
    $ golem devnet up --latency 300ms --block-time 2s
    $ GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet golem vm providers
`,
  flags: {
    detach: {type: 'boolean', default: false},
    providers: {type: 'number', default: 2},
    tokenProviders: {type: 'number', default: 0},
    latency: {type: 'string', default: ''},
    blockTime: {type: 'string', default: ''},
    faults: {type: 'boolean', default: false},
    json: {type: 'boolean', default: false},
  },
  async run(io, {flags}) {
    const options: UpOptions = {
      providers: flags.providers,
      tokenProviders: flags.tokenProviders,
      latency: flags.latency,
      blockTime: flags.blockTime,
      faults: flags.faults,
    };
    return flags.detach ? await runDetached(io, options) : await runForeground(io, options);
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
  lines.push(...faultLayerLines(state));
  return lines;
}

/** The fault layer's lines (block time, latency, one per proxy: url → target, control API); none without it. */
export function faultLayerLines(state: DevnetState): string[] {
  const {faults} = state;
  if (!faults) return state.blockTimeSeconds && state.blockTimeSeconds !== 1 ? [`  blocks      every ${state.blockTimeSeconds} s`] : [];
  const latency = !faults.latency || faults.latency.maxMs === 0
    ? 'no latency'
    : faults.latency.minMs === faults.latency.maxMs ? `${faults.latency.minMs} ms` : `${faults.latency.minMs}-${faults.latency.maxMs} ms`;
  const width = Math.max(0, ...faults.proxies.map((proxy) => sanitizeText(proxy.name).length));
  return [
    `  faults      latency ${latency} per reply, a block every ${faults.blockTimeSeconds} s`,
    ...faults.proxies.map(
      (proxy) => `  proxy       ${sanitizeText(proxy.name).padEnd(width)}  ${sanitizeText(proxy.url)} → ${sanitizeText(proxy.targetUrl)}  (control ${sanitizeText(proxy.controlUrl)})`,
    ),
  ];
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
