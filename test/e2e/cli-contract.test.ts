/**
 * The CLI contract of issue 14, walked over every command of `commandTable` with the built CLI
 * (`dist/source/cli.js`): a bad value, an unknown flag and an extra argument are usage errors (exit 2, stderr
 * starting with one `Error:` line, a `golem … --help` hint, nothing on stdout); `--json` prints one document that
 * validates against the published schema in `schemas/`. A command added to the table is covered automatically; one
 * that reports a result but has no `--json`, no schema or no run below fails a test naming it. The `--json` runs
 * share one devnet started once (`devnet up --detach --json`, itself validated).
 */
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {Ajv2020} from 'ajv/dist/2020.js';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Command} from '../../source/commands/command.js';
import {commandTable} from '../../source/commands/index.js';
import {flagName} from '../../source/commands/parse-command-line.js';
import {documents, schemaFileName} from '../../source/commands/schemas/documents.js';

const cli = resolve('dist/source/cli.js');
const schemaDir = resolve('schemas');
const baseDir = mkdtempSync(join(tmpdir(), 'golem-contract-'));
const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', GOLEM_REQUESTOR_NO_UPDATE_CHECK: '1', NO_COLOR: '1'};

/** Commands that report no result, so take no `--json`: a session, a script, a server. */
const NO_RESULT = new Set(['vm ssh', 'completion', 'tui', 'server api']);

function golem(args: readonly string[], extraEnv: Record<string, string> = {}) {
  return execa(process.execPath, [cli, ...args], {env: {...env, ...extraEnv}, extendEnv: false, reject: false, timeout: 120_000, stdin: 'ignore'});
}

/** Waits for `subprocess`, first sending it Ctrl-C (SIGINT) after `interruptAfterMs` when given. */
async function runUntil(subprocess: ReturnType<typeof golem>, interruptAfterMs: number | undefined) {
  const timer = interruptAfterMs === undefined ? undefined : setTimeout(() => subprocess.kill('SIGINT'), interruptAfterMs);
  try {
    return await subprocess;
  } finally {
    clearTimeout(timer);
  }
}

const commands = new Map<string, Command>();
beforeAll(async () => {
  for (const entry of commandTable) commands.set(entry.path.join(' '), await entry.load());
});

/** Words that satisfy a command's required arguments and flags, so one more word is the only mistake. */
function validWords(command: Command, except?: string): string[] {
  const args = (command.args ?? []).filter((spec) => !spec.isOptional).map((spec) => spec.choices?.[0] ?? 'contract-vm');
  const flags = Object.entries(command.flags)
    .filter(([key, spec]) => spec.isRequired === true && key !== except)
    .flatMap(([key]) => [flagName(key), '1']);
  return [...command.path, ...args, ...flags];
}

/** A command line with one bad value: a number that is not one, a value outside its set, a flag without its value. */
function badValueWords(command: Command): string[] {
  const flags = Object.entries(command.flags);
  const number = flags.find(([, spec]) => spec.type === 'number');
  if (number) return [...validWords(command, number[0]), flagName(number[0]), 'not-a-number'];
  const choice = flags.find(([, spec]) => spec.choices !== undefined);
  if (choice) return [...validWords(command, choice[0]), flagName(choice[0]), 'no-such-choice'];
  const argChoice = (command.args ?? []).findIndex((spec) => spec.choices !== undefined);
  if (argChoice !== -1) return [...command.path, 'no-such-choice'];
  const text = flags.find(([, spec]) => spec.type === 'string');
  if (text) return [...validWords(command, text[0]), flagName(text[0])];
  const flag = flags.find(([, spec]) => spec.type === 'boolean');
  if (flag) return [...validWords(command), `${flagName(flag[0])}=maybe`];
  // No flags at all: leaving out a required argument is the bad value.
  return [...command.path];
}

async function expectUsageError(words: readonly string[], pattern: RegExp) {
  const result = await golem(words);
  expect(result.exitCode, `${words.join(' ')}\n${result.stderr}`).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^Error: /);
  expect(result.stderr.split('\n').filter((line) => line.startsWith('Error:'))).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).toMatch(/Hint: .*golem [a-z -]*--help/);
}

