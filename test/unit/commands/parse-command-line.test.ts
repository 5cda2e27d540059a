import {describe, expect, it} from 'vitest';
import type {Command} from '../../../source/commands/command.js';
import {parseCommandLine} from '../../../source/commands/parse-command-line.js';
import {UsageError, exitCodeFor, InvalidInputError, CancelledError, ConfigError} from '../../../source/errors.js';

const command: Pick<Command, 'path' | 'args' | 'flags'> = {
  path: ['vm', 'create'],
  args: [{name: 'NAME'}],
  flags: {
    cpu: {type: 'number', isRequired: true},
    hours: {type: 'number', default: 1},
    sort: {type: 'string', choices: ['price', 'cpu']},
    yes: {type: 'boolean', default: false, shortFlag: 'y'},
    color: {type: 'boolean', default: true},
  },
};

const parse = (words: string[]) => parseCommandLine(command, words);

describe('parseCommandLine', () => {
  it('reads flags (next word or =), --no-<switch>, negative numbers, defaults and arguments', () => {
    expect(parse(['web-1', '--cpu', '2', '--hours=-1', '--no-color', '--yes'])).toEqual({
      args: ['web-1'],
      flags: {cpu: 2, hours: -1, color: false, yes: true},
      wantsHelp: false,
    });
  });

  it('reads a one-letter alias declared as shortFlag (vm cp -r, vm ssh -A)', () => {
    expect(parse(['web-1', '-y', '--cpu', '1']).flags).toMatchObject({yes: true, cpu: 1});
    expect(() => parse(['web-1', '-y', '--yes', '--cpu', '1'])).toThrow('--yes was given twice.');
  });

  it.each([
    [['web-1', '--cpu', 'abc'], "--cpu must be a number, got 'abc'."],
    [['web-1', '--cpu', '1', '--sort', 'prize'], "--sort must be one of price, cpu, got 'prize'. Did you mean price?"],
    [['web-1', '--cpu', '--yes'], '--cpu needs a value.'],
    [['web-1', '--cpu', '1', '--cpu', '2'], '--cpu was given twice.'],
    [['web-1', '--cpu', '1', '--yes=maybe'], "--yes is a switch and takes no value, got 'maybe'."],
    [['web-1', '--cpu', '1', '--hourz', '2'], 'Unknown flag --hourz. Did you mean --hours?'],
    [['web-1', '--cpu', '1', '-x'], 'Unknown flag -x.'],
    [['web-1'], 'Missing --cpu.'],
    [['--cpu', '1'], 'Missing NAME (usage: golem vm create NAME).'],
    [['a', 'b', '--cpu', '1'], "Unexpected argument 'b' (usage: golem vm create NAME)."],
  ])('%j is a usage error: %s', (words, message) => {
    expect(() => parse(words)).toThrow(UsageError);
    expect(() => parse(words)).toThrow(message);
  });

  it('--help wins over every other problem', () => {
    expect(parse(['--bogus', '--help']).wantsHelp).toBe(true);
  });
});

describe('exitCodeFor', () => {
  it('maps usage errors to 2, expected failures to 1, Ctrl-C to 130, a decline to 1 and bugs to 70', () => {
    expect(exitCodeFor(new UsageError({shortMessage: 'x'}))).toBe(2);
    expect(exitCodeFor(new InvalidInputError({issues: ['x']}))).toBe(2);
    expect(exitCodeFor(new ConfigError({shortMessage: 'x'}))).toBe(1);
    expect(exitCodeFor(new CancelledError())).toBe(1);
    expect(exitCodeFor(new CancelledError({isInterrupt: true}))).toBe(130);
    expect(exitCodeFor(new TypeError('x'))).toBe(70);
  });
});
