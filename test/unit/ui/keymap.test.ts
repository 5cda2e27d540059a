import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {formatBinding, formatKeys, keymap, keymapSections, matches} from '../../../source/ui/keymap.js';

function key(overrides: Partial<Key> = {}): Key {
  return {
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageDown: false,
    pageUp: false,
    home: false,
    end: false,
    return: false,
    escape: false,
    ctrl: false,
    shift: false,
    tab: false,
    backspace: false,
    delete: false,
    meta: false,
    super: false,
    hyper: false,
    capsLock: false,
    numLock: false,
    ...overrides,
  } as Key;
}

describe('matches', () => {
  it('matches printable keys case-sensitively', () => {
    expect(matches('vm.stop', 's', key())).toBe(true);
    expect(matches('vm.stop', 'S', key({shift: true}))).toBe(false);
    expect(matches('vm.start', 'S', key({shift: true}))).toBe(true);
  });

  it('tells Tab from Shift-Tab', () => {
    expect(matches('app.next-screen', '', key({tab: true}))).toBe(true);
    expect(matches('app.next-screen', '', key({tab: true, shift: true}))).toBe(false);
    expect(matches('app.previous-screen', '', key({tab: true, shift: true}))).toBe(true);
  });

  it('binds arrows and j/k to the list commands', () => {
    expect(matches('list.down', '', key({downArrow: true}))).toBe(true);
    expect(matches('list.down', 'j', key())).toBe(true);
    expect(matches('list.up', 'k', key())).toBe(true);
    expect(matches('list.up', '', key({upArrow: true}))).toBe(true);
  });

  it('binds PgUp/PgDn, g/G, / and : to the list and palette commands, and i or → to the VM detail', () => {
    expect(matches('list.page-down', '', key({pageDown: true}))).toBe(true);
    expect(matches('list.page-up', '', key({pageUp: true}))).toBe(true);
    expect(matches('list.first', 'g', key())).toBe(true);
    expect(matches('list.last', 'G', key({shift: true}))).toBe(true);
    expect(matches('list.filter', '/', key())).toBe(true);
    expect(matches('app.palette', ':', key())).toBe(true);
    expect(matches('vm.details', 'i', key())).toBe(true);
    expect(matches('vm.details', '', key({rightArrow: true}))).toBe(true);
    expect(matches('app.back', '', key({escape: true}))).toBe(true);
    expect(formatKeys('vm.details')).toBe('i / →');
  });

  it('needs Ctrl for Ctrl-C and refuses Ctrl or Alt for plain letters', () => {
    expect(matches('app.interrupt', 'c', key({ctrl: true}))).toBe(true);
    expect(matches('app.interrupt', 'c', key())).toBe(false);
    expect(matches('provider.create', 'c', key({ctrl: true}))).toBe(false);
    expect(matches('app.quit', 'q', key({meta: true}))).toBe(false);
  });

  it('declines a confirmation on Enter and Esc (default No)', () => {
    expect(matches('confirm.no', '', key({return: true}))).toBe(true);
    expect(matches('confirm.no', '', key({escape: true, meta: true}))).toBe(true);
    expect(matches('confirm.yes', '', key({return: true}))).toBe(false);
  });
});

describe('help text', () => {
  it('formats bindings for people', () => {
    expect(formatBinding({input: 'c', ctrl: true})).toBe('Ctrl-C');
    expect(formatBinding({key: 'tab', shift: true})).toBe('Shift-Tab');
    expect(formatKeys('list.down')).toBe('↓ / j');
    expect(formatKeys('app.quit')).toBe('q');
  });

  it('lists every command in exactly one help section', () => {
    const listed = keymapSections.flatMap(({commands}) => commands);
    expect([...listed].sort()).toEqual(Object.keys(keymap).sort());
    expect(new Set(listed).size).toBe(listed.length);
  });
});
