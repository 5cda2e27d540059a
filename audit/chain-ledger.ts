/**
 * The funds audit's independent read of the chain (issue 11 "Done when"): what one wallet put into StreamPayment
 * and where every wei went, from the contract's own events and storage — never from golem's database — checked
 * against what golem shows the user (`vm list`, `vm stream list`).
 */
import {createPublicClient, http, isAddressEqual, parseAbiItem, zeroAddress, type Address} from 'viem';
import {streamPaymentAbi} from '../contracts/abi/stream-payment.js';

const STREAM_CREATED = parseAbiItem(
  'event StreamCreated(uint256 indexed streamId, address indexed sender, address indexed recipient, address token, uint256 deposit, uint256 ratePerSecond, uint256 startTime, uint256 stopTime)',
);
const TOPPED_UP = parseAbiItem('event ToppedUp(uint256 indexed streamId, uint256 amount, uint128 newStopTime)');
const TERMINATED = parseAbiItem('event Terminated(uint256 indexed streamId, uint256 senderRefund, uint256 recipientPayout)');
const WITHDRAW = parseAbiItem('event Withdraw(uint256 indexed streamId, address indexed recipient, uint256 amount)');

/** What golem shows the user, as its `--json` commands print it. */
export type UserView = {
  /** `vm list --json`: VM names with the stream id each is funded by. */
  readonly vms: readonly {readonly name: string; readonly status: string; readonly streamId: bigint | null}[];
  /** `vm stream list --json`: the streams golem knows, with the deposit it has on its books (wei). */
  readonly streams: readonly {readonly streamId: bigint; readonly depositWei: bigint; readonly status: string}[];
};

/** One stream of the wallet as the chain tells it. */
export type ChainStream = {
  readonly streamId: bigint;
  /** createStream deposit + every top-up, wei. */
  readonly depositedWei: bigint;
  readonly paidWei: bigint;
  readonly refundedWei: bigint;
  /** Deposit not yet withdrawn nor settled (0 once terminated), wei. */
  readonly streamingWei: bigint;
  readonly isOpen: boolean;
};

/** The audit of one wallet. Every wei figure is exact; a healthy result has all problem lists empty and 0 lost. */
export type LedgerAudit = {
  readonly wallet: Address;
  readonly streams: readonly ChainStream[];
  readonly depositsWei: bigint;
  readonly paidToProvidersWei: bigint;
  readonly refundedWei: bigint;
  readonly streamingWei: bigint;
  /** deposits − (paid + refunded + streaming): wei the events and storage cannot place (should be 0). */
  readonly unaccountedWei: bigint;
  /** Open streams that fund no VM the user can see in `vm list`. */
  readonly orphanStreams: readonly bigint[];
  /** Streams of the wallet that golem does not list at all (`vm stream list`). */
  readonly unknownStreams: readonly bigint[];
  /** Streams golem lists with a deposit other than the chain's (a mined top-up lost from the books, …). */
  readonly staleDeposits: readonly {readonly streamId: bigint; readonly localWei: bigint; readonly chainWei: bigint}[];
  /**
   * Wei the user lost: the unaccounted wei, plus everything not refunded of streams golem does not know or that fund
   * no visible VM (paid, or still paying, to a provider for nothing).
   */
  readonly lostWei: bigint;
};

/**
 * Reads every StreamCreated of `wallet` on `contract` since block 0 and, for those streams, every ToppedUp,
 * Withdraw and Terminated, plus `streams(id)` for what is still open, at `rpcUrl` (the node itself, not golem's
 * endpoint), and compares the result with `view`.
 */
