/**
 * Deploys the StreamPayment contract and the devnet's TestToken from the committed ABI/bytecode modules (used by
 * `golem devnet up` and tests).
 */
import {getAddress, type Address, type Hex} from 'viem';
import {streamPaymentAbi, streamPaymentBytecode} from '../../../contracts/abi/stream-payment.js';
import {testTokenAbi, testTokenBytecode} from '../../../contracts/abi/test-token.js';
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
  const {address} = await deployChecked(rpcUrl, chainId, deployerKey, {
    contract: 'StreamPayment',
    deploy: (walletClient) => walletClient.deployContract({abi: streamPaymentAbi, bytecode: streamPaymentBytecode, args: [oracle]}),
  });
  return address;
}

/**
 * Deploys TestToken (contracts/TestToken.sol, the devnet's minimal ERC20) named `name`/`symbol` with `decimals`, then
 * mints `mints` (address → amount in the token's smallest unit) from the deployer, waiting for every receipt.
 * Returns the token address. Used by `golem devnet up` and the ERC20 stream tests (reference §6.7).
 *
 * Throws `ChainError` (wrong chain, a reverted deployment or mint), `InsufficientFundsError`, `RpcUnavailableError`.
 *
 * @example
 * const token = await deployTestToken(rpcUrl, 31337, deployerKey, {symbol: 'tGLM', decimals: 18, mints: [[requestor, 10n ** 21n]]})
 */
export async function deployTestToken(
  rpcUrl: string,
  chainId: number,
  deployerKey: Hex,
  {name = 'Test Golem Token', symbol, decimals, mints}: {name?: string; symbol: string; decimals: number; mints: readonly (readonly [Address, bigint])[]},
): Promise<Address> {
  const {address, clients} = await deployChecked(rpcUrl, chainId, deployerKey, {
    contract: 'TestToken',
    deploy: (walletClient) => walletClient.deployContract({abi: testTokenAbi, bytecode: testTokenBytecode, args: [name, symbol, decimals]}),
  });
  const {publicClient, walletClient} = clients;
  const token = getAddress(address);
  try {
    for (const [to, amount] of mints) {
      const mintHash = await walletClient.writeContract({address: token, abi: testTokenAbi, functionName: 'mint', args: [to, amount]});
      const minted = await publicClient.waitForTransactionReceipt({hash: mintHash, timeout: 60_000});
      if (minted.status !== 'success') throw new ChainError({shortMessage: `Minting ${amount} ${symbol} to ${to} reverted (${mintHash}).`});
    }
    return token;
  } catch (error) {
    throw mapChainError(error, 'constructor', {url: rpcUrl});
  }
}

type ChainClients = ReturnType<typeof createChainClients>;

/**
 * The one deployment path: checks that `rpcUrl` serves `chainId`, sends `deploy`, waits for the receipt and returns
 * the contract address (as the receipt has it) and the clients. Throws `ChainError` (wrong chain, reverted deployment) and what
 * `mapChainError` maps (`InsufficientFundsError`, `RpcUnavailableError`).
 */
async function deployChecked(
  rpcUrl: string,
  chainId: number,
  deployerKey: Hex,
  {contract, deploy}: {contract: string; deploy: (walletClient: ChainClients['walletClient']) => Promise<Hex>},
): Promise<{address: Address; clients: ChainClients}> {
  const clients = createChainClients({rpcUrl, chainId, privateKey: deployerKey});
  const {publicClient, walletClient} = clients;
  try {
    const actual = await publicClient.getChainId();
    if (actual !== chainId) {
      throw new ChainError({
        shortMessage: `The RPC endpoint ${rpcUrl} serves chain ${describeChainId(actual)}, not ${describeChainId(chainId)}; ${contract} was not deployed.`,
      });
    }
    const hash = await deploy(walletClient);
    const receipt = await publicClient.waitForTransactionReceipt({hash, timeout: 60_000});
    if (receipt.status !== 'success' || !receipt.contractAddress) {
      throw new ChainError({shortMessage: `The ${contract} deployment ${hash} reverted.`});
    }
    return {address: receipt.contractAddress, clients};
  } catch (error) {
    throw mapChainError(error, 'constructor', {url: rpcUrl});
  }
}
