#!/usr/bin/env node
/**
 * golem's entry point: argv → command. The only module that reads `process.argv`, installs signal handlers and
 * exits the process. It imports only the command table and its parser; each command loads what it needs.
 */
import {fileURLToPath} from 'node:url';
import type {AnyFlags, Result} from 'meow';
import type {AppConfig} from './config/settings.js';
import type {CommandIo} from './commands/command.js';
import {commandTable, findCommand, groupHelp} from './commands/index.js';
import type {UsageError as UsageErrorClass} from './errors.js';

/** What every run but `golem --help`/`--version` needs (`commands/command-line-core.ts`), loaded after those answered. */
const loadCore = () => import('./commands/command-line-core.js');
let core: Awaited<ReturnType<typeof loadCore>>;

const ROOT_HELP = `
  VM on Golem: rent a VM from a provider, pay it by the second through an on-chain stream, SSH in.

  Usage
    $ golem                      Open the full-screen dashboard (same as golem tui)
    $ golem <command> [options]  Run one command; add --help to any command for its options

  Commands
${groupHelp([])}

  Options (before the command)
    --network NAME            golem_network discovery filter for this run (development, testnet, mainnet)
    --payments-network NAME   Payments profile for this run: l2.holesky, kaolin.holesky, mainnet, devnet
    --debug                   Show error details
    --version, --help         The installed version (\`golem version\` also checks for a newer one); this help

  Configuration (flag > environment > <base dir>/.env > default; \`golem config\` shows each value and its source)
    GOLEM_REQUESTOR_BASE_DIR           Where golem keeps its files (default ~/.golem/requestor)
    GOLEM_REQUESTOR_PAYMENTS_NETWORK   l2.holesky (default), kaolin.holesky, mainnet, or devnet (\`golem devnet up\`)
    GOLEM_REQUESTOR_DISCOVERY_DRIVER   golem-base (default; central on the devnet) or central
    GOLEM_REQUESTOR_SSH_KEY_PATH       Use this SSH private key instead of golem's own

  Examples
    $ golem devnet up --detach && export GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet
    $ golem vm providers --cpu 1 --memory 1 --storage 10
    $ golem vm create web-1 --provider-id 0x… --cpu 1 --memory 1 --storage 10 --hours 1
    $ golem vm ssh web-1 -- uname -a
    $ golem vm destroy web-1 --yes
`;

/** The "Unknown command" usage error, with the nearest command of the table when one is close (didyoumean2). */
function unknownCommandError(words: readonly string[], group: readonly string[]): UsageErrorClass {
  const {closestMatch, didYouMeanSuffix, UsageError} = core;
  const typed = words.filter((word) => !word.startsWith('-')).slice(0, group.length + 2).join(' ');
  if (typed === '' || words[group.length]?.startsWith('-')) {
    const option = words[group.length] ?? '';
    return new UsageError({shortMessage: `Unknown option ${option}.${didYouMeanSuffix(option, ['--help', '--version', '--network', '--payments-network', '--debug'])}`, hint: 'golem --help'});
  }
  const candidates = commandTable.flatMap((entry) => [entry.path, ...(entry.aliases ?? [])].map((path) => path.join(' ')));
  const match = closestMatch(typed, candidates) ?? closestMatch(typed.split(' ').slice(0, group.length + 1).join(' '), candidates);
  return new UsageError({
    shortMessage: `Unknown command 'golem ${typed}'.${match ? ` Did you mean 'golem ${match}'?` : ''}`,
    hint: `golem ${group.length > 0 ? `${group.join(' ')} ` : ''}--help lists the commands`,
  });
}

/** The golem_network values discovery filters by (reference §1.3). */
const NETWORKS = ['development', 'testnet', 'mainnet'];

/**
 * Removes the root options that come before the command words (reference §1.3: `golem --network testnet vm …`)
 * from `words` and returns them as setting overrides (precedence: flag > env > file > default), or a usage error.
 */
function takeRootOptions(words: string[]): {network?: string; paymentsNetwork?: string} | string {
  const {didYouMeanSuffix, knownProfileNames} = core;
  const names = {'--network': 'network', '--payments-network': 'paymentsNetwork'} as const;
  const options: {network?: string; paymentsNetwork?: string} = {};
  while (words[0]?.startsWith('--')) {
    const [flag = '', inline] = words[0].split(/=(.*)/s, 2);
    if (!(flag in names)) break;
    const value = inline ?? words[1];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) return `${flag} needs a value.`;
    if (flag === '--network' && !NETWORKS.includes(value)) {
      return `--network must be one of ${NETWORKS.join(', ')}, got '${value}'.${didYouMeanSuffix(value, NETWORKS)}`;
    }
    const profiles = knownProfileNames();
    if (flag === '--payments-network' && !profiles.includes(value.trim().toLowerCase())) {
      return `--payments-network must be one of ${profiles.join(', ')}, got '${value}'.${didYouMeanSuffix(value, profiles)}`;
    }
    options[names[flag as keyof typeof names]] = value;
    words.splice(0, inline === undefined ? 2 : 1);
  }
  return options;
}

/** Prints the root help or the version when the first word asks for one; true when it did. */
async function printedHelpOrVersion(words: readonly string[]): Promise<boolean> {
  if (words[0] === '--version' || words[0] === '-v') {
    // The root flag prints the version at once (reference §1.3); `golem version` also asks npm for a newer one.
    const {installedVersion} = await import('./commands/version.js');
    process.stdout.write(`golem ${installedVersion()}\n`);
    return true;
  }
  if (words[0] === '--help' || words[0] === '-h' || words[0] === 'help') {
    process.stdout.write(`${ROOT_HELP}\n`);
    return true;
  }
  return false;
}

