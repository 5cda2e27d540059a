/**
 * Start-up cost of the built CLI, reported against a bare `node` start in the same run (design.md: `golem --help`
 * with lazy imports ~100 ms over node). vitest prints each case as a ratio of the fastest; read the `--help` and
 * `vm list` rows against the `node -e 0` baseline. Run with `npm run bench` after `npm run build`.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {bench, describe} from 'vitest';

const cli = resolve('dist/source/cli.js');
const env = {...process.env, GOLEM_REQUESTOR_BASE_DIR: mkdtempSync(join(tmpdir(), 'golem-bench-'))};
const run = (args: string[]) => execFileSync(process.execPath, args, {env, stdio: 'pipe'});

describe('start-up', () => {
  bench('baseline: node -e 0', () => void run(['-e', '0']), {iterations: 10});
  bench('golem --help', () => void run([cli, '--help']), {iterations: 10});
  bench('golem vm list --local --json (opens SQLite, migrates once)', () => void run([cli, 'vm', 'list', '--local', '--json']), {
    iterations: 10,
  });
});
