/**
 * Deploys the StreamPayment contract from the committed ABI/bytecode module (used by `golem devnet up` and tests).
 */
import type {Address, Hex} from 'viem';
import {streamPaymentAbi, streamPaymentBytecode} from '../../../contracts/abi/stream-payment.js';
import {ChainError} from '../../errors.js';
import {createChainClients, describeChainId} from './clients.js';
import {mapChainError} from './errors.js';

/**
 * Deploys StreamPayment with `oracle` (the account allowed to halt streams, reference §7.1) from the account of
 * `deployerKey`, waits for the receipt and returns the contract address.
 *
 * Throws `ChainError` when `rpcUrl` serves another chain than `chainId` or the deployment reverted (e.g. oracle is
 * the zero address: `oracle=0`), `InsufficientFundsError` or `RpcUnavailableError`.
 *
 * @example
 * const address = await deployStreamPayment('http://127.0.0.1:8545', 31337, deployerKey, oracleAddress)
 */
export async function deployStreamPayment(
  rpcUrl: string,
  chainId: number,
  deployerKey: Hex,
  oracle: Address,
): Promise<Address> {
  const {publicClient, walletClient} = createChainClients({rpcUrl, chainId, privateKey: deployerKey});
  try {
    const actual = await publicClient.getChainId();
    if (actual !== chainId) {
      throw new ChainError({
        shortMessage: `The RPC endpoint ${rpcUrl} serves chain ${describeChainId(actual)}, not ${describeChainId(chainId)}; StreamPayment was not deployed.`,
      });
    }
    const hash = await walletClient.deployContract({abi: streamPaymentAbi, bytecode: streamPaymentBytecode, args: [oracle]});
    const receipt = await publicClient.waitForTransactionReceipt({hash, timeout: 60_000});
    if (receipt.status !== 'success' || !receipt.contractAddress) {
      throw new ChainError({shortMessage: `The StreamPayment deployment ${hash} reverted.`});
    }
    return receipt.contractAddress;
  } catch (error) {
    throw mapChainError(error, 'constructor', {url: rpcUrl});
  }
}
