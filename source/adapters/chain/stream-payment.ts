/**
 * The StreamPayment adapter: typed reads and safe writes against the contract of reference §7, signing with the
 * requestor's local key. Implements `StreamPaymentClient` (services/ports.ts).
 */
import {
  BaseError,
  decodeFunctionResult,
  erc20Abi,
  isAddressEqual,
  zeroAddress,
  encodeFunctionData,
  hexToBigInt,
  keccak256,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  InsufficientFundsError as ViemInsufficientFundsError,
  WaitForTransactionReceiptTimeoutError,
  type Address,
  type ContractFunctionArgs,
  type EncodeFunctionDataParameters,
  type EstimateContractGasParameters,
  type Abi,
  type Hex,
  type SimulateContractParameters,
  type TransactionReceipt,
} from 'viem';
import type {LocalAccount} from 'viem/accounts';
import {streamPaymentAbi} from '../../../contracts/abi/stream-payment.js';
import {ChainError, ContractRevertedError, RpcUnavailableError, type AppError} from '../../errors.js';
import type {OnTransactionSent, StreamPaymentClient} from '../../services/ports.js';
import type {OnChainStream} from '../../services/types.js';
import {createChainClients, describeChainId} from './clients.js';
import {findContractEvent, type StreamPaymentEvent, type StreamPaymentEventName} from './contract-events.js';
import {mapChainError} from './errors.js';
import {withWalletLock} from './wallet-lock.js';

/**
 * Gas limit no StreamPayment write comes near (createStream, the most expensive, uses ~150k): the web app's fixed
 * createStream limit (reference §7.5). Used only to bound the cost up front.
 */
export const SAFE_GAS_LIMIT = 350_000n;

/** Parameters of {@link createStreamPaymentClient}. */
export type CreateStreamPaymentClientParameters = {
  readonly rpcUrl: string;
  /** The chain id the payments profile expects; `eth_chainId` must equal it before anything is signed. */
  readonly chainId: number;
  /** The profile's known StreamPayment deployment. */
  readonly contractAddress: Address;
  /** The signing key, or a local account that signs (see `createChainClients`). */
  readonly privateKey: Hex | LocalAccount;
  /** File locked for the whole of each send (shared by every golem process using this wallet). */
  readonly lockPath: string;
  /** How long to wait for a receipt before reporting the transaction as possibly pending. @default 120_000 */
  readonly receiptTimeoutMs?: number | undefined;
  /** Receipt polling interval. @default 1_000 */
  readonly pollingIntervalMs?: number | undefined;
  /** Timeout of one RPC request. @default 10_000 */
  readonly requestTimeoutMs?: number | undefined;
};

/**
 * One state-changing call: a StreamPayment write, or the ERC20 `approve(contract, amount)` that precedes a token-mode
 * createStream/topUp. `to` is the contract called, `value` the wei sent along (native ETH mode only, reference §6.7).
 */
type WriteCall =
  | ({
      [F in 'createStream' | 'topUp' | 'terminate']: {
        abi: typeof streamPaymentAbi;
        to: Address;
        functionName: F;
        args: ContractFunctionArgs<typeof streamPaymentAbi, 'payable' | 'nonpayable', F>;
        value: bigint;
      };
    }['createStream' | 'topUp' | 'terminate'])
  | {abi: typeof erc20Abi; to: Address; functionName: 'approve'; args: readonly [Address, bigint]; value: 0n};

/**
 * What a token-mode payment needs before its StreamPayment call: the token, the amount (token units) the contract
 * will `transferFrom`, and who hears the approve's hash. Null in native mode.
 */
type Allowance = {token: Address; amount: bigint; onApprovalSent: OnTransactionSent | undefined} | null;

