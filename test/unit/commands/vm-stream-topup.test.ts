import {describe, expect, it} from 'vitest';
import {parseEthAmount, streamTopUpCommand, topUpParameters} from '../../../source/commands/vm-stream.js';
import {InvalidInputError} from '../../../source/errors.js';
import {makeTestIo} from '../../helpers/command-io.js';

describe('stream topup flags', () => {
  it('takes exactly one of --hours, --amount and --glm', () => {
    expect(() => topUpParameters(1n, {})).toThrow('Provide either --hours or --amount (ETH).');
    expect(() => topUpParameters(1n, {hours: 1, amount: '0.1'})).toThrow('Provide only one of --hours and --amount (--glm is --amount), got --hours and --amount.');
    expect(() => topUpParameters(1n, {amount: '0.1', glm: '0.1'})).toThrow(/got --amount and --glm/);
    expect(() => topUpParameters(1n, {hours: 2, glm: '0.1'})).toThrow(/got --hours and --glm/);
  });

  it('keeps --glm as an alias of --amount (the reference name), in ETH', () => {
    expect(topUpParameters(7n, {glm: '0.25'})).toEqual({streamId: 7n, amountWei: 250_000_000_000_000_000n});
    expect(topUpParameters(7n, {amount: '0.25'})).toEqual({streamId: 7n, amountWei: 250_000_000_000_000_000n});
    expect(topUpParameters(7n, {hours: 3})).toEqual({streamId: 7n, hours: 3});
  });

  it('parses ETH amounts exactly, down to 1 wei, with no float rounding', () => {
    expect(parseEthAmount('0.000000000000000001', '--amount')).toBe(1n);
    expect(parseEthAmount('1.1', '--amount')).toBe(1_100_000_000_000_000_000n);
    expect(parseEthAmount('0.3', '--amount')).toBe(300_000_000_000_000_000n); // 0.1 + 0.2 !== 0.3 in floats
    expect(parseEthAmount('123456789.123456789123456789', '--amount')).toBe(123_456_789_123_456_789_123_456_789n);
    expect(parseEthAmount('.5', '--glm')).toBe(500_000_000_000_000_000n);
  });

  it.each(['0', '0.0', '-1', 'abc', '', '1e-5', '0x10', '1,5', '0.0000000000000000001', 'Infinity', 'NaN'])(
    'refuses the amount %j',
    (text) => {
      expect(() => parseEthAmount(text, '--amount')).toThrow(InvalidInputError);
      expect(() => parseEthAmount(text, '--amount')).toThrow(/--amount must be a positive ETH amount with at most 18 decimals/);
    },
  );

  it('--amount max and --hours max ask for exactly the spendable balance (issue 11 item 7)', () => {
    expect(topUpParameters(7n, {amount: 'max'})).toEqual({streamId: 7n, max: true});
    expect(topUpParameters(7n, {hours: 'MAX'})).toEqual({streamId: 7n, max: true});
    expect(topUpParameters(7n, {hours: '2'})).toEqual({streamId: 7n, hours: 2});
    expect(() => topUpParameters(7n, {hours: '2h'})).toThrow(/--hours must be a positive whole number or max/);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses --hours %s', (hours) => {
    expect(() => topUpParameters(1n, {hours})).toThrow(/--hours must be a positive whole number/);
  });

  it('the command refuses bad flags before reading settings or touching the chain', async () => {
    const {io} = makeTestIo({env: {}});
    const untouched = {
      ...io,
      config: () => {
        throw new Error('settings were read');
      },
    };
    const run = (flags: Record<string, unknown>) =>
      streamTopUpCommand.run(untouched, {args: [], rest: [], flags: {streamId: '1', yes: false, ...flags} as never});
    await expect(run({})).rejects.toThrow('Provide either --hours or --amount (ETH).');
    await expect(run({hours: 1, glm: '1'})).rejects.toThrow(/Provide only one/);
    await expect(run({amount: '1.0000000000000000001'})).rejects.toThrow(/at most 18 decimals/);
    await expect(run({streamId: '0', hours: 1})).rejects.toThrow(/--stream-id must be a positive whole number/);
  });
});
