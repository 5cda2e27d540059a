import {toEventSelector, toFunctionSelector, type AbiEvent, type AbiFunction} from 'viem';
import {describe, expect, it} from 'vitest';
import {streamPaymentAbi, streamPaymentBytecode} from '../../../contracts/abi/stream-payment.js';

/** Selectors copied from reference §7.2. */
const FUNCTION_SELECTORS: Record<string, string> = {
  createStream: '0x506efe70',
  withdraw: '0x2e1a7d4d',
  terminate: '0x7a828b28',
  haltStream: '0x0b3f8976',
  topUp: '0xde643a71',
  streams: '0x64d60d91',
  oracle: '0x7dc0d1d0',
  nextStreamId: '0x1e99d569',
};

/** topic0 values copied from reference §7.3. */
const EVENT_TOPICS: Record<string, string> = {
  StreamCreated: '0x7310c8f9e75a815c1d827635f05beebdad06978d5e41059afaa48b8e0b2fccf7',
  Withdraw: '0x9da6493a92039daf47d1f2d7a782299c5994c6323eb1e972f69c432089ec52bf',
  Terminated: '0x552e4f193bf7d3f4c51c1f4decc3c4369c5dbb9e9a082c69e97f1d74511c475c',
  Halted: '0x14a94dbc2f7e9418dbda76b366e946fd5e17923e5cc43d07703095c162035b97',
  ToppedUp: '0xfb09c9afcca88dd78a13c7ae8b800b027a38d5bec33557371b2b7b97afb0567b',
};

const functions = streamPaymentAbi.filter((item): item is AbiFunction & (typeof streamPaymentAbi)[number] => item.type === 'function');
const events = streamPaymentAbi.filter((item): item is AbiEvent & (typeof streamPaymentAbi)[number] => item.type === 'event');

describe('generated StreamPayment ABI (reference §7)', () => {
  it('has exactly the functions of §7.2, each with the reference selector', () => {
    expect(functions.map((item) => item.name).sort()).toEqual(Object.keys(FUNCTION_SELECTORS).sort());
    for (const item of functions) {
      expect({name: item.name, selector: toFunctionSelector(item)}).toEqual({name: item.name, selector: FUNCTION_SELECTORS[item.name]});
    }
  });

  it('has exactly the events of §7.3, each with the reference topic0', () => {
    expect(events.map((item) => item.name).sort()).toEqual(Object.keys(EVENT_TOPICS).sort());
    for (const item of events) {
      expect({name: item.name, topic0: toEventSelector(item)}).toEqual({name: item.name, topic0: EVENT_TOPICS[item.name]});
    }
  });

  it('returns streams() fields in the §7.1 order and types', () => {
    const streams = functions.find((item) => item.name === 'streams');
    expect(streams?.outputs.map((output) => `${output.name}:${output.type}`)).toEqual([
      'token:address',
      'sender:address',
      'recipient:address',
      'startTime:uint128',
      'stopTime:uint128',
      'ratePerSecond:uint128',
      'deposit:uint256',
      'withdrawn:uint256',
      'halted:bool',
    ]);
    expect(streams?.stateMutability).toBe('view');
  });

  it('marks createStream and topUp payable, and takes the oracle in the constructor', () => {
    const mutability = Object.fromEntries(functions.map((item) => [item.name, item.stateMutability]));
    expect(mutability).toMatchObject({createStream: 'payable', topUp: 'payable', terminate: 'nonpayable', withdraw: 'nonpayable'});
    const constructor = streamPaymentAbi.find((item) => item.type === 'constructor');
    expect(constructor?.inputs.map((input) => input.type)).toEqual(['address']);
  });

  it('ships creation bytecode', () => {
    expect(streamPaymentBytecode).toMatch(/^0x[0-9a-f]{1000,}$/);
  });
});