/**
 * Builds a `StreamPaymentClient` for the contract at `contractAddress` on `chainId`.
 *
 * Every write, in order: takes the wallet lock on `lockPath` (held to the end); checks `eth_chainId` and that the
 * contract has code; simulates the call and estimates its gas, so a revert is reported as `ContractRevertedError`
 * (reason = the contract's revert string) before anything is signed or spent; takes the nonce from the `pending`
 * count (no gap after a failure, case-21); signs locally and broadcasts; calls `onSent(hash)` before waiting
 * (case-22); waits for the receipt with a timeout; checks its status; reads the result from the contract's own
 * event, scanning every log (reference §14.1 items 9, 10).
 *
 * ERC20 streams (reference §6.7): a createStream with a non-zero `token`, or a topUp of a stream whose on-chain token
 * is non-zero, first reads `allowance(wallet, contract)` and, when it is short, sends `approve(contract, amount)` for
 * the exact amount under the same lock (same simulate / pending nonce / hash-before-receipt discipline; its hash goes
 * to `onApprovalSent`) and waits for it; the StreamPayment call then carries value 0.
 *
 * A broadcast that errors but reached the node anyway counts as sent. One whose fate is unknown (transport failure
 * and the node cannot be asked) still calls `onSent(hash)` before throwing `RpcUnavailableError`, so the hash is
 * re-checked before any new payment. If `onSent` throws, that error propagates and the receipt is not awaited.
 *
 * Errors: `ChainError` (wrong chain, no code, lock busy, no receipt in time, event missing), `ContractRevertedError`,
 * `InsufficientFundsError`, `RpcUnavailableError`.
 *
 * @example
 * const payments = createStreamPaymentClient({rpcUrl, chainId: 31337, contractAddress, privateKey, lockPath})
 * const {streamId} = await payments.createStream({recipient, depositWei, ratePerSecondWei, onSent: saveHash})
 */
