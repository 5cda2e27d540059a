import {describe, expect, it} from 'vitest';
import {sanitizeText} from '../../../source/lib/sanitize.js';

describe('sanitizeText', () => {
  it('strips escape sequences, bells, C1 controls and bidi overrides; keeps unicode text', () => {
    expect(sanitizeText('evil\u001B[2J\u001B]0;title\u0007\u0007na\u001B[31mme\u009B\u202E')).toBe('evilname');
    expect(sanitizeText('東京-node 🚀 é')).toBe('東京-node 🚀 é');
    expect(sanitizeText('two\nlines\ttab')).toBe('two lines tab');
  });
});

describe('sanitizeText: Unicode format and separator characters (issue 11 item 8)', () => {
  it('strips every bidi control, zero-width character and line/paragraph separator (Cf, Zl, Zp)', () => {
    // An advert name that would render reversed ("exe.txt" shown as "txt.exe") and hide a word in zero-width space.
    const hostile = 'pro\u200Bvider\u200C\u200D\u2060\uFEFF \u202Dtxt.\u202Eexe\u202C \u2066iso\u2069\u2067l\u2068\u200E\u200F\u061C\u00AD\u2028line\u2029para';
    expect(sanitizeText(hostile)).toBe('provider txt.exe isollinepara');
  });

  it('leaves no Cf, Zl or Zp character in anything it returns', () => {
    const every = Array.from({length: 0x30000}, (_, code) => (code >= 0xd800 && code <= 0xdfff ? '' : String.fromCodePoint(code))).join('');
    expect(/\p{Cf}|\p{Zl}|\p{Zp}/u.test(sanitizeText(every))).toBe(false);
  });

  it('case-13: keeps the joiners inside emoji sequences (👨‍💻, ❤️‍🔥, a subdivision flag) and strips them anywhere else', () => {
    const scotland = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
    expect(sanitizeText('👨\u200D💻dev')).toBe('👨\u200D💻dev');
    expect(sanitizeText('❤\uFE0F\u200D🔥')).toBe('❤\uFE0F\u200D🔥');
    expect(sanitizeText('👩🏽\u200D🚀 and ❤️\u200D🔥')).toBe('👩🏽\u200D🚀 and ❤️\u200D🔥');
    expect(sanitizeText('a\u200Db 🚀\u200D x\u200D🚀')).toBe('ab 🚀 x🚀');
    expect(sanitizeText(`${scotland} Glasgow`)).toBe(`${scotland} Glasgow`);
    expect(sanitizeText('a\u200Db 👨\u200Dx y\u{E0067}z \u200D💻')).toBe('ab 👨x yz 💻');
  });
});
