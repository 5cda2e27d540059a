import {describe, expect, it} from 'vitest';
import {completePalette, parsePalette} from '../../../../source/ui/app/palette-commands.js';

describe('parsePalette', () => {
  it('parses screens, unique prefixes and commands with a VM name', () => {
    expect(parsePalette(':vms')).toEqual({ok: true, action: {kind: 'screen', screen: 'vms'}});
    expect(parsePalette('q')).toEqual({ok: true, action: {kind: 'quit'}});
    expect(parsePalette(':dest web-1')).toEqual({ok: true, action: {kind: 'destroy', vmName: 'web-1'}});
    expect(parsePalette('ssh db-1')).toEqual({ok: true, action: {kind: 'ssh', vmName: 'db-1'}});
    expect(parsePalette(':spec 2 4 20')).toEqual({ok: true, action: {kind: 'spec', spec: {cpu: 2, memory: 4, storage: 20}}});
    expect(parsePalette(':spec')).toEqual({ok: true, action: {kind: 'spec', spec: null}});
  });

  it('explains a bad line instead of throwing', () => {
    expect(parsePalette(':ssh')).toMatchObject({ok: false, message: expect.stringContaining('needs a VM name')});
    expect(parsePalette(':s')).toMatchObject({ok: false, message: expect.stringContaining(':ssh, :spec, :streams')});
    expect(parsePalette(':nope')).toMatchObject({ok: false, message: expect.stringContaining('Unknown command :nope')});
    expect(parsePalette(':spec 2 x 20')).toMatchObject({ok: false, message: expect.stringContaining('three whole numbers')});
    expect(parsePalette('')).toMatchObject({ok: false});
  });
});

describe('completePalette', () => {
  const names = ['web-1', 'web-2', 'db-1'];

  it('completes a unique command word with a space, and lists several', () => {
    expect(completePalette('des', names)).toEqual({line: 'destroy ', candidates: ['destroy']});
    expect(completePalette('s', names)).toEqual({line: 's', candidates: ['ssh', 'spec', 'streams']});
    expect(completePalette('st', names).line).toBe('streams ');
  });

  it('completes VM names after a command that takes one, to the common prefix', () => {
    expect(completePalette('ssh d', names)).toEqual({line: 'ssh db-1', candidates: ['db-1']});
    expect(completePalette('destroy w', names)).toEqual({line: 'destroy web-', candidates: ['web-1', 'web-2']});
    expect(completePalette('info ', names).candidates).toEqual(names);
    expect(completePalette('quit x', names)).toEqual({line: 'quit x', candidates: []});
  });
});