async function main(argv: string[]): Promise<number> {
  const separator = argv.indexOf('--');
  const words = separator === -1 ? argv : argv.slice(0, separator);
  const afterSeparator = separator === -1 ? [] : argv.slice(separator + 1);
  const isDebug = Boolean(process.env['DEBUG']) || words.includes('--debug');
  const cleanWords = words.filter((word) => word !== '--debug');
  // `golem --help` and `--version` answer before the parser loads; after root options (`golem --network testnet
  // --help`) they answer below.
  if (await printedHelpOrVersion(cleanWords)) return 0;
  core = await loadCore();
  const {parseCommandLine, reportError, UsageError} = core;
  const rootOptions = takeRootOptions(cleanWords);
  if (typeof rootOptions === 'string') return reportError(new UsageError({shortMessage: rootOptions}), process.stderr, isDebug);
  if (cleanWords.length === 0) cleanWords.push('tui');
  if (await printedHelpOrVersion(cleanWords)) return 0;

  if (cleanWords[0] === '__complete') {
    const [{printCompletionValues}, {loadConfig}] = await Promise.all([import('./commands/completion-values.js'), import('./config/settings.js')]);
    const completionIo = {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, config: () => loadConfig(process.env, {flags: rootOptions}), signal: new AbortController().signal, isInteractive: false, cliPath: fileURLToPath(import.meta.url), isJson: true};
    return printCompletionValues(completionIo, cleanWords[1]);
  }
    const found = findCommand(cleanWords);
  if ('group' in found) {
    const wantsHelp = cleanWords.length === found.group.length || cleanWords.includes('--help') || cleanWords.includes('-h');
    if (found.group.length > 0 && wantsHelp) {
      process.stdout.write(`\n  Commands\n${groupHelp(found.group)}\n\n  Run golem <command> --help for a command's options.\n`);
      return 0;
    }
    return reportError(unknownCommandError(cleanWords, found.group), process.stderr, isDebug);
  }

  const helpCommand = `golem ${found.entry.path.join(' ')} --help`;
  const [command, {loadConfig}] = await Promise.all([found.entry.load(), import('./config/settings.js')]);
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(command, found.rest);
  } catch (error) {
    return reportError(error, process.stderr, isDebug, helpCommand);
  }
  if (parsed.wantsHelp) {
    process.stdout.write(`\n  ${command.description}\n${command.help.replace(/^\n?/, '\n')}\n`);
    return 0;
  }

  const controller = new AbortController();
  // These commands end cleanly on the first Ctrl-C (devnet stops what it started; tui restores the terminal;
  // a create that already paid ends its stream; a forward closes its ports; a copy stops); a second Ctrl-C exits at once.
  const handlesInterrupt = ['devnet', 'tui', 'vm create', 'vm start', 'vm forward', 'vm cp', 'monitor', 'server api'].some((prefix) => command.path.join(' ').startsWith(prefix));
  // These move money or change a VM in one short step: the first Ctrl-C lets it finish (so no stream is left
  // paying for nothing) and the result is printed as usual; a second one quits and `golem vm reconcile` settles.
  const finishesStep = ['vm stop', 'vm destroy', 'vm stream', 'vm purge', 'vm reconcile'].some((prefix) => command.path.join(' ').startsWith(prefix));
  if (handlesInterrupt || finishesStep) {
    let count = 0;
    const onSignal = () => {
      count += 1;
      if (count > 1) process.exit(130);
      if (finishesStep) {
        process.stderr.write('Interrupted: finishing the step in progress so nothing is left half-done. Press Ctrl-C again to quit now (then run `golem vm reconcile`).\n');
      }
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  let config: AppConfig | undefined;
  const isJson = parsed.flags['json'] === true;
  const io: CommandIo = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    config: () => (config ??= loadConfig(process.env, {flags: rootOptions})),
    signal: controller.signal,
    isInteractive: !isJson && Boolean(process.stdin.isTTY && process.stdout.isTTY && typeof process.stdin.setRawMode === 'function'),
    cliPath: fileURLToPath(import.meta.url),
    isJson,
  };
  try {
    return await command.run(io, {args: parsed.args, rest: afterSeparator, flags: parsed.flags as Result<AnyFlags>['flags']});
  } catch (error) {
    const {withSituationalHint} = await import('./commands/situational-hints.js');
    let settings: {paymentsNetwork: string | null; devnetDir: string | null} = {paymentsNetwork: null, devnetDir: null};
    try {
      const loaded = io.config();
      settings = {paymentsNetwork: loaded.paymentsNetwork, devnetDir: loaded.paths.devnetDir};
    } catch {
      // Malformed settings: the hint stays as the error wrote it.
    }
    const situated = withSituationalHint(error, {path: command.path, args: parsed.args, ...settings});
    return reportError(situated, process.stderr, isDebug, helpCommand);
  }
}

/**
 * Resolves once everything written to `stream` so far has left the process. Writes to a pipe are queued when its
 * reader is slower than we are (`golem vm list --json | jq` with 1,000 VMs is ~540 kB); exiting before they drain
 * cut the document at 64 kB. An error (the reader went away) resolves too.
 */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0 || stream.destroyed) resolve();
    else stream.write('', () => resolve());
  });
}

// The reader of our output went away (`golem vm list --json | head -1`): what is left has nowhere to go, which is no
// error of golem's (`flushed` then resolves through the failed write's callback).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

main(process.argv.slice(2))
  .catch(async (error: unknown) => (await import('./commands/report-error.js')).reportError(error, process.stderr, true))
  .then(async (code) => {
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit(code);
  });
