/**
 * The StreamPayment adapter: typed reads and safe writes against the contract of reference §7, signing with the
 * requestor's local key. Implements `StreamPaymentClient` (services/ports.ts).
 */
import {
  BaseError,
  erc20Abi,
  isAddressEqual,
  zeroAddress,
  encodeFunctionData,
  keccak256,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  InsufficientFundsError as ViemInsufficientFundsError,
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
import type {OnTransactionSent, OnTransactionSigned, StreamPaymentClient} from '../../services/ports.js';
import type {OnChainStream} from '../../services/types.js';
import {createChainClients, describeChainId, parseRpcUrls} from './clients.js';
import {findContractEvent, type StreamPaymentEvent, type StreamPaymentEventName} from './contract-events.js';
import {mapChainError} from './errors.js';
import {feePerGasOf, readFeeCap, type FeeCap} from './fees.js';
import {createJsonRpcBatcher} from './json-rpc-batch.js';
import {readStreams} from './read-streams.js';
import {createStreamEventReader, DEFAULT_MAX_LOG_BLOCK_RANGE} from './stream-events.js';
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
  /** Receipt polling interval: about the chain's block time (receipts cannot come faster). @default 1_000 */
  readonly pollingIntervalMs?: number | undefined;
  /** Timeout of one RPC request. @default 10_000 */
  readonly requestTimeoutMs?: number | undefined;
  /**
   * Most JSON-RPC calls per batch request: bulk reads (`getStreams`) and the reads every method issues together
   * (chain check, fees, nonce, simulation: one HTTP request each time, issue 16). @default 20
   */
  readonly rpcBatchSize?: number | undefined;
  /** Widest block range of one `eth_getLogs` (the event scan splits further when refused). @default 10_000n */
  readonly maxLogBlockRange?: bigint | undefined;
};

/** Who hears of a transaction before and after its broadcast. */
type SendHooks = {onSigned?: OnTransactionSigned | undefined; onSent?: OnTransactionSent | undefined};

