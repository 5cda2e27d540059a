import {describe, expect, it} from 'vitest';
import {toJsonWithBigIntNumbers} from '../../../../source/devnet/provider/json-numbers.js';

describe('toJsonWithBigIntNumbers', () => {
  it('writes bigints as bare digits, like the real provider writes wei (reference §4.9)', () => {
    expect(toJsonWithBigIntNumbers({deposit: 10n ** 20n, id: 7n})).toBe('{"deposit":100000000000000000000,"id":7}');
  });

  it('writes everything else as JSON.stringify does', () => {
    const value = {a: 'x"y\n', b: [1, null, true, undefined], c: {d: 1.5, e: undefined, f: () => 1}, g: Number.NaN};
    expect(toJsonWithBigIntNumbers(value)).toBe(JSON.stringify(value));
    expect(toJsonWithBigIntNumbers(null)).toBe('null');
    expect(toJsonWithBigIntNumbers([])).toBe('[]');
  });
});
