import {describe, expect, it} from 'vitest';
import {describeError, toJson} from '../../../source/lib/json.js';

describe('toJson', () => {
  it('case-24: writes bigints as decimal strings, also deep inside structs', () => {
    const stream = {deposit: 10n ** 18n, nested: [{rate: 2n ** 70n}]};
    expect(JSON.parse(toJson(stream))).toEqual({deposit: '1000000000000000000', nested: [{rate: '1180591620717411303424'}]});
  });

  it('case-24: describing an error whose metadata holds bigints never throws', () => {
    expect(describeError({amount: 5n})).toBe('{"amount":"5"}');
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(() => describeError(circular)).not.toThrow();
  });
});