/** A call whose value is fixed, or (`'max'` amounts) built once the balance and the fee cap are known under the lock. */
type CallSource = WriteCall | {spendAll: (amountWei: bigint) => WriteCall};

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
  pollingIntervalMs = 1000,
  requestTimeoutMs,
  rpcBatchSize = 20,
  maxLogBlockRange = DEFAULT_MAX_LOG_BLOCK_RANGE,
}: CreateStreamPaymentClientParameters): StreamPaymentClient {
  const {publicClient, walletClient, account} = createChainClients({
    rpcUrl,
    chainId,
    privateKey,
    pollingIntervalMs,
    timeoutMs: requestTimeoutMs,
    batchSize: rpcBatchSize,
  });
  const contract = {address: contractAddress, abi: streamPaymentAbi} as const;
  // Bulk reads (streams, logs) of one tick share requests of at most `rpcBatchSize` calls (json-rpc-batch.ts).
  const readBatch = createJsonRpcBatcher({urls: parseRpcUrls(rpcUrl), batchSize: rpcBatchSize, timeoutMs: requestTimeoutMs});
  const eventReader = createStreamEventReader({publicClient, contractAddress, maxBlockRange: maxLogBlockRange, url: rpcUrl});

  /** Runs a read and maps whatever it throws. */
  async function read<T>(functionName: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw mapChainError(error, functionName, {url: rpcUrl});
    }
  }

  /**
   * Asks `eth_chainId` and `eth_getCode(contract)` together (one batch) and throws `ChainError` when either is wrong.
   * Not cached: every send runs it in the same batch as its other reads, so it costs no round trip of its own.
   */
  async function checkChain(): Promise<void> {
    const [chainAnswer, codeAnswer] = await Promise.allSettled([
      read('eth_chainId', () => publicClient.getChainId()),
      read('eth_getCode', () => publicClient.getCode({address: contractAddress})),
    ]);
    if (chainAnswer.status === 'rejected') throw chainAnswer.reason;
    const actual = chainAnswer.value;
    if (actual !== chainId) {
      throw new ChainError({
        shortMessage: `The RPC endpoint ${rpcUrl} serves chain ${describeChainId(actual)}, but the payments profile expects chain ${describeChainId(chainId)}. Nothing was signed.`,
        hint: 'Point the RPC URL at the expected network, or choose the payments network that matches it (GOLEM_REQUESTOR_PAYMENTS_NETWORK).',
      });
    }
    if (codeAnswer.status === 'rejected') throw codeAnswer.reason;
    const code = codeAnswer.value;
    if (!code || code === '0x') {
      throw new ChainError({
        shortMessage: `No contract is deployed at ${contractAddress} on chain ${describeChainId(chainId)}. Nothing was signed.`,
        hint: 'Check GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS or the deployments file; for the devnet, run `golem devnet up` again.',
      });
    }
  }

  let verified: Promise<void> | undefined;
  /**
   * The chain check of reads (`StreamPaymentClient.verifyChain`): once per client (process), in one batch with block
   * 0's hash (primes `getGenesisHash`); a failed check is asked again next time. Sends re-check in their own batch.
   */
  function verifyChain(): Promise<void> {
    verified ??= Promise.all([checkChain(), getGenesisHash().catch(() => undefined)])
      .then(() => undefined)
      .catch((error: unknown) => {
        verified = undefined;
        throw error;
      });
    return verified;
  }

  /**
   * The fee fields a send signs now (base fee × 1.2 + priority fee, `fees.ts`), in one round trip. One function for
   * the quote and the send, so "Spendable" is computed with the fee cap actually sent (issue 11 item 7).
   */
  async function feeCap(): Promise<FeeCap> {
    return read('estimateFeesPerGas', () => readFeeCap(publicClient));
  }

  async function estimateMaxGasCostWei(): Promise<bigint> {
    return SAFE_GAS_LIMIT * feePerGasOf(await feeCap());
  }

  let genesisHash: Promise<Hex> | undefined;
  function getGenesisHash(): Promise<Hex> {
    genesisHash ??= read('eth_getBlockByNumber', async () => {
      const block = await publicClient.getBlock({blockNumber: 0n});
      if (!block.hash) throw new ChainError({shortMessage: `The RPC endpoint ${rpcUrl} returned block 0 without a hash.`});
      return block.hash;
    }).catch((error: unknown) => {
      genesisHash = undefined;
      throw error;
    });
    return genesisHash;
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
    // Receipt and transaction asked together (one batch): one round trip in the common cases.
    const [minedAnswer, transactionAnswer] = await Promise.allSettled([
      receiptState(hash),
      read('eth_getTransactionByHash', () =>
        publicClient.getTransaction({hash}).catch((error: unknown) => {
          if (isViemError(error, TransactionNotFoundError)) return null;
          throw error;
        }),
      ),
    ]);
    if (minedAnswer.status === 'rejected') throw minedAnswer.reason;
    if (minedAnswer.value) return minedAnswer.value;
    if (transactionAnswer.status === 'rejected') throw transactionAnswer.reason;
    const transaction = transactionAnswer.value;
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
    prepare: () => Promise<{call: CallSource; allowance: Allowance}>,
    hooks: SendHooks,
  ): Promise<{hash: Hex; receipt: TransactionReceipt; approvalTxHash: Hex | null; valueWei: bigint}> {
    return withWalletLock(lockPath, async (assertLockHeld) => {
      // The chain is checked afresh in the batch of each transaction's reads (sendLocked); here only the cached
      // check, so a wrong chain fails before `prepare` reads anything.
      await verifyChain();
      const {call, allowance} = await prepare();
      const approvalTxHash = allowance ? await ensureAllowance(allowance, assertLockHeld) : null;
      const {hash, receipt, valueWei} = await sendLocked(call, hooks, assertLockHeld);
      return {hash, receipt, approvalTxHash, valueWei};
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
      {onSent: onApprovalSent},
      assertLockHeld,
    );
    return hash;
  }

  async function readAllowance(token: Address): Promise<bigint> {
    return read('allowance', () =>
      publicClient.readContract({address: token, abi: erc20Abi, functionName: 'allowance', args: [account.address, contractAddress]}),
    );
  }

  /**
   * Simulates, signs with the next `pending` nonce and the fee cap of `feeCap`, hands the signed transaction to
   * `onSigned` (stored before it leaves, issue 11 item 1), broadcasts, reports the hash to `onSent` and waits for a
   * successful receipt. A `spendAll` call deposits the balance less gas limit × fee cap: exactly what the node lets
   * this transaction carry.
   */
  async function sendLocked(
    source: CallSource,
    {onSigned, onSent}: SendHooks,
    assertLockHeld: () => void,
  ): Promise<{hash: Hex; receipt: TransactionReceipt; valueWei: bigint}> {
    // One round trip for everything the signature needs (issue 16): a fresh chain check, the fee cap, the
    // `pending` nonce and — when the value is fixed — the simulation and the gas estimate, all in one batch.
    // Nothing is signed unless the chain check passed; the other answers are only used after it.
    let call: WriteCall | null = 'spendAll' in source ? null : source;
    const [chainAnswer, feesAnswer, nonceAnswer, balanceAnswer, gasAnswer] = await Promise.allSettled([
      checkChain(),
      feeCap(),
      read('eth_getTransactionCount', () => publicClient.getTransactionCount({address: account.address, blockTag: 'pending'})),
      'spendAll' in source ? read('eth_getBalance', () => publicClient.getBalance({address: account.address})) : Promise.resolve(0n),
      call ? simulateAndEstimate(call) : Promise.resolve(0n),
    ]);
    if (chainAnswer.status === 'rejected') throw chainAnswer.reason;
    if (feesAnswer.status === 'rejected') throw feesAnswer.reason;
    if (balanceAnswer.status === 'rejected') throw balanceAnswer.reason;
    const fees = feesAnswer.value;
    const feePerGas = feePerGasOf(fees);
    const balanceWei = balanceAnswer.value;
    let gas: bigint;
    if ('spendAll' in source) {
      // The value depends on the balance and the fee cap: simulated in a second round trip.
      call = source.spendAll(spendableOf(balanceWei, SAFE_GAS_LIMIT * feePerGas, 'the deposit'));
      gas = await simulateAndEstimate(call);
    } else {
      if (gasAnswer.status === 'rejected') throw gasAnswer.reason;
      gas = gasAnswer.value;
    }
    if (!call) throw new ChainError({shortMessage: 'No transaction was built.'});
    const {functionName} = call;

    // The estimate is taken against the latest block; by the time the transaction is mined, time has moved and
    // the path can cost more (terminate pays the provider only once something has vested, an extra ETH transfer
    // that out-of-gassed here). So: 20 % headroom, and never below the limit the balance check already assumes
    // (unused gas is not charged).
    const headroom = gas + gas / 5n;
    const gasLimit = headroom > SAFE_GAS_LIMIT ? headroom : SAFE_GAS_LIMIT;
    if ('spendAll' in source && gasLimit > SAFE_GAS_LIMIT) call = source.spendAll(spendableOf(balanceWei, gasLimit * feePerGas, 'the deposit'));

    let serializedTransaction: Hex;
    let nonce: number;
    try {
      if (nonceAnswer.status === 'rejected') throw nonceAnswer.reason;
      nonce = nonceAnswer.value;
      const data = encodeFunctionData({abi: call.abi as Abi, functionName, args: call.args} as EncodeFunctionDataParameters);
      // Signed locally with every field set: no `eth_fillTransaction`/`eth_chainId` round trips (the chain id was
      // just checked against the profile's).
      const base = {chainId, to: call.to, data, value: call.value, nonce, gas: gasLimit};
      serializedTransaction = await account.signTransaction(
        'gasPrice' in fees ? {...base, type: 'legacy', gasPrice: fees.gasPrice} : {...base, type: 'eip1559', ...fees},
      );
    } catch (error) {
      throw await mapWriteError(error, call);
    }

    const hash = keccak256(serializedTransaction);
    // Stored before it leaves: a process killed while the broadcast is in flight leaves the hash and the raw
    // transaction for reconcile, which settles it by hash (issue 11 item 1). A failure to store sends nothing.
    onSigned?.({hash, rawTransaction: serializedTransaction, nonce});
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

    const receipt = await waitForReceipt(hash, functionName);
    if (receipt.status !== 'success') {
      throw new ContractRevertedError({
        functionName,
        reason: `transaction ${hash} was mined in block ${receipt.blockNumber} but reverted`,
        hint: 'Read the stream again to see its current state before retrying.',
      });
    }
    return {hash, receipt, valueWei: call.value};
  }

  /**
   * `simulateContract` (decoded revert reason, nothing signed) and `estimateContractGas` of `call`, issued together
   * (one batch). The estimate skips viem's request preparation (`eth_fillTransaction`): it needs none. Returns the gas
   * estimate; throws the mapped error (`ContractRevertedError`, `InsufficientFundsError`, …).
   */
  async function simulateAndEstimate(call: WriteCall): Promise<bigint> {
    // The union of calls is checked against the ABI by `WriteCall`; viem's generics cannot follow a union.
    const parameters = {address: call.to, abi: call.abi as Abi, functionName: call.functionName, args: call.args, value: call.value, account} as unknown as SimulateContractParameters;
    try {
      const [, gas] = await Promise.all([
        publicClient.simulateContract(parameters),
        publicClient.estimateContractGas({...parameters, prepare: false} as unknown as EstimateContractGasParameters),
      ]);
      return gas;
    } catch (error) {
      throw await mapWriteError(error, call);
    }
  }

  /**
   * Polls `eth_getTransactionReceipt` for `hash` every `pollingIntervalMs` (about one block: a just-broadcast
   * transaction has no receipt before the next block, so the first poll waits one interval too) until it arrives or
   * `receiptTimeoutMs` passed, then throws `ChainError` saying the transaction may still be pending. One request per
   * poll, nothing else (viem's waiter also polls block numbers and the transaction).
   */
  async function waitForReceipt(hash: Hex, functionName: string): Promise<TransactionReceipt> {
    const deadline = Date.now() + receiptTimeoutMs;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(pollingIntervalMs, deadline - Date.now()))));
      const receipt = await readReceipt(hash);
      if (receipt) return receipt;
      if (Date.now() >= deadline) {
        throw new ChainError({
          shortMessage: `${functionName} transaction ${hash} was sent, but no receipt arrived within ${Math.round(receiptTimeoutMs / 1000)} s; it may still be pending.`,
          hint: 'Check its state by hash before paying again; do not resend blindly.',
        });
      }
    }
  }

  /** `balance − reserve`, or `InsufficientFundsError` naming both when nothing is left for `what`. */
  function spendableOf(balanceWei: bigint, reserveWei: bigint, what: string): bigint {
    if (balanceWei > reserveWei) return balanceWei - reserveWei;
    throw mapChainError(new ViemInsufficientFundsError(), `${what} (max)`, {url: rpcUrl, requiredWei: reserveWei + 1n, availableWei: balanceWei});
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

    getStreams: (ids, options) => readStreams({rpcUrl, read: readBatch, contractAddress, ids, blockNumber: options?.blockNumber}),

    async readStreamsAndEvents({blockNumber, ids, logsFromBlock}) {
      const withLogs = logsFromBlock !== null && logsFromBlock <= blockNumber;
      const {events, ...state} = await readStreams({
        rpcUrl,
        read: readBatch,
        contractAddress,
        ids,
        blockNumber,
        logs: withLogs ? {fromBlock: logsFromBlock, maxBlockRange: maxLogBlockRange} : undefined,
      });
      // A refused or failed log window: the whole range again through the reader that halves refused ranges.
      return {...state, events: !withLogs ? [] : (events ?? (await eventReader.getEvents(logsFromBlock, blockNumber)))};
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

    async createStream({recipient, depositWei, ratePerSecondWei, token = zeroAddress, onSigned, onSent, onApprovalSent}) {
      const isNative = isAddressEqual(token, zeroAddress);
      if (depositWei === 'max' && !isNative) throw new ChainError({shortMessage: 'A "max" deposit is for native ETH streams only; give an amount of the token.'});
      const build = (amount: bigint): WriteCall => ({
        abi: streamPaymentAbi,
        to: contractAddress,
        functionName: 'createStream',
        args: [token, recipient, amount, ratePerSecondWei],
        // ERC20 mode sends no ETH: the contract would keep it (reference §7.2).
        value: isNative ? amount : 0n,
      });
      const {hash, receipt, approvalTxHash} = await send(
        async () => ({
          call: depositWei === 'max' ? {spendAll: build} : build(depositWei),
          allowance: isNative || depositWei === 'max' ? null : {token, amount: depositWei, onApprovalSent},
        }),
        {onSigned, onSent},
      );
      const created = requireEvent(receipt, 'StreamCreated').args;
      return {streamId: created.streamId, txHash: hash, depositWei: created.deposit, approvalTxHash};
    },

    async getCreatedStreamId(hash) {
      const receipt = await readReceipt(hash);
      if (receipt?.status !== 'success') return null;
      return findContractEvent(receipt.logs, contractAddress, 'StreamCreated')?.args.streamId ?? null;
    },

    async topUp({streamId, amountWei, onSigned, onSent, onApprovalSent}) {
      // The stream's own token decides the mode, read under the lock right before sending.
      const {hash, receipt, approvalTxHash} = await send(async () => {
        const [token] = await read('streams', () => publicClient.readContract({...contract, functionName: 'streams', args: [streamId]}));
        const isNative = isAddressEqual(token, zeroAddress);
        if (amountWei === 'max' && !isNative) throw new ChainError({shortMessage: 'A "max" top-up is for native ETH streams only; give an amount of the token.'});
        const build = (amount: bigint): WriteCall => ({abi: streamPaymentAbi, to: contractAddress, functionName: 'topUp', args: [streamId, amount], value: isNative ? amount : 0n});
        return {
          call: amountWei === 'max' ? {spendAll: build} : build(amountWei),
          allowance: isNative || amountWei === 'max' ? null : {token, amount: amountWei, onApprovalSent},
        };
      }, {onSigned, onSent});
      const toppedUp = requireEvent(receipt, 'ToppedUp').args;
      return {txHash: hash, amountWei: toppedUp.amount, newStopTime: toppedUp.newStopTime, approvalTxHash};
    },

    async terminate({streamId, onSigned, onSent}) {
      const {hash, receipt} = await send(
        async () => ({call: {abi: streamPaymentAbi, to: contractAddress, functionName: 'terminate', args: [streamId], value: 0n}, allowance: null}),
        {onSigned, onSent},
      );
      const {senderRefund, recipientPayout} = requireEvent(receipt, 'Terminated').args;
      return {txHash: hash, refundWei: senderRefund, payoutWei: recipientPayout};
    },

    getTransactionState,

    getGenesisHash,

    getLatestNonce: () => read('eth_getTransactionCount', () => publicClient.getTransactionCount({address: account.address, blockTag: 'latest'})),

    async rebroadcast(rawTransaction) {
      const hash = keccak256(rawTransaction);
      return withWalletLock(lockPath, async (assertLockHeld) => {
        await verifyChain();
        assertLockHeld();
        try {
          await walletClient.sendRawTransaction({serializedTransaction: rawTransaction});
        } catch (error) {
          // "already known" and friends: the node has it, which is all a rebroadcast wants.
          const state = await getTransactionState(hash).catch(() => 'unknown' as const);
          if (state === 'unknown') throw mapChainError(error, 'eth_sendRawTransaction', {url: rpcUrl});
        }
        return hash;
      });
    },

    events: eventReader,
  };
}

/** True when `error` is, or wraps, a viem error of class `type`. */
function isViemError(error: unknown, type: abstract new (...args: never[]) => unknown): boolean {
  return error instanceof BaseError && Boolean(error.walk((e) => e instanceof type));
}
