/**
 * `npm run demo`: a newcomer's first minute. Starts the local Golem network in the background, rents a VM end to
 * end with the real CLI (providers → create → ssh → stream status → destroy with refund), opens the dashboard when
 * a terminal is attached, and stops the network on the way out. Everything lives under `./.golem-demo` unless
 * GOLEM_REQUESTOR_BASE_DIR says otherwise, so the user's own ~/.golem is never touched.
 */
import {spawnSync} from 'node:child_process';
import {resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const cli = fileURLToPath(new URL('cli.js', import.meta.url));
const baseDir = resolve(process.env['GOLEM_REQUESTOR_BASE_DIR'] ?? '.golem-demo');
const env = {...process.env, GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'};
const vmName = `demo-${Date.now().toString(36)}`;

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
  process.stderr.write(`golem demo — state under ${baseDir}\n`);
  golem(['devnet', 'up', '--detach']);
  try {
    golem(['wallet']);
    const listing = JSON.parse(golem(['vm', 'providers', '--cpu', '1', '--memory', '1', '--storage', '10', '--json'], {capture: true})) as {
      providers: {provider_id: string}[];
    };
    const provider = listing.providers[0];
    if (!provider) throw new Error('the devnet advertises no providers');
    golem(['vm', 'create', vmName, '--provider-id', provider.provider_id, '--cpu', '1', '--memory', '1', '--storage', '10', '--hours', '1', '--yes']);
    golem(['vm', 'list']);
    golem(['vm', 'ssh', vmName, '--', 'echo ok && uname -s']);
    golem(['vm', 'stream', 'status', vmName]);
    if (process.stdin.isTTY && process.stdout.isTTY) {
      process.stderr.write('\nOpening the dashboard: Enter on a VM opens its shell, ? lists the keys, q quits.\n');
      golem(['tui']);
    } else {
      process.stderr.write('\n(no terminal attached: skipping the dashboard; run `golem tui` in a terminal)\n');
    }
    golem(['vm', 'destroy', vmName, '--yes']);
    golem(['wallet']);
    process.stderr.write(`\nDone. To keep exploring: export GOLEM_REQUESTOR_BASE_DIR=${baseDir} GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    try {
      golem(['devnet', 'down']);
    } catch {
      process.stderr.write('could not stop the devnet; run `golem devnet down` with the same GOLEM_REQUESTOR_BASE_DIR\n');
    }
  }
}

process.exitCode = main();
