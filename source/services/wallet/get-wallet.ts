import type {ServiceContext} from '../context.js';
import type {WalletInfo} from '../types.js';

/**
 * The requestor's address (its key created on first use), balance in wei and chain. Throws `ConfigError`,
 * `ChainError`, `RpcUnavailableError`.
 */
export async function getWallet(ctx: ServiceContext): Promise<WalletInfo> {
  const wallet = ctx.wallet();
  const {profile, client} = ctx.payments();
  await client.verifyChain();
  return {
    address: wallet.address,
    balanceWei: await client.getBalance(wallet.address),
    chainId: profile.chainId,
    paymentsNetwork: profile.name,
    keyPath: wallet.keyPath,
  };
}