export function createStreamPaymentClient({
  rpcUrl,
  chainId,
  contractAddress,
  privateKey,
  lockPath,
  receiptTimeoutMs = 120_000,
  pollingIntervalMs,
  requestTimeoutMs,
}: CreateStreamPaymentClientParameters): StreamPaymentClient {
  const {publicClient, walletClient, account, batchClient} = createChainClients({
    rpcUrl,
    chainId,
    privateKey,
    pollingIntervalMs,
    timeoutMs: requestTimeoutMs,
  });
  const contract = {address: contractAddress, abi: streamPaymentAbi} as const;

  /** Runs a read and maps whatever it throws. */
  async function read<T>(functionName: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw mapChainError(error, functionName, {url: rpcUrl});
    }
  }

  async function verifyChain(): Promise<void> {
    const actual = await read('eth_chainId', () => publicClient.getChainId());
    if (actual !== chainId) {
      throw new ChainError({
        shortMessage: `The RPC endpoint ${rpcUrl} serves chain ${describeChainId(actual)}, but the payments profile expects chain ${describeChainId(chainId)}. Nothing was signed.`,
        hint: 'Point the RPC URL at the expected network, or choose the payments network that matches it (GOLEM_REQUESTOR_PAYMENTS_NETWORK).',
      });
    }
    const code = await read('eth_getCode', () => publicClient.getCode({address: contractAddress}));
    if (!code || code === '0x') {
      throw new ChainError({
        shortMessage: `No contract is deployed at ${contractAddress} on chain ${describeChainId(chainId)}. Nothing was signed.`,
        hint: 'Check GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS or the deployments file; for the devnet, run `golem devnet up` again.',
      });
    }
  }

  async function estimateMaxGasCostWei(): Promise<bigint> {
    return read('estimateFeesPerGas', async () => {
      const block = await publicClient.getBlock({blockTag: 'latest'});
      // Chains without EIP-1559 (no baseFee) are priced with the legacy gas price.
      const feePerGas =
        block.baseFeePerGas == null
          ? await publicClient.getGasPrice()
          : (await publicClient.estimateFeesPerGas({type: 'eip1559'})).maxFeePerGas;
      return SAFE_GAS_LIMIT * feePerGas;
    });
  }

  /** `success`/`reverted` from the receipt, or null while there is none. */
  async function readReceipt(hash: Hex): Promise<TransactionReceipt | null> {
    return read('eth_getTransactionReceipt', () =>
      publicClient.getTransactionReceipt({hash}).catch((error: unknown) => {
        if (isViemError(error, TransactionReceiptNotFoundError)) return null;
        throw error;
      }),
    );
  }

  async function receiptState(hash: Hex): Promise<'success' | 'reverted' | null> {
    const receipt = await readReceipt(hash);
    if (!receipt) return null;
    return receipt.status === 'success' ? 'success' : 'reverted';
  }

  async function getTransactionState(hash: Hex): Promise<'success' | 'reverted' | 'pending' | 'unknown'> {
    const mined = await receiptState(hash);
    if (mined) return mined;
    const transaction = await read('eth_getTransactionByHash', () =>
      publicClient.getTransaction({hash}).catch((error: unknown) => {
        if (isViemError(error, TransactionNotFoundError)) return null;
        throw error;
      }),
    );
    if (!transaction) return 'unknown';
    // Mined between the two reads: ask for the receipt once more (once: a lagging node may not have it yet).
    if (transaction.blockNumber !== null) return (await receiptState(hash)) ?? 'pending';
    return 'pending';
  }

  /** Maps a failure before broadcast; for insufficient funds, states what the call needed and what the wallet has. */
  async function mapWriteError(error: unknown, call: WriteCall): Promise<AppError> {
    const isShortOfFunds = isViemError(error, ViemInsufficientFundsError);
    // The amounts only improve the message: if reading them fails too, the original error is still the one reported.
    const context = isShortOfFunds
      ? {
          url: rpcUrl,
          requiredWei: call.value + (await estimateMaxGasCostWei().catch(() => 0n)),
          availableWei: await publicClient.getBalance({address: account.address}).catch(() => undefined),
        }
      : {url: rpcUrl};
    return mapChainError(error, call.functionName, context);
  }

  /**
   * Takes the wallet lock, checks the chain, and in token mode first raises the allowance (`ensureAllowance`), then
   * sends `call`: every transaction of one payment goes out under one lock, each with the next `pending` nonce.
   */
  async function send(
    prepare: () => Promise<{call: WriteCall; allowance: Allowance}>,
    onSent: OnTransactionSent | undefined,
  ): Promise<{hash: Hex; receipt: TransactionReceipt; approvalTxHash: Hex | null}> {
    return withWalletLock(lockPath, async (assertLockHeld) => {
      await verifyChain();
      const {call, allowance} = await prepare();
      const approvalTxHash = allowance ? await ensureAllowance(allowance, assertLockHeld) : null;
      const {hash, receipt} = await sendLocked(call, onSent, assertLockHeld);
      return {hash, receipt, approvalTxHash};
    });
  }

  /**
   * Reads `allowance(wallet, contract)` of `token`; when it is below `amount`, sends `approve(contract, amount)` —
   * the exact amount, never unlimited (reference §6.7) — and waits for its receipt. Returns the approve's hash, or
   * null when the allowance already sufficed. Runs under the caller's wallet lock.
   */
  async function ensureAllowance({token, amount, onApprovalSent}: NonNullable<Allowance>, assertLockHeld: () => void): Promise<Hex | null> {
    const current = await readAllowance(token);
    if (current >= amount) return null;
    const {hash} = await sendLocked(
      {abi: erc20Abi, to: token, functionName: 'approve', args: [contractAddress, amount], value: 0n},
      onApprovalSent,
      assertLockHeld,
    );
    return hash;
  }

  async function readAllowance(token: Address): Promise<bigint> {
    return read('allowance', () =>
      publicClient.readContract({address: token, abi: erc20Abi, functionName: 'allowance', args: [account.address, contractAddress]}),
    );
  }

  /** Simulates, signs with the next `pending` nonce, broadcasts, reports the hash and waits for a successful receipt. */
  async function sendLocked(
    call: WriteCall,
    onSent: OnTransactionSent | undefined,
    assertLockHeld: () => void,
  ): Promise<{hash: Hex; receipt: TransactionReceipt}> {
    const {functionName, value} = call;

    let gas: bigint;
    try {
      // simulate: decoded revert reason, nothing signed; estimate: the gas limit, also decoded on revert.
      // The union of calls is checked against the ABI by `WriteCall`; viem's generics cannot follow a union.
      const parameters = {address: call.to, abi: call.abi as Abi, functionName, args: call.args, value, account} as unknown as SimulateContractParameters;
      await publicClient.simulateContract(parameters);
      gas = await publicClient.estimateContractGas(parameters as unknown as EstimateContractGasParameters);
    } catch (error) {
      throw await mapWriteError(error, call);
    }

    let serializedTransaction: Hex;
    try {
      const nonce = await publicClient.getTransactionCount({address: account.address, blockTag: 'pending'});
      const data = encodeFunctionData({abi: call.abi as Abi, functionName, args: call.args} as EncodeFunctionDataParameters);
      // The estimate is taken against the latest block; by the time the transaction is mined, time has moved and
      // the path can cost more (terminate pays the provider only once something has vested, an extra ETH transfer
      // that out-of-gassed here). So: 20 % headroom, and never below the limit the balance check already assumes
      // (unused gas is not charged).
      const headroom = gas + gas / 5n;
      const request = await walletClient.prepareTransactionRequest({
        to: call.to,
        data,
        value,
        nonce,
        gas: headroom > SAFE_GAS_LIMIT ? headroom : SAFE_GAS_LIMIT,
      });
      serializedTransaction = await walletClient.signTransaction(request);
    } catch (error) {
      throw await mapWriteError(error, call);
    }

    const hash = keccak256(serializedTransaction);
    assertLockHeld();
    try {
      await walletClient.sendRawTransaction({serializedTransaction});
    } catch (error) {
      // A retried or timed-out broadcast may still have reached the node ("already known"): trust the node, not
      // the error, so an accepted transaction is never reported as failed (case-21 b).
      const state = await getTransactionState(hash).catch(() => 'unknown' as const);
      if (state === 'unknown') {
        const mapped = await mapWriteError(error, call);
        // A transport failure leaves it open whether the node took the transaction: hand the hash over anyway,
        // so the caller re-checks it by hash before ever paying again (case-22).
        if (mapped instanceof RpcUnavailableError) onSent?.(hash);
        throw mapped;
      }
    }
    onSent?.(hash);

    let receipt: TransactionReceipt;
    try {
      receipt = await publicClient.waitForTransactionReceipt({hash, timeout: receiptTimeoutMs});
    } catch (error) {
      if (isViemError(error, WaitForTransactionReceiptTimeoutError)) {
        throw new ChainError({
          shortMessage: `${functionName} transaction ${hash} was sent, but no receipt arrived within ${Math.round(receiptTimeoutMs / 1000)} s; it may still be pending.`,
          hint: 'Check its state by hash before paying again; do not resend blindly.',
          cause: error,
        });
      }
      throw mapChainError(error, functionName, {url: rpcUrl});
    }
    if (receipt.status !== 'success') {
      throw new ContractRevertedError({
        functionName,
        reason: `transaction ${hash} was mined in block ${receipt.blockNumber} but reverted`,
        hint: 'Read the stream again to see its current state before retrying.',
      });
    }
    return {hash, receipt};
  }

  function requireEvent<const eventName extends StreamPaymentEventName>(
    receipt: TransactionReceipt,
    eventName: eventName,
  ): StreamPaymentEvent<eventName> {
    const event = findContractEvent(receipt.logs, contractAddress, eventName);
    if (!event) {
      throw new ChainError({
        shortMessage: `Transaction ${receipt.transactionHash} succeeded but StreamPayment at ${contractAddress} emitted no ${eventName} event.`,
        hint: 'Check that the contract address is the profile’s StreamPayment deployment.',
      });
    }
    return event;
  }

  return {
    chainId,
    contractAddress,
    walletAddress: account.address,
    verifyChain,

    getBalance: (address) =>
      read('eth_getBalance', () => publicClient.getBalance({address: address ?? account.address})),

    getBlockTimestamp: () =>
      read('eth_getBlockByNumber', async () => (await publicClient.getBlock({blockTag: 'latest'})).timestamp),

    async getStream(streamId): Promise<OnChainStream> {
      const [token, sender, recipient, startTime, stopTime, ratePerSecond, deposit, withdrawn, halted] = await read(
        'streams',
        () => publicClient.readContract({...contract, functionName: 'streams', args: [streamId]}),
      );
      return {token, sender, recipient, startTime, stopTime, ratePerSecond, deposit, withdrawn, halted};
    },

    async getStreams(ids) {
      const unique = [...new Set(ids)];
      return read('streams (batch)', async () => {
        // Raw requests, issued in the same tick: the batching transport sends them as one JSON-RPC array.
        const block = batchClient.request({method: 'eth_getBlockByNumber', params: ['latest', false]});
        const results = unique.map((streamId) =>
          batchClient.request({
            method: 'eth_call',
            params: [{to: contractAddress, data: encodeFunctionData({abi: streamPaymentAbi, functionName: 'streams', args: [streamId]})}, 'latest'],
          }),
        );
        const [latest, ...returned] = await Promise.all([block, ...results]);
        if (!latest || typeof latest !== 'object' || !('timestamp' in latest)) {
          throw new ChainError({shortMessage: `The RPC endpoint ${rpcUrl} returned no latest block.`});
        }
        const streams = new Map<bigint, OnChainStream>();
        unique.forEach((streamId, index) => {
          const [token, sender, recipient, startTime, stopTime, ratePerSecond, deposit, withdrawn, halted] = decodeFunctionResult({
            abi: streamPaymentAbi,
            functionName: 'streams',
            data: returned[index] as Hex,
          });
          streams.set(streamId, {token, sender, recipient, startTime, stopTime, ratePerSecond, deposit, withdrawn, halted});
        });
        return {blockTimestamp: hexToBigInt(latest.timestamp as Hex), streams};
      });
    },

    estimateMaxGasCostWei,

    async getTokenInfo(token) {
      return read('symbol/decimals', async () => {
        const [symbol, decimals] = await Promise.all([
          publicClient.readContract({address: token, abi: erc20Abi, functionName: 'symbol'}),
          publicClient.readContract({address: token, abi: erc20Abi, functionName: 'decimals'}),
        ]);
        return {address: token, symbol, decimals};
      });
    },

    getTokenBalance: (token, address) =>
      read('balanceOf', () =>
        publicClient.readContract({address: token, abi: erc20Abi, functionName: 'balanceOf', args: [address ?? account.address]}),
      ),

    getAllowance: readAllowance,

    async createStream({recipient, depositWei, ratePerSecondWei, token = zeroAddress, onSent, onApprovalSent}) {
      const isNative = isAddressEqual(token, zeroAddress);
      const {hash, receipt, approvalTxHash} = await send(
        async () => ({
          call: {
            abi: streamPaymentAbi,
            to: contractAddress,
            functionName: 'createStream',
            args: [token, recipient, depositWei, ratePerSecondWei],
            // ERC20 mode sends no ETH: the contract would keep it (reference §7.2).
            value: isNative ? depositWei : 0n,
          },
          allowance: isNative ? null : {token, amount: depositWei, onApprovalSent},
        }),
        onSent,
      );
      return {streamId: requireEvent(receipt, 'StreamCreated').args.streamId, txHash: hash, approvalTxHash};
    },

    async getCreatedStreamId(hash) {
      const receipt = await readReceipt(hash);
      if (receipt?.status !== 'success') return null;
      return findContractEvent(receipt.logs, contractAddress, 'StreamCreated')?.args.streamId ?? null;
    },

    async topUp({streamId, amountWei, onSent, onApprovalSent}) {
      // The stream's own token decides the mode, read under the lock right before sending.
      const {hash, receipt, approvalTxHash} = await send(async () => {
        const [token] = await read('streams', () => publicClient.readContract({...contract, functionName: 'streams', args: [streamId]}));
        const isNative = isAddressEqual(token, zeroAddress);
        return {
          call: {abi: streamPaymentAbi, to: contractAddress, functionName: 'topUp', args: [streamId, amountWei], value: isNative ? amountWei : 0n},
          allowance: isNative ? null : {token, amount: amountWei, onApprovalSent},
        };
      }, onSent);
      return {txHash: hash, newStopTime: requireEvent(receipt, 'ToppedUp').args.newStopTime, approvalTxHash};
    },

    async terminate({streamId, onSent}) {
      const {hash, receipt} = await send(
        async () => ({call: {abi: streamPaymentAbi, to: contractAddress, functionName: 'terminate', args: [streamId], value: 0n}, allowance: null}),
        onSent,
      );
      const {senderRefund, recipientPayout} = requireEvent(receipt, 'Terminated').args;
      return {txHash: hash, refundWei: senderRefund, payoutWei: recipientPayout};
    },

    getTransactionState,
  };
}

/** True when `error` is, or wraps, a viem error of class `type`. */
function isViemError(error: unknown, type: abstract new (...args: never[]) => unknown): boolean {
  return error instanceof BaseError && Boolean(error.walk((e) => e instanceof type));
}
