import {isAddressEqual, zeroAddress} from 'viem';
import type {ServiceContext} from '../context.js';
import {computeStream} from '../streams/stream-math.js';
import type {StreamRecord, WalletInfo} from '../types.js';
import {currentChain, isOnChain} from '../streams/chain-binding.js';
import {scanStreams} from '../streams/scan-streams.js';
import {findOrphanStreams} from '../streams/settle-orphan-streams.js';
import {readWithChainCheck} from '../streams/checked-read.js';

/**
 * The requestor's wallet (its key created on first use): address, balance, and what the balance means.
 *
 * - `spendableWei = max(balance − estimateMaxGasCostWei(), 0)`: what a new deposit may use after reserving the fee
 *   cap of one payment transaction — the gas limit × `maxFeePerGas` the send signs, so a deposit of exactly this
 *   much is accepted by the node (issue 11 item 7; `--amount max` sends it).
 * - `fundsNoVmStreams`: open streams that fund no VM the user can see (issue 11 item 3).
 * - `lockedWei = Σ (deposit − vested)` over this wallet's open stream records on the profile's chain and contract, read
 *   on chain at the latest block's time (never the local clock): what terminating them all would refund
 *   (reference §7.4). Streams terminated on chain (recipient zero) or sent by another wallet are not counted;
 *   `openStreams` is how many were; `unreadStreams` are those the endpoint did not return (with the reason).
 * - `hasFaucet`: the payments profile has a testnet faucet (reference §1.20).
 *
 * Throws `ConfigError` (no payments network, refused key), `ChainError` (wrong chain or contract),
 * `RpcUnavailableError`.
 *
 * @example
 * const {spendableWei, lockedWei} = await getWallet(ctx)
 */
export async function getWallet(ctx: ServiceContext): Promise<WalletInfo> {
  const wallet = ctx.wallet();
  const {profile, client} = ctx.payments();
  // Two round trips (issue 16): chain check, balance, fees and head together; then the event scan and the open
  // streams at that head together.
  const [balanceWei, gasReserveWei, head] = await readWithChainCheck(client, () =>
    Promise.all([client.getBalance(wallet.address), client.estimateMaxGasCostWei(), client.events.getLatestBlock(), currentChain(ctx)]),
  );
  const {lockedWei, openStreams, unreadStreams, fundsNoVmStreams} = await lockedInStreams(ctx, head);
  return {
    address: wallet.address,
    balanceWei,
    spendableWei: balanceWei > gasReserveWei ? balanceWei - gasReserveWei : 0n,
    lockedWei,
    openStreams,
    unreadStreams,
    fundsNoVmStreams,
    hasFaucet: ctx.config.faucet !== null,
    chainId: profile.chainId,
    paymentsNetwork: profile.name,
    keyPath: wallet.keyPath,
  };
}

/**
 * Unvested deposits of the wallet's open streams at chain time, how many streams hold them, and how many of those fund
 * no VM the user can see, and the open records the chain read did not return (with the reason). The contract's events
 * are scanned first, so streams missing from the database count too.
 */
async function lockedInStreams(ctx: ServiceContext, head: bigint): Promise<Pick<WalletInfo, 'lockedWei' | 'openStreams' | 'unreadStreams'> & {fundsNoVmStreams: number}> {
  const wallet = ctx.wallet().address;
  const chain = await currentChain(ctx);
  const isOpen = (record: StreamRecord) => record.status === 'open' && isOnChain(record, chain);
  // The scan reads the open streams at `head` in the request of its logs (one batched read, as the monitor does).
  const scan = await scanStreams(ctx, {toBlock: head, read: ctx.db.repositories.streams.list().filter(isOpen).map((record) => record.streamId)});
  const records = ctx.db.repositories.streams.list().filter(isOpen);
  if (records.length === 0 || !scan.state) return {lockedWei: 0n, openStreams: 0, unreadStreams: [], fundsNoVmStreams: 0};
  const orphans = findOrphanStreams(ctx, records);
  const {blockTimestamp: now, errors} = scan.state;
  const streams = new Map([...scan.state.streams].filter(([streamId]) => records.some((record) => record.streamId === streamId)));
  for (const [streamId] of errors) if (!records.some((record) => record.streamId === streamId)) errors.delete(streamId);
  let lockedWei = 0n;
  let openStreams = 0;
  let fundsNoVmStreams = 0;
  for (const [streamId, stream] of streams) {
    if (isAddressEqual(stream.recipient, zeroAddress) || !isAddressEqual(stream.sender, wallet)) continue;
    const {vestedWei} = computeStream(stream, now);
    lockedWei += stream.deposit > vestedWei ? stream.deposit - vestedWei : 0n;
    openStreams++;
    if (orphans.has(streamId)) fundsNoVmStreams++;
  }
  return {lockedWei, openStreams, unreadStreams: [...errors].map(([streamId, error]) => ({streamId, error})), fundsNoVmStreams};
}