describe('usage errors on every command', () => {
  for (const entry of commandTable) {
    const name = entry.path.join(' ');
    it(`golem ${name}: a bad value is a usage error`, async () => {
      const command = commands.get(name)!;
      const words = badValueWords(command);
      await expectUsageError(words, /must be|needs a value|Missing|takes no value/);
    });
    it(`golem ${name}: an unknown flag is a usage error with did-you-mean`, async () => {
      const command = commands.get(name)!;
      await expectUsageError([...validWords(command), '--bogus-flag'], /Unknown flag --bogus-flag/);
      const [first] = Object.keys(command.flags);
      if (first) await expectUsageError([...validWords(command), `${flagName(first)}x`], new RegExp(`Did you mean ${flagName(first)}\\?`));
    });
    it(`golem ${name}: an extra argument is a usage error (unless it takes a command line)`, async () => {
      const command = commands.get(name)!;
      if (command.args?.at(-1)?.isVariadic) {
        // A command line (`vm ssh`), more sources before the destination (`vm cp`), more forwards (`vm forward`).
        expect(['COMMAND', 'DST', 'LOCAL:REMOTE']).toContain(command.args.at(-1)!.name);
        return;
      }
      await expectUsageError([...validWords(command), 'extra-word'], /Unexpected argument 'extra-word'/);
    });
  }

  it('an unknown command suggests the nearest one', async () => {
    await expectUsageError(['vmm', 'list'], /Unknown command 'golem vmm list'\. Did you mean 'golem vm list'\?/);
  });
});

describe('--json is a contract', () => {
  it('every command that reports a result takes --json and has a published schema; the others take none', () => {
    const missing: string[] = [];
    for (const [name, command] of commands) {
      const hasJson = 'json' in command.flags;
      if (NO_RESULT.has(name)) {
        if (hasJson) missing.push(`${name}: listed as reporting no result but takes --json`);
        continue;
      }
      if (!hasJson) missing.push(`${name}: no --json flag`);
      if (!documents[name]) missing.push(`${name}: no document in source/commands/schemas/documents.ts`);
      else if (!existsSync(join(schemaDir, schemaFileName(entryPath(name))))) missing.push(`${name}: no ${schemaFileName(entryPath(name))} (npm run schemas)`);
      if (!jsonRuns.some((run) => run.name === name)) missing.push(`${name}: no --json run in test/e2e/cli-contract.test.ts`);
    }
    expect(missing).toEqual([]);
  });

  it('every schema names its keys in snake_case', () => {
    const keys: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'properties') keys.push(...Object.keys(value as object));
          walk(value);
        }
      }
    };
    for (const name of Object.keys(documents)) walk(JSON.parse(readFileSync(join(schemaDir, schemaFileName(entryPath(name))), 'utf8')));
    expect(keys.filter((key) => !/^[a-z][a-z0-9_]*$/.test(key))).toEqual([]);
  });
});

function entryPath(name: string): string[] {
  return name.split(' ');
}

const ajv = new Ajv2020({allErrors: true, strict: false});
const validators = new Map<string, ReturnType<Ajv2020['compile']>>();

/** Parses `stdout` as the command's document(s) and validates each against its published schema. */
function expectValidDocument(name: string, stdout: string): unknown {
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(join(schemaDir, schemaFileName(entryPath(name))), 'utf8')) as object);
    validators.set(name, validate);
  }
  const texts = documents[name]?.isLines ? stdout.trim().split('\n') : [stdout];
  const parsed = texts.map((text) => JSON.parse(text) as unknown);
  for (const document of parsed) expect(validate(document) ? [] : validate.errors, `${name}: ${JSON.stringify(document)}`).toEqual([]);
  return parsed[0];
}

/** One `--json` run; `interruptAfterMs` sends Ctrl-C (SIGINT) then, for commands that run until stopped. */
type JsonRun = {name: string; args: () => string[]; env?: Record<string, string>; exitCode?: number; stderr?: RegExp; interruptAfterMs?: number; after?: (document: any) => void};

let devnetUp: {exitCode?: number; stdout: string; stderr: string} | undefined;
let openedStream = '';
const password = {GOLEM_REQUESTOR_WALLET_PASSWORD: 'contract-pass-1'};

/** A small local file for `vm cp` to upload. */
function copySource(): string {
  const path = join(baseDir, 'cp-source.txt');
  writeFileSync(path, 'copied by the contract test\n');
  return path;
}

