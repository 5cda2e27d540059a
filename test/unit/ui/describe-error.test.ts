import {describe, expect, it} from 'vitest';
import {InsufficientFundsError} from '../../../source/errors.js';
import {describeError, errorNotice} from '../../../source/ui/describe-error.js';

describe('describeError', () => {
  it('shows an AppError as its short message and hint', () => {
    const error = new InsufficientFundsError({requiredWei: 10n ** 18n, availableWei: 1n});
    expect(describeError(error)).toEqual({
      text: 'Not enough funds: need 1000000000000000000 wei, the wallet has 1 wei.',
      hint: 'Fund the wallet (golem wallet shows its address) or ask for fewer hours.',
      isBug: false,
    });
    expect(errorNotice(error, 'Not created')).toMatchObject({tone: 'error', text: expect.stringMatching(/^Not created: Not enough funds/)});
  });

  it('case-24: marks anything else as a bug and never throws while formatting', () => {
    expect(describeError(new TypeError('x is undefined'))).toMatchObject({text: 'Unexpected error: x is undefined', isBug: true});
    expect(describeError({amount: 10n}).text).toBe('Unexpected error: [object Object]');
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(describeError(hostile).text).toBe('Unexpected error: unprintable value');
  });
});
