import {describe, expect, it} from 'vitest';
import {detectColorLevel} from '../../../source/ui/terminal/color-support.js';

const level = (env: Record<string, string>, isTerminal = true, noColorFlag = false) =>
  detectColorLevel({env, isTerminal, noColorFlag, platform: 'linux'});

describe('detectColorLevel (issue 13 item 1)', () => {
  it('reads the terminal: truecolor from COLORTERM, 256 from TERM, 16 for any other TERM, none for dumb or no TERM', () => {
    expect(level({TERM: 'xterm', COLORTERM: 'truecolor'})).toBe(3);
    expect(level({TERM: 'tmux-256color'})).toBe(2);
    expect(level({TERM: 'screen'})).toBe(1);
    expect(level({TERM: 'dumb'})).toBe(0);
    expect(level({})).toBe(0);
  });

  it('a CI variable changes nothing on a real terminal', () => {
    expect(level({TERM: 'xterm-256color', CI: 'true'})).toBe(2);
    expect(level({TERM: 'xterm-256color', CI: 'true', GITHUB_ACTIONS: 'true'})).toBe(2);
  });

  it('NO_COLOR and --no-color win over everything; FORCE_COLOR follows the chalk convention', () => {
    expect(level({TERM: 'xterm-256color', NO_COLOR: '1'})).toBe(0);
    expect(level({TERM: 'xterm-256color', NO_COLOR: ''})).toBe(2);
    expect(level({TERM: 'xterm-256color', FORCE_COLOR: '3'}, true, true)).toBe(0);
    expect(level({TERM: 'xterm-256color', FORCE_COLOR: '0'})).toBe(0);
    expect(level({FORCE_COLOR: '1'}, false)).toBe(1);
  });

  it('no colour when stdout is not a terminal', () => {
    expect(level({TERM: 'xterm-256color'}, false)).toBe(0);
  });
});
