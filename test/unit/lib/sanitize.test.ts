import {describe, expect, it} from 'vitest';
import {sanitizeText} from '../../../source/lib/sanitize.js';

describe('sanitizeText', () => {
  it('strips escape sequences, bells, C1 controls and bidi overrides; keeps unicode text', () => {
    expect(sanitizeText('evil\u001B[2J\u001B]0;title\u0007\u0007na\u001B[31mme\u009B\u202E')).toBe('evilname');
    expect(sanitizeText('東京-node 🚀 é')).toBe('東京-node 🚀 é');
    expect(sanitizeText('two\nlines\ttab')).toBe('two lines tab');
  });
});
