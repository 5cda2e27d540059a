/**
 * The devnet provider's view of StreamPayment: reading `streams(id)` and the chain time with viem, and the
 * provider's rules on what a stream must look like to create a VM (reference §4.2), to keep one running
 * (§8.3), and what it means right now (§4.9, §6.6). Written independently of the requestor's chain adapter, as a
 * real provider is a different program.
 */
import {createPublicClient, defineChain, http, zeroAddress, type Address} from 'viem';
import {streamPaymentAbi} from '../../../contracts/abi/stream-payment.js';
import type {OnChainStream} from '../../services/types.js';
import {computeStream} from '../../services/streams/stream-math.js';

/** `streams(id)` (reference §7.1), field order kept. Times are unix seconds; amounts wei. */
export type ChainStream = OnChainStream;

/** A stream read together with the chain time (latest block timestamp, unix seconds) it was judged at. */
export type StreamReading = {readonly stream: ChainStream; readonly now: bigint};

/** Reads streams from one StreamPayment deployment. Every method rejects with viem's error on RPC failure. */
export type StreamReader = {
  /** `streams(id)` together with the latest block's timestamp. */
  read(streamId: bigint): Promise<StreamReading>;
  /** Timestamp of the latest block, unix seconds (chain time, never the local clock). */
  latestTimestamp(): Promise<bigint>;
  /** `streams(id)` alone; unknown ids read as all zeros. */
  readAt(streamId: bigint): Promise<ChainStream>;
};

/** Builds a `StreamReader` for the contract at `streamPaymentAddress` on chain `chainId` behind `rpcUrl`. */
export function createStreamReader(options: {rpcUrl: string; chainId: number; streamPaymentAddress: Address}): StreamReader {
  const chain = defineChain({
    id: options.chainId,
    name: `chain ${options.chainId}`,
    nativeCurrency: {name: 'Ether', symbol: 'ETH', decimals: 18},
    rpcUrls: {default: {http: [options.rpcUrl]}},
  });
  const client = createPublicClient({chain, transport: http(options.rpcUrl, {timeout: 10_000, retryCount: 1})});
  const readAt = async (streamId: bigint): Promise<ChainStream> => {
    const [token, sender, recipient, startTime, stopTime, ratePerSecond, deposit, withdrawn, halted] =
      await client.readContract({
        address: options.streamPaymentAddress,
        abi: streamPaymentAbi,
        functionName: 'streams',
        args: [streamId],
      });
    return {token, sender, recipient, startTime, stopTime, ratePerSecond, deposit, withdrawn, halted};
  };
  const latestTimestamp = async () => (await client.getBlock({blockTag: 'latest'})).timestamp;
  return {
    readAt,
    latestTimestamp,
    read: async (streamId) => {
      const [stream, now] = await Promise.all([readAt(streamId), latestTimestamp()]);
      return {stream, now};
    },
  };
}

/** One line describing a failed read, for `stream lookup failed: <e>`. */
export function describeLookupError(error: unknown): string {
  const text =
    error && typeof error === 'object' && 'shortMessage' in error && typeof error.shortMessage === 'string'
      ? error.shortMessage
      : error instanceof Error
        ? error.message
        : String(error);
  return text.split('\n')[0] ?? text;
}

const isSameAddress = (left: string, right: string) => left.toLowerCase() === right.toLowerCase();

/** `true` once `terminate` ran: the contract zeroes the recipient and nothing else (reference §7.2). */
export function isTerminated(stream: ChainStream): boolean {
  return isSameAddress(stream.recipient, zeroAddress);
}

/**
 * Whether a stream may fund a new VM on provider `providerId` (reference §4.2): `'ok'` or the reason the
 * provider gives after `invalid stream: `. A terminated stream (recipient zeroed) and an unknown id (all zeros)
 * read as `recipient mismatch`, as upstream. A stream in another token than the provider's `token` (zero: native
 * ETH) reads as `token mismatch` (our addition for ERC20 providers, reference §6.7).
 */
export function checkStreamForCreate({stream, now}: StreamReading, providerId: Address, token: Address = zeroAddress): string {
  if (!isSameAddress(stream.recipient, providerId)) return 'recipient mismatch';
  // A provider asking for an ERC20 (reference §6.7) is not paid by a native stream, nor one in another token.
  if (!isSameAddress(stream.token, token)) return 'token mismatch';
  if (stream.deposit === 0n) return 'no deposit';
  if (stream.startTime > now) return 'stream not started';
  if (stream.halted) return 'stream halted';
  return 'ok';
}

/**
 * Whether a stream still pays for a running VM (reference §8.3, plus the terminated case upstream misses):
 * `'ok'`, or `stream terminated`, `recipient mismatch`, `stream halted`, `stream ran dry` (no seconds left at
 * chain time `now`).
 */
export function checkStreamRunway({stream, now}: StreamReading, providerId: Address): string {
  if (isTerminated(stream) && stream.deposit > 0n) return 'stream terminated';
  if (!isSameAddress(stream.recipient, providerId)) return 'recipient mismatch';
  if (stream.halted) return 'stream halted';
  if (stream.stopTime <= now) return 'stream ran dry';
  return 'ok';
}

/**
 * What a stream means at chain time `now`, in the provider API's snake_case (reference §4.9), computed by the
 * same rule the requestor uses (`computeStream`, reference §6.6 with the contract's cap at the deposit).
 */
export function computeStreamStatus(stream: ChainStream, now: bigint) {
  const computed = computeStream(stream, now);
  return {
    now,
    remaining_seconds: computed.remainingSeconds,
    vested_wei: computed.vestedWei,
    withdrawable_wei: computed.withdrawableWei,
  };
}