export async function auditLedger({rpcUrl, contract, wallet, view}: {rpcUrl: string; contract: Address; wallet: Address; view: UserView}): Promise<LedgerAudit> {
  const client = createPublicClient({transport: http(rpcUrl, {retryCount: 3})});
  const created = await client.getLogs({address: contract, event: STREAM_CREATED, args: {sender: wallet}, fromBlock: 0n, toBlock: 'latest'});
  const ids = created.map((log) => log.args.streamId!);
  const forIds = {streamId: ids};
  const [toppedUp, terminated, withdrawn] = ids.length === 0
    ? [[], [], []]
    : await Promise.all([
        client.getLogs({address: contract, event: TOPPED_UP, args: forIds, fromBlock: 0n, toBlock: 'latest'}),
        client.getLogs({address: contract, event: TERMINATED, args: forIds, fromBlock: 0n, toBlock: 'latest'}),
        client.getLogs({address: contract, event: WITHDRAW, args: forIds, fromBlock: 0n, toBlock: 'latest'}),
      ]);
  const sum = <T>(items: readonly T[], id: bigint, pick: (item: T) => {streamId?: bigint | undefined; value: bigint}) =>
    items.reduce((total, item) => {
      const {streamId, value} = pick(item);
      return streamId === id ? total + value : total;
    }, 0n);

  const streams: ChainStream[] = [];
  for (const log of created) {
    const streamId = log.args.streamId!;
    const depositedWei = log.args.deposit! + sum(toppedUp, streamId, (item) => ({streamId: item.args.streamId, value: item.args.amount!}));
    const withdrawnWei = sum(withdrawn, streamId, (item) => ({streamId: item.args.streamId, value: item.args.amount!}));
    const end = terminated.find((item) => item.args.streamId === streamId);
    const [, , recipient, , , , deposit, storedWithdrawn] = await client.readContract({address: contract, abi: streamPaymentAbi, functionName: 'streams', args: [streamId]});
    const isOpen = !isAddressEqual(recipient, zeroAddress);
    streams.push({
      streamId,
      depositedWei,
      paidWei: withdrawnWei + (end?.args.recipientPayout ?? 0n),
      refundedWei: end?.args.senderRefund ?? 0n,
      // Open: what storage still holds; its deposit must equal what the events put in (checked via unaccounted).
      streamingWei: isOpen ? deposit - storedWithdrawn : 0n,
      isOpen,
    });
  }
  const total = (pick: (stream: ChainStream) => bigint) => streams.reduce((sumWei, stream) => sumWei + pick(stream), 0n);
  const depositsWei = total((stream) => stream.depositedWei);
  const paidToProvidersWei = total((stream) => stream.paidWei);
  const refundedWei = total((stream) => stream.refundedWei);
  const streamingWei = total((stream) => stream.streamingWei);

  const visibleVmStreams = new Set(view.vms.flatMap((vm) => (vm.streamId === null ? [] : [vm.streamId])));
  const listed = new Map(view.streams.map((stream) => [stream.streamId, stream]));
  const orphanStreams = streams.filter((stream) => stream.isOpen && !visibleVmStreams.has(stream.streamId)).map((stream) => stream.streamId);
  const unknownStreams = streams.filter((stream) => !listed.has(stream.streamId)).map((stream) => stream.streamId);
  const staleDeposits = streams.flatMap((stream) => {
    const local = listed.get(stream.streamId);
    return local && local.depositWei !== stream.depositedWei ? [{streamId: stream.streamId, localWei: local.depositWei, chainWei: stream.depositedWei}] : [];
  });
  const unaccountedWei = depositsWei - (paidToProvidersWei + refundedWei + streamingWei);
  const lostIds = new Set([...orphanStreams, ...unknownStreams]);
  const lostWei =
    (unaccountedWei < 0n ? -unaccountedWei : unaccountedWei) +
    streams.filter((stream) => lostIds.has(stream.streamId)).reduce((sumWei, stream) => sumWei + stream.depositedWei - stream.refundedWei, 0n);
  return {wallet, streams, depositsWei, paidToProvidersWei, refundedWei, streamingWei, unaccountedWei, orphanStreams, unknownStreams, staleDeposits, lostWei};
}
