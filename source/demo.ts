/**
 * `npm run demo`: a newcomer's first minute. Starts the local Golem network in the background, rents a VM end to
 * end with the real CLI (providers → create → ssh → stream status → destroy with refund), opens the dashboard when
 * a terminal is attached, and stops the network on the way out — or, with `npm run demo -- --keep`, leaves it
 * running and says how to use and stop it. Everything lives under `./.golem-demo` unless GOLEM_REQUESTOR_BASE_DIR
 * says otherwise, so the user's own ~/.golem is never touched. It always ends by saying what it left running.
 */
import {spawnSync} from 'node:child_process';
import {resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const cli = fileURLToPath(new URL('cli.js', import.meta.url));
const baseDir = resolve(process.env['GOLEM_REQUESTOR_BASE_DIR'] ?? '.golem-demo');
const env = {...process.env, GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'};
const vmName = `demo-${Date.now().toString(36)}`;
/** `npm run demo -- --keep`: leave the devnet (not the VM) running to keep exploring. */
const isKeep = process.argv.slice(2).includes('--keep');
const unknown = process.argv.slice(2).filter((word) => word !== '--keep');

/** Runs `golem …args` with the terminal attached; returns stdout when `capture` is set. Throws on a non-zero exit. */
function golem(args: string[], {capture = false} = {}): string {
  const shown = args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`));
  process.stderr.write(`\n$ golem ${shown.join(' ')}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], {
    env,
    stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
  });
  if (capture && result.stdout) process.stdout.write(result.stdout);
  if (result.status !== 0) throw new Error(`golem ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result.stdout ?? '';
}

function main(): number {
  if (unknown.length > 0) {
    process.stderr.write(`Error: unknown demo option ${unknown.join(' ')}.\n  Hint: npm run demo [-- --keep]  (--keep leaves the devnet running)\n`);
    return 2;
  }
  process.stderr.write(`golem demo — state under ${baseDir}${isKeep ? '; the devnet stays up at the end (--keep)' : ''}\n`);
  golem(['devnet', 'up', '--detach']);
  try {
    golem(['wallet']);
    golem(['vm', 'providers', '--cpu', '1', '--memory', '1', '--storage', '10']);
    // No --provider: golem picks the cheapest provider that fits and says which.
    golem(['vm', 'create', vmName, '--cpu', '1', '--memory', '1', '--storage', '10', '--hours', '1', '--yes']);
    golem(['vm', 'list']);
    golem(['vm', 'ssh', vmName, '--', 'echo ok && uname -s']);
    golem(['vm', 'info', vmName]);
    if (process.stdin.isTTY && process.stdout.isTTY) {
      process.stderr.write('\nOpening the dashboard: Enter on a VM opens its shell, ? lists the keys, q quits.\n');
      golem(['tui']);
    } else {
      process.stderr.write('\n(no terminal attached: skipping the dashboard; run `golem tui` in a terminal)\n');
    }
    golem(['vm', 'destroy', vmName, '--yes']);
    golem(['wallet']);
    return 0;
  } catch (error) {
    process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    farewell();
  }
}

/** Says what the demo leaves running: nothing (the devnet was stopped), or the devnet and how to use and stop it. */
function farewell(): void {
  const exports = `export GOLEM_REQUESTOR_BASE_DIR=${baseDir} GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet`;
  if (isKeep) {
    process.stderr.write(
      `\nLeft running: the devnet (anvil, discovery, providers) in the background, state under ${baseDir}/devnet.\n` +
        `Keep exploring in this shell:\n  ${exports}\n  golem vm create web-1 --cpu 1 --memory 1 --storage 10\n` +
        `Stop it when done:\n  GOLEM_REQUESTOR_BASE_DIR=${baseDir} node ${cli} devnet down\n`,
    );
    return;
  }
  try {
    golem(['devnet', 'down']);
    process.stderr.write(
      `\nLeft running: nothing (the VM was destroyed and the devnet stopped; files stay under ${baseDir}).\n` +
        'To explore on your own, keep the devnet up: npm run demo -- --keep\n',
    );
  } catch {
    process.stderr.write(`\nThe devnet may still be running: stop it with GOLEM_REQUESTOR_BASE_DIR=${baseDir} node ${cli} devnet down\n`);
  }
}

process.exitCode = main();
