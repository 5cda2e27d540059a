/**
 * Reads that go out together with the chain check (issue 16 item 1): `verifyChain` (chain id, contract code, genesis;
 * once per process) and the caller's reads are issued in the same tick, so a batching RPC transport sends them in one
 * HTTP request. Reads only: nothing is signed here, and a wrong chain is reported before any read's answer is used.
 */
import type {StreamPaymentClient} from '../ports.js';

/**
 * Runs `verifyChain()` and `read()` together; throws the chain check's error first (`ChainError` naming both chain
 * ids, or `RpcUnavailableError`), then the read's; else returns what `read` returned.
 *
 * @example
 * const [balanceWei, gasWei] = await readWithChainCheck(client, () => Promise.all([client.getBalance(), client.estimateMaxGasCostWei()]))
 */
export async function readWithChainCheck<T>(client: Pick<StreamPaymentClient, 'verifyChain'>, read: () => Promise<T>): Promise<T> {
  const [checked, result] = await Promise.allSettled([client.verifyChain(), read()]);
  if (checked.status === 'rejected') throw checked.reason;
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}
