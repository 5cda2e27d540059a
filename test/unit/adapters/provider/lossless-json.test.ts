import {describe, expect, it} from 'vitest';
import {parseJsonLossless} from '../../../../source/adapters/provider/lossless-json.js';

describe('parseJsonLossless', () => {
  it('case-24: keeps integers above 2^53 as exact digit strings and leaves the rest to JSON.parse', () => {
    expect(
      parseJsonLossless(
        '{"deposit": 123456789012345678901234567890, "n": -99999999999999999999, "safe": 9007199254740991, ' +
          '"edge": 9007199254740992, "float": 1.5e300, "text": "x\\" 99999999999999999999", "list": [1, 2.5, null, true]}',
      ),
    ).toEqual({
      deposit: '123456789012345678901234567890',
      n: '-99999999999999999999',
      safe: 9_007_199_254_740_991,
      edge: '9007199254740992',
      float: 1.5e300,
      text: 'x" 99999999999999999999',
      list: [1, 2.5, null, true],
    });
  });

  it('throws SyntaxError on malformed text', () => {
    expect(() => parseJsonLossless('{"a": 12345678901234567890x}')).toThrow(SyntaxError);
    expect(() => parseJsonLossless('')).toThrow(SyntaxError);
  });
});
