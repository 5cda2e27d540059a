/** Money on the devnet's chain: the requestor's wallet and the providers' gas. */
import {numberToHex, type Address} from 'viem';
import {ANVIL_DEV_ACCOUNT, rpcRequest} from './anvil-process.js';

/** Sets `address`'s balance to `amountWei` (anvil only; no transaction). */
export async function setBalance(rpcUrl: string, address: Address, amountWei: bigint): Promise<void> {
  await rpcRequest(rpcUrl, 'anvil_setBalance', [address, numberToHex(amountWei)]);
}

/**
 * Brings the requestor's wallet to `amountWei` with a real transfer from anvil's (unlocked) first dev account, so
 * the money arrives in a transaction that `golem ledger` can list and balance (issue 15); a balance already above it
 * is set down with `anvil_setBalance` as before. Waits for the transfer's receipt (one block). Throws on RPC errors.
 */
export async function fundWallet(rpcUrl: string, address: Address, amountWei: bigint): Promise<void> {
  const balanceWei = BigInt(String(await rpcRequest(rpcUrl, 'eth_getBalance', [address, 'latest'])));
  if (balanceWei >= amountWei) {
    if (balanceWei > amountWei) await setBalance(rpcUrl, address, amountWei);
    return;
  }
  const hash = await rpcRequest(rpcUrl, 'eth_sendTransaction', [{from: ANVIL_DEV_ACCOUNT.address, to: address, value: numberToHex(amountWei - balanceWei)}]);
  for (let tries = 0; tries < 600; tries++) {
    if ((await rpcRequest(rpcUrl, 'eth_getTransactionReceipt', [hash])) !== null) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The devnet's funding transfer ${String(hash)} was not mined within 60 s.`);
}
