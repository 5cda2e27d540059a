/**
 * Finding StreamPayment events in a transaction receipt.
 */
import {isAddressEqual, parseEventLogs, type Address, type ContractEventName, type Log, type ParseEventLogsReturnType} from 'viem';
import {streamPaymentAbi} from '../../../contracts/abi/stream-payment.js';

/** Name of a StreamPayment event (reference §7.3). */
export type StreamPaymentEventName = ContractEventName<typeof streamPaymentAbi>;

/** A decoded StreamPayment event of kind `eventName`, with its log fields. */
export type StreamPaymentEvent<eventName extends StreamPaymentEventName> = ParseEventLogsReturnType<
  typeof streamPaymentAbi,
  eventName,
  true,
  eventName
>[number];

/**
 * Returns the first `eventName` event that `contractAddress` emitted among `logs`, or `undefined`.
 *
 * Scans every log and keeps only those from `contractAddress` whose topic0 is the event's selector, so a token
 * `Transfer` log before it (ERC20 mode) or a look-alike event from another contract is skipped — the reference
 * gave up at the first log it could not decode (reference §6.7, §14.1 item 9).
 *
 * @example
 * const created = findContractEvent(receipt.logs, contractAddress, 'StreamCreated')
 * created?.args.streamId // → 1n
 */
export function findContractEvent<const eventName extends StreamPaymentEventName>(
  logs: readonly Log[],
  contractAddress: Address,
  eventName: eventName,
): StreamPaymentEvent<eventName> | undefined {
  const fromContract = logs.filter((log) => isAddressEqual(log.address, contractAddress));
  const events = parseEventLogs({abi: streamPaymentAbi, logs: fromContract, eventName, strict: true});
  return events[0] as StreamPaymentEvent<eventName> | undefined;
}
