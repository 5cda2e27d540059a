import {isAddressEqual, zeroAddress} from 'viem';
import type {ServiceContext} from '../context.js';
import {computeStream} from '../streams/stream-math.js';
import type {WalletInfo} from '../types.js';

/**
 * The requestor's wallet (its key created on first use): address, balance, and what the balance means.
 *
 * - `spendableWei = max(balance − estimateMaxGasCostWei(), 0)`: what a new deposit may use after reserving the gas of
 *   one payment transaction (design.md money rules: the balance must cover deposit + gas).
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
  await client.verifyChain();
  const [balanceWei, gasReserveWei] = await Promise.all([client.getBalance(wallet.address), client.estimateMaxGasCostWei()]);
  const {lockedWei, openStreams, unreadStreams} = await lockedInStreams(ctx);
  return {
    address: wallet.address,
    balanceWei,
    spendableWei: balanceWei > gasReserveWei ? balanceWei - gasReserveWei : 0n,
    lockedWei,
    openStreams,
    unreadStreams,
    hasFaucet: ctx.config.faucet !== null,
    chainId: profile.chainId,
    paymentsNetwork: profile.name,
    keyPath: wallet.keyPath,
  };
}

/** Unvested deposits of the wallet's open streams at chain time, how many streams hold them, and those not read. */
async function lockedInStreams(ctx: ServiceContext): Promise<Pick<WalletInfo, 'lockedWei' | 'openStreams' | 'unreadStreams'>> {
  const {profile, client} = ctx.payments();
  const wallet = ctx.wallet().address;
  const records = ctx.db.repositories.streams
    .list()
    .filter(
      (record) =>
        record.status === 'open' &&
        record.chainId === profile.chainId &&
        record.contractAddress.toLowerCase() === client.contractAddress.toLowerCase(),
    );
  if (records.length === 0) return {lockedWei: 0n, openStreams: 0, unreadStreams: []};
  // One batched read of every stream and the chain time (as the monitor and the stream list do).
  const {blockTimestamp: now, streams, errors} = await client.getStreams(records.map((record) => record.streamId));
  let lockedWei = 0n;
  let openStreams = 0;
  for (const stream of streams.values()) {
    if (isAddressEqual(stream.recipient, zeroAddress) || !isAddressEqual(stream.sender, wallet)) continue;
    const {vestedWei} = computeStream(stream, now);
    lockedWei += stream.deposit > vestedWei ? stream.deposit - vestedWei : 0n;
    openStreams++;
  }
  return {lockedWei, openStreams, unreadStreams: [...errors].map(([streamId, error]) => ({streamId, error}))};
}
