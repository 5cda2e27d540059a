import {
  encodeAbiParameters,
  encodeEventTopics,
  parseAbi,
  zeroAddress,
  type Address,
  type Hex,
  type Log,
} from 'viem';
import {describe, expect, it} from 'vitest';
import {streamPaymentAbi} from '../../../../contracts/abi/stream-payment.js';
import {findContractEvent} from '../../../../source/adapters/chain/contract-events.js';

const CONTRACT: Address = '0x0281B792b5491E3548c8Fc17C24A2e0Cb99FbeC2';
const TOKEN: Address = '0x1111111111111111111111111111111111111111';
const IMPOSTOR: Address = '0x2222222222222222222222222222222222222222';
const SENDER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const RECIPIENT: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

function log(address: Address, topics: Hex[], data: Hex, logIndex: number): Log {
  return {
    address,
    topics: topics as [Hex, ...Hex[]],
    data,
    logIndex,
    blockHash: `0x${'aa'.repeat(32)}`,
    blockNumber: 10n,
    transactionHash: `0x${'bb'.repeat(32)}`,
    transactionIndex: 0,
    removed: false,
  };
}

function streamCreated(address: Address, streamId: bigint, logIndex: number): Log {
  const topics = encodeEventTopics({
    abi: streamPaymentAbi,
    eventName: 'StreamCreated',
    args: {streamId, sender: SENDER, recipient: RECIPIENT},
  }) as Hex[];
  const data = encodeAbiParameters(
    [{type: 'address'}, {type: 'uint256'}, {type: 'uint256'}, {type: 'uint256'}, {type: 'uint256'}],
    [TOKEN, 3600n, 1n, 100n, 3700n],
  );
  return log(address, topics, data, logIndex);
}

describe('findContractEvent (reference §6.7, §14.1 item 9)', () => {
  it('skips a leading ERC20 Transfer log and a look-alike from another contract', () => {
    const transferTopics = encodeEventTopics({
      abi: parseAbi(['event Transfer(address indexed from, address indexed to, uint256 value)']),
      eventName: 'Transfer',
      args: {from: SENDER, to: CONTRACT},
    }) as Hex[];
    const logs = [
      log(TOKEN, transferTopics, encodeAbiParameters([{type: 'uint256'}], [3600n]), 0),
      streamCreated(IMPOSTOR, 666n, 1),
      streamCreated(CONTRACT, 42n, 2),
    ];

    const event = findContractEvent(logs, CONTRACT, 'StreamCreated');

    expect(event?.args).toEqual({
      streamId: 42n,
      sender: SENDER,
      recipient: RECIPIENT,
      token: TOKEN,
      deposit: 3600n,
      ratePerSecond: 1n,
      startTime: 100n,
      stopTime: 3700n,
    });
    expect(event?.logIndex).toBe(2);
  });

  it('matches the contract address case-insensitively and returns undefined when the event is absent', () => {
    const logs = [streamCreated(CONTRACT.toLowerCase() as Address, 7n, 0)];
    expect(findContractEvent(logs, CONTRACT, 'StreamCreated')?.args.streamId).toBe(7n);
    expect(findContractEvent(logs, CONTRACT, 'ToppedUp')).toBeUndefined();
    expect(findContractEvent([], zeroAddress, 'Terminated')).toBeUndefined();
  });
});