/** One `--json` run per command, in an order that works on one devnet (create before info, open before topup…). */
const jsonRuns: JsonRun[] = [
  {name: 'vm providers', args: () => ['--cpu', '1', '--memory', '1', '--storage', '10']},
  {name: 'vm create', args: () => ['contract-vm', '--cpu', '1', '--memory', '1', '--storage', '10', '--yes']},
  {name: 'vm list', args: () => []},
  {name: 'vm info', args: () => ['contract-vm'], after: (document) => expect(document.stream.remaining_seconds).toMatch(/^\d+$/)},
  {name: 'vm stats', args: () => ['contract-vm', '--once']},
  {name: 'vm cp', args: () => [copySource(), 'contract-vm:'], after: (document) => expect(document.copies[0].files).toBe(1)},
  {name: 'vm forward', args: () => ['contract-vm', '0:22'], interruptAfterMs: 4000, after: (document) => expect(document.event).toBe('listening')},
  {name: 'ssh-config', args: () => [], after: (document) => expect(document.hosts[0].host_alias).toBe('golem-contract-vm')},
  {name: 'vm stream list', args: () => []},
  {name: 'vm stream status', args: () => ['contract-vm']},
  {name: 'vm stream open', args: () => ['--provider', 'devnet-beta', '--cpu', '1', '--memory', '1', '--storage', '10', '--yes'], after: (document) => (openedStream = document.stream_id)},
  {name: 'vm stream topup', args: () => ['--stream-id', openedStream, '--hours', '1', '--yes']},
  {name: 'vm stream inspect', args: () => ['--stream-id', openedStream]},
  {name: 'vm stream terminate', args: () => ['--stream-id', openedStream]},
  {name: 'vm stop', args: () => ['contract-vm']},
  {name: 'vm start', args: () => ['contract-vm', '--yes']},
  {name: 'vm destroy', args: () => ['contract-vm', '--yes']},
  {name: 'vm purge', args: () => ['--yes']},
  {name: 'vm reconcile', args: () => []},
  {name: 'ledger', args: () => [], after: (document) => expect(document.reconciliation, JSON.stringify(document.reconciliation)).toMatchObject({is_balanced: true})},
  {name: 'monitor', args: () => ['--once']},
  {name: 'wallet', args: () => []},
  // The devnet has no faucet: the contract there is one error and an empty stdout (the document is tested in wallet.test.ts).
  {name: 'wallet faucet', args: () => [], exitCode: 1, stderr: /^Error: The payments network 'devnet' has no faucet/},
  {name: 'wallet encrypt', args: () => [], env: password},
  {name: 'wallet password', args: () => [], env: {...password, GOLEM_REQUESTOR_NEW_WALLET_PASSWORD: 'contract-pass-2'}},
  {name: 'wallet decrypt', args: () => [], env: {GOLEM_REQUESTOR_WALLET_PASSWORD: 'contract-pass-2'}},
  {name: 'config', args: () => []},
  {name: 'version', args: () => []},
  {name: 'doctor', args: () => []},
  {name: 'devnet status', args: () => []},
  {name: 'devnet up', args: () => []},
  {name: 'devnet down', args: () => []},
];

describe('--json output on one devnet validates against the published schemas', () => {
  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
    devnetUp = await golem(['devnet', 'up', '--detach', '--json']);
    expect(devnetUp.exitCode, devnetUp.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await golem(['devnet', 'down']);
    rmSync(baseDir, {recursive: true, force: true});
  }, 60_000);

  for (const run of jsonRuns) {
    it(`golem ${run.name} --json`, async () => {
      // `devnet up` ran once in beforeAll (a second one would find it running): its output is checked here.
      const result = run.name === 'devnet up' ? devnetUp! : await runUntil(golem([...entryPath(run.name), ...run.args(), '--json'], run.env), run.interruptAfterMs);
      expect(result.stderr).not.toContain('Unexpected error');
      expect(result.exitCode, result.stderr).toBe(run.exitCode ?? 0);
      if (run.stderr) {
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(run.stderr);
        return;
      }
      const document = expectValidDocument(run.name, result.stdout);
      run.after?.(document);
    });
  }
});
