import {InsufficientFundsError} from '../../errors.js';
import type {StreamPaymentClient} from '../ports.js';

/**
 * Checks the chain (id, contract code) and that the wallet can pay `valueWei` plus the gas of one transaction.
 * Returns the balance and the gas bound, in wei. Throws `ChainError`, `RpcUnavailableError`,
 * `InsufficientFundsError`.
 */
export async function assertCanPay(
  client: StreamPaymentClient,
  valueWei: bigint,
): Promise<{balanceWei: bigint; maxGasWei: bigint}> {
  await client.verifyChain();
  const [balanceWei, maxGasWei] = await Promise.all([client.getBalance(), client.estimateMaxGasCostWei()]);
  if (balanceWei < valueWei + maxGasWei) {
    throw new InsufficientFundsError({requiredWei: valueWei + maxGasWei, availableWei: balanceWei});
  }
  return {balanceWei, maxGasWei};
}
