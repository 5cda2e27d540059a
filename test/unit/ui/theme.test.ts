import {describe, expect, it} from 'vitest';
import {createTheme, isColorEnabled, streamStateColor, vmStatusColor} from '../../../source/ui/theme.js';

describe('theme', () => {
  it('respects NO_COLOR (any non-empty value)', () => {
    expect(isColorEnabled({})).toBe(true);
    expect(isColorEnabled({NO_COLOR: ''})).toBe(true);
    expect(isColorEnabled({NO_COLOR: '1'})).toBe(false);
  });

  it('has no colours at all without colour, and semantic colours with it', () => {
    const plain = createTheme(false);
    const tokens = [plain.text, plain.status, plain.ui].flatMap((group) => Object.values(group));
    expect(tokens.every((token) => token === undefined)).toBe(true);
    const colored = createTheme(true);
    expect(colored.status.error).toBe('red');
    expect(vmStatusColor('running', colored)).toBe('green');
    expect(vmStatusColor('stopped', colored)).toBe('yellow');
    expect(vmStatusColor('error', colored)).toBe('red');
    expect(vmStatusColor('running', plain)).toBeUndefined();
  });

  it('colours stream states: active green, needs-top-up yellow, out-of-funds and halted red, terminated grey', () => {
    const colored = createTheme(true);
    expect(streamStateColor('active', colored)).toBe('green');
    expect(streamStateColor('needs-top-up', colored)).toBe('yellow');
    expect(streamStateColor('out-of-funds', colored)).toBe('red');
    expect(streamStateColor('halted', colored)).toBe('red');
    expect(streamStateColor('terminated', colored)).toBe('gray');
    expect(streamStateColor(null, colored)).toBe('gray');
    expect(streamStateColor('active', createTheme(false))).toBeUndefined();
  });
});
