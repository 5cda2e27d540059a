import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
  bashCompletion,
  completionCommand,
  fishCompletion,
  loadCompletionSpec,
  zshCompletion,
  type CompletionSpec,
} from '../../../source/commands/completion.js';
import {commandTable} from '../../../source/commands/index.js';
import {makeTestIo} from '../../helpers/command-io.js';

let spec: CompletionSpec;
let directory: string;
let scriptPath: string;

beforeAll(async () => {
  spec = await loadCompletionSpec();
  directory = mkdtempSync(join(tmpdir(), 'golem-completion-'));
  scriptPath = join(directory, 'golem.bash');
  writeFileSync(scriptPath, bashCompletion(spec));
});

afterAll(() => rmSync(directory, {recursive: true, force: true}));

/** What bash completes for the words typed so far (the last one is being completed). */
function complete(...words: string[]): string[] {
  return completeWith('', ...words);
}

/** Like `complete`, with `prelude` run first (e.g. a `golem` stub standing in for `golem __complete`). */
function completeWith(prelude: string, ...words: string[]): string[] {
  const script = `${prelude}
source ${JSON.stringify(scriptPath)}
COMP_WORDS=(golem ${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length}
_golem; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--noprofile', '--norc', '-c', script], {encoding: 'utf8'}).split('\n').filter(Boolean);
}

describe('golem completion', () => {
  it('the bash script parses (bash -n) and names every command path and alias', () => {
    expect(() => execFileSync('bash', ['-n', scriptPath])).not.toThrow();
    const script = bashCompletion(spec);
    for (const entry of commandTable) {
      for (const path of [entry.path, ...(entry.aliases ?? [])]) {
        expect(spec.has(path.join(' '))).toBe(true);
        expect(script).toContain(`'${path.join(' ')}')`);
      }
    }
  });

  it('bash offers VM names, stream ids and provider names from golem itself (golem __complete)', () => {
    const stub = `golem() { case "$2" in vms) printf 'web-1\\nweb-2\\n' ;; streams) echo 7 ;; providers) echo devnet-alpha ;; esac; }`;
    expect(completeWith(stub, 'vm', 'info', 'web')).toEqual(['web-1', 'web-2']);
    expect(completeWith(stub, 'vm', 'ssh', '')).toEqual(['web-1', 'web-2']);
    expect(completeWith(stub, 'vm', 'stream', 'topup', '--stream-id', '')).toEqual(['7']);
    expect(completeWith(stub, 'vm', 'create', 'x', '--provider', 'dev')).toEqual(['devnet-alpha']);
    // vm create takes a new name: nothing to offer.
    expect(completeWith(stub, 'vm', 'create', '')).toEqual([]);
  });

  it('bash completes commands, subcommands, flags and flag values', () => {
    expect(complete('')).toEqual(expect.arrayContaining(['vm', 'wallet', 'devnet', 'version', 'completion']));
    expect(complete('vm', 'pro')).toEqual(['providers']);
    expect(complete('vm', 'stream', '')).toEqual(expect.arrayContaining(['list', 'open', 'topup', 'status', 'inspect']));
    expect(complete('vm', 'providers', '--so')).toEqual(['--sort']);
    expect(complete('vm', 'providers', '--sort', '')).toEqual(['price', 'cpu', 'memory', 'storage', 'country', 'updated']);
    expect(complete('vm', 'providers', '--cpu', '')).toEqual([]);
    expect(complete('vm', 'providers', '--payments-network', 'x', '--all')).toEqual(['--all-payments']);
    // A positional argument (the VM name) does not lose the command.
    expect(complete('vm', 'stats', 'web-1', '--')).toEqual(expect.arrayContaining(['--once', '--interval', '--json', '--help']));
    expect(complete('vm', 'connect', '')).toEqual([]);
  });

  it('zsh and fish scripts cover the same commands and flags', () => {
    const zsh = zshCompletion(spec);
    const fish = fishCompletion(spec);
    expect(zsh).toContain('compdef _golem golem');
    expect(zsh).toContain("'vm providers --sort') echo 'price cpu memory storage country updated'");
    expect(fish).toContain("complete -c golem -n '__golem_path_is \\'vm\\'' -a 'providers'");
    expect(fish).toContain("-l sort -xa 'price cpu memory storage country updated'");
    expect(fish).toContain("Show a VM\\'s CPU");
  });

  it('prints the script for the named shell; an unknown shell is an error naming the choices', async () => {
    const test = makeTestIo({env: {}});
    expect(await completionCommand.run(test.io, {args: ['bash'], rest: [], flags: {}})).toBe(0);
    expect(test.stdout()).toContain('complete -F _golem golem');
    await expect(completionCommand.run(test.io, {args: ['tcsh'], rest: [], flags: {}})).rejects.toThrow(/bash\|zsh\|fish/);
  });
});
