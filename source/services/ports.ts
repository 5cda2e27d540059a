/**
 * The interfaces services use to reach the world. Adapters under `source/adapters/` implement them; tests
 * build them against real local parts (anvil, loopback HTTP/SSH servers, SQLite files).
 */
import type {Address, Hex} from 'viem';
import type {
  FundingHolder,
  FundingStatus,
  OnChainStream,
  ProviderAdvert,
  ProviderInfo,
  Resources,
  StreamRecord,
  Vm,
  VmStatus,
} from './types.js';

/** An ERC20 stream token: its address, `symbol()` and `decimals()` (reference §6.7, §7.3). */
export type StreamToken = {readonly address: Address; readonly symbol: string; readonly decimals: number};

// ── chain ──────────────────────────────────────────────────────────────────────────────────────────────

/** Called with a transaction's hash as soon as it is broadcast, before its receipt is awaited (case-22). */
export type OnTransactionSent = (hash: Hex) => void;

/**
 * Called with a signed transaction before it is broadcast, under the wallet lock (issue 11 item 1): the caller stores
 * it durably; if this throws, nothing is broadcast.
 */
export type OnTransactionSigned = (signed: SignedTransaction) => void;

/**
 * StreamPayment on one chain, signing with the requestor's wallet (reference §7). Writes take a cross-process
 * wallet lock, use `pending` nonces, check receipt status and decode revert reasons into
 * `ContractRevertedError`. Every method may throw `RpcUnavailableError` or `ChainError`.
 */
export type StreamPaymentClient = {
  readonly chainId: number;
  readonly contractAddress: Address;
  readonly walletAddress: Address;
  /** Checks `eth_chainId` equals `chainId` and that the contract has code; throws `ChainError` naming both ids. */
  verifyChain(): Promise<void>;
  /** Balance of `address` (default: the wallet) in wei. */
  getBalance(address?: Address): Promise<bigint>;
  /** Timestamp of the latest block, unix seconds. */
  getBlockTimestamp(): Promise<bigint>;
  /** `streams(streamId)`; unknown ids read as all zeros (recipient zero). */
  getStream(streamId: bigint): Promise<OnChainStream>;
  /**
   * `streams(id)` for every id at the latest block, plus that block's timestamp (unix seconds), in JSON-RPC batches
   * of the profile's batch size (anvil has no Multicall3); a batch the endpoint refuses is split down to single
   * calls. Unknown ids read as all zeros; duplicate ids are read once. A stream that could not be read is missing
   * from `streams` and has a one-line reason in `errors` (issue 11 item 8). Throws `RpcUnavailableError`/`ChainError`
   * only when the block itself cannot be read.
   */
  getStreams(
    ids: readonly bigint[],
    /** `blockNumber`: read at that block, in one round trip with the block (calls issued in the same tick share it). */
    options?: {readonly blockNumber?: bigint | undefined},
  ): Promise<{blockTimestamp: bigint; streams: Map<bigint, OnChainStream>; errors: Map<bigint, string>}>;
  /**
   * `getStreams(ids, {blockNumber})` and the contract's events from `logsFromBlock` to `blockNumber` (none when
   * `logsFromBlock` is null or past it), in one round trip within the batch size (issue 16): the event scan and the
   * stream reads of `stream list` and `wallet` share it. Log windows the endpoint refuses are read again the
   * `events.getEvents` way (halving ranges). Throws as `getStreams` and `events.getEvents`.
   */
  readStreamsAndEvents(parameters: {
    readonly blockNumber: bigint;
    readonly ids: readonly bigint[];
    readonly logsFromBlock: bigint | null;
  }): Promise<{blockTimestamp: bigint; streams: Map<bigint, OnChainStream>; errors: Map<bigint, string>; events: StreamEvent[]}>;
  /**
   * Upper bound for the gas cost (wei) of one createStream/topUp/terminate at current fees: the gas limit every send
   * uses (`SAFE_GAS_LIMIT`) × the `maxFeePerGas` a send signs now — the fee cap the node reserves from the balance.
   */
  estimateMaxGasCostWei(): Promise<bigint>;
  /** ERC20 `symbol()` and `decimals()` of `token` (reference §7.3 helper selectors). */
  getTokenInfo(token: Address): Promise<StreamToken>;
  /** ERC20 `balanceOf(address)` of `token` (default: the wallet), in the token's smallest unit. */
  getTokenBalance(token: Address, address?: Address): Promise<bigint>;
  /** ERC20 `allowance(wallet, contract)` of `token`: what the contract may still pull, smallest unit. */
  getAllowance(token: Address): Promise<bigint>;
  /**
   * `createStream(token, recipient, deposit, rate)` (reference §6.7). Native mode (`token` omitted or zero): `value =
   * deposit`. ERC20 mode: under the same wallet lock, reads the allowance and, when below the deposit, first sends
   * `approve(contract, deposit)` (exact amount; `onApprovalSent` hears its hash) and waits for it; then sends with
   * value 0. Amounts in the token's smallest unit (wei for ETH). Id from the StreamCreated log (every log scanned).
   */
  createStream(parameters: {
    recipient: Address;
    /** `'max'`: native mode only, the whole balance less the fee cap of this very transaction (issue 11 item 7). */
    depositWei: bigint | 'max';
    ratePerSecondWei: bigint;
    token?: Address | undefined;
    onSigned?: OnTransactionSigned;
    onSent?: OnTransactionSent;
    onApprovalSent?: OnTransactionSent;
  }): Promise<{streamId: bigint; txHash: Hex; depositWei: bigint; approvalTxHash?: Hex | null}>;
  /**
   * `topUp(streamId, amount)`; the stream's own token decides the mode: native `value = amount`, ERC20 approve (when
   * the allowance is short) then value 0, as `createStream`. Returns the new stopTime from the ToppedUp event.
   */
  topUp(parameters: {
    streamId: bigint;
    /** `'max'`: native mode only, the whole balance less the fee cap of this very transaction (issue 11 item 7). */
    amountWei: bigint | 'max';
    onSigned?: OnTransactionSigned;
    onSent?: OnTransactionSent;
    onApprovalSent?: OnTransactionSent;
  }): Promise<{
    txHash: Hex;
    amountWei: bigint;
    newStopTime: bigint;
    approvalTxHash?: Hex | null;
  }>;
  /** `terminate(streamId)`; returns the refund to the sender and payout to the recipient from the Terminated event. */
  terminate(parameters: {streamId: bigint; onSigned?: OnTransactionSigned; onSent?: OnTransactionSent}): Promise<{
    txHash: Hex;
    refundWei: bigint;
    payoutWei: bigint;
  }>;
  /** Block 0's hash (cached per process): tells a restarted devnet from the chain it replaced (issue 11 item 6). */
  getGenesisHash(): Promise<Hex>;
  /** The wallet's `latest` transaction count: every nonce below it is used by a mined transaction. */
  getLatestNonce(): Promise<number>;
  /**
   * Sends a stored signed transaction again (`eth_sendRawTransaction`), under the wallet lock. Resolves when the node
   * took it or already knows it; throws `ChainError`/`RpcUnavailableError` otherwise (e.g. its nonce is used).
   */
  rebroadcast(rawTransaction: Hex): Promise<Hex>;
  /** The contract's event history, in ranges the endpoint accepts (issue 11 item 3). */
  readonly events: StreamEventReader;
  /** The id of the stream a successful createStream transaction opened (StreamCreated log), or null. */
  getCreatedStreamId(hash: Hex): Promise<bigint | null>;
  /** State of a transaction sent earlier: mined with success, reverted, still pending, or unknown to the node. */
  getTransactionState(hash: Hex): Promise<'success' | 'reverted' | 'pending' | 'unknown'>;
};

/** Where and when a StreamPayment event was emitted: block, transaction and position in the block. */
export type StreamEventOrigin = {readonly blockNumber: bigint; readonly txHash: Hex; readonly logIndex: number};

/**
 * A decoded StreamPayment event (reference §7.3; `contracts/StreamPayment.sol`), amounts in wei (or the stream token's
 * smallest unit). The shape a ledger of every wei reads: one entry per log, in chain order.
 */
export type StreamEvent = StreamEventOrigin &
  (
    | {
        readonly kind: 'StreamCreated';
        readonly streamId: bigint;
        readonly sender: Address;
        readonly recipient: Address;
        readonly token: Address;
        readonly depositWei: bigint;
        readonly ratePerSecondWei: bigint;
        readonly startTime: bigint;
        readonly stopTime: bigint;
      }
    | {readonly kind: 'ToppedUp'; readonly streamId: bigint; readonly amountWei: bigint; readonly newStopTime: bigint}
    | {readonly kind: 'Terminated'; readonly streamId: bigint; readonly senderRefundWei: bigint; readonly recipientPayoutWei: bigint}
    | {readonly kind: 'Withdraw'; readonly streamId: bigint; readonly recipient: Address; readonly amountWei: bigint}
    | {readonly kind: 'Halted'; readonly streamId: bigint}
  );

/**
 * Reads the StreamPayment contract's event history (issue 11 item 3). `eth_getLogs` goes out in block ranges of at
 * most the configured size, and a range the endpoint refuses ("range too large", "too many results", "limit
 * exceeded") is split in two until it passes. Throws `RpcUnavailableError`/`ChainError`.
 */
export type StreamEventReader = {
  /** The latest block number. */
  getLatestBlock(): Promise<bigint>;
  /** Every StreamPayment event in blocks `fromBlock..toBlock` (inclusive), in chain order (block, log index). */
  getEvents(fromBlock: bigint, toBlock: bigint): Promise<StreamEvent[]>;
  /** The block the contract was deployed in (a 16-way search over `eth_getCode`, one batch per round); 0 when the node has no history. */
  findDeploymentBlock(): Promise<bigint>;
  /** The StreamPayment events of one mined transaction, or null while it has no receipt (or it reverted). */
  getTransactionEvents(hash: Hex): Promise<StreamEvent[] | null>;
};

// ── provider REST API (reference §4) ────────────────────────────────────────────────────────────────────

/** `GET /vms/{name}` normalised. */
export type ProviderVm = {
  readonly name: string;
  readonly status: VmStatus;
  readonly resources: Resources;
  readonly sshPort: number | null;
};

/** `GET /vms/{name}/access`: not ready (202) or ready (200 with a port). */
export type ProviderAccess =
  | {readonly isReady: false}
  | {readonly isReady: true; readonly sshHost: string; readonly sshPort: number};

/** `GET /vms/jobs/{id}` normalised. */
export type ProviderJob = {readonly status: 'creating' | 'ready' | 'failed'; readonly error: string | null};

/** `GET /vms/{name}/stream` (reference §4.9), wei as bigint. */
export type ProviderStreamStatus = {
  readonly streamId: bigint;
  readonly chain: OnChainStream;
  readonly computed: {now: bigint; remainingSeconds: bigint; vestedWei: bigint; withdrawableWei: bigint};
  readonly isVerified: boolean;
  readonly reason: string;
};

/**
 * Client for one provider's HTTP API at `http://<host>:<port>/api/v1`. Responses are zod-checked; every call
 * has a timeout. Failures throw `ProviderError` with the provider's `detail` text and HTTP status.
 */
export type ProviderApi = {
  readonly baseUrl: string;
  getInfo(signal?: AbortSignal): Promise<ProviderInfo>;
  /** `POST /vms?async=true`; resolves when the provider accepted the job (202). */
  createVm(parameters: {name: string; resources: Resources; sshKey: string; streamId: bigint}): Promise<{
    jobId: string;
    vmId: string;
  }>;
  getJob(jobId: string): Promise<ProviderJob>;
  /** `GET /vms/{name}`; `signal` aborts it (a deadline) with `CancelledError`. */
  getVm(name: string, signal?: AbortSignal): Promise<ProviderVm>;
  /**
   * `GET /vms`: every VM the provider runs (every tenant's, reference §4.5), one request for all of ours. Throws
   * `ProviderError` (status 404/405 when the provider has no such route), `CancelledError` when `signal` aborts.
   */
  listVms(signal?: AbortSignal): Promise<ProviderVm[]>;
  /**
   * Whether the provider has `POST /vms/{name}/start`, learned without starting anything: a GET on it answers 405
   * (route exists, POST only) or 404 "Not Found" (no route, as on upstream providers, reference §4.7).
   */
  hasStartRoute(name: string): Promise<boolean>;
  getAccess(name: string): Promise<ProviderAccess>;
  stopVm(name: string): Promise<ProviderVm>;
  /** `POST /vms/{name}/start`, with `{stream_id}` when a new stream funds the restarted VM (our extension). */
  startVm(name: string, streamId?: bigint): Promise<ProviderVm>;
  /** `DELETE /vms/{name}`; an unknown name is not an error (the provider answers 200 `null`). */
  deleteVm(name: string): Promise<void>;
  getStream(name: string): Promise<ProviderStreamStatus>;
};

/** Builds a `ProviderApi` for the provider at `host:port`; `providerId` is used in error messages. */
export type ProviderApiFactory = (target: {providerId: string; host: string; port: number}) => ProviderApi;

// ── discovery ───────────────────────────────────────────────────────────────────────────────────────────

/** Minimums and exact matches sent to discovery (reference §5.1 query parameters). */
export type ProviderFilter = {
  readonly cpu?: number | undefined;
  readonly memory?: number | undefined;
  readonly storage?: number | undefined;
  readonly country?: string | undefined;
  readonly platform?: string | undefined;
  /**
   * `golem_network` value adverts must carry (reference §2.2 `network`, §2.8); undefined/null/empty: any. The
   * Golem Base driver queries it; central applies it client side to adverts that state a network.
   */
  readonly network?: string | null | undefined;
  /**
   * `golem_payments_network` value (reference §2.8); undefined/null/empty: any (`--all-payments`). Golem Base
   * queries it; central applies it client side to adverts that state one.
   */
  readonly paymentsNetwork?: string | null | undefined;
};

/** A discovery driver. Throws `DiscoveryError`. Adverts are sanitised, deduplicated by provider id. */
export type DiscoveryClient = {
  readonly url: string;
  findProviders(filter: ProviderFilter, signal?: AbortSignal): Promise<ProviderAdvert[]>;
};

// ── prices ──────────────────────────────────────────────────────────────────────────────────────────────

/** Source of the ETH/USD price as fixed18 USD per ETH. Throws `AppError` (code PROVIDER/CONFIG) on failure. */
export type EthUsdPriceSource = {getEthUsd(signal?: AbortSignal): Promise<bigint>};

/** Source of an ERC20 stream token's price (GLM/USD) as fixed18 USD per whole token. Throws like `EthUsdPriceSource`. */
export type TokenUsdPriceSource = {getTokenUsd(signal?: AbortSignal): Promise<bigint>};

// ── ssh ─────────────────────────────────────────────────────────────────────────────────────────────────

/** A key pair checked to be usable: the private key loads and derives exactly `publicKey` (case-05, case-15). */
export type SshKeyPair = {
  readonly privateKeyPath: string;
  /** OpenSSH public key line, e.g. `ssh-ed25519 AAAA… golem`. */
  readonly publicKey: string;
  /** Private key file content as ssh2 takes it. */
  readonly privateKey: Buffer;
  readonly passphrase?: string | undefined;
  /**
   * ssh-agent socket (`SSH_AUTH_SOCK`) that holds this key, for an encrypted key file without a passphrase: ssh2
   * signs through the agent (its `agent` option) and `privateKey` is empty.
   */
  readonly agentSocket?: string | undefined;
  /** One line naming the key file used and what it is (case-05: the user sees which key a VM trusts). */
  readonly description: string;
  /** Permission problems found (and, for golem's own key, fixed); one sentence each (case-30). */
  readonly warnings: readonly string[];
};

/**
 * Where and as whom to connect. `hostKeyAlias` names the rental's pin in golem's known_hosts (issue 12: pins belong
 * to rentals, never to `host:port`, which providers re-use); it is what OpenSSH's `HostKeyAlias` option takes.
 */
export type SshTarget = {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly key: SshKeyPair;
  readonly hostKeyAlias: string;
  /** Ask the server to forward the local ssh-agent (`ssh -A`); off unless the user asks. @default false */
  readonly isAgentForwarded?: boolean | undefined;
};

/** A rental's pinned host key: its alias, OpenSSH fingerprint (`SHA256:…`), key type, and whether it was pinned now. */
export type HostKeyPin = {
  readonly hostKeyAlias: string;
  readonly fingerprint: string;
  readonly keyType: string;
  readonly isNew: boolean;
};

/** Terminal the interactive shell takes over; the adapter restores it on every exit path (case-11, case-19). */
export type ShellTerminal = {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
};

/** Which way an SFTP copy goes: this machine → VM (`upload`) or VM → this machine (`download`). */
export type CopyDirection = 'upload' | 'download';

/**
 * One `golem vm cp` (issue 12 item 3), scp's rules: a source directory needs `isRecursive`; a destination that is an
 * existing directory receives the source under its own base name, otherwise the destination is the new path.
 * Remote relative paths start in the login directory (`~/` is accepted and means the same).
 */
export type CopyRequest = {
  readonly direction: CopyDirection;
  readonly localPath: string;
  readonly remotePath: string;
  readonly isRecursive: boolean;
  /** Called as bytes move (at most every few hundred ms is enough for a progress bar). */
  readonly onProgress?: ((progress: CopyProgress) => void) | undefined;
  /** Aborting ends the transfer (`CancelledError`); files already copied stay. */
  readonly signal?: AbortSignal | undefined;
};

/** Progress of a copy: bytes and files done out of the totals planned before the first byte moved. */
export type CopyProgress = {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly filesDone: number;
  readonly filesTotal: number;
  /** The file being copied now (destination path). */
  readonly path: string;
};

/** What a copy did: regular files and directories written, bytes copied, where the source landed. */
export type CopySummary = {
  readonly files: number;
  readonly directories: number;
  readonly bytes: number;
  /** The path the source was written to (inside the destination directory when that existed). */
  readonly destination: string;
  /** Entries skipped (symlinks that point nowhere, special files), one sentence each. */
  readonly skipped: readonly string[];
};

/** One local port forward (`-L`): 127.0.0.1:`localPort` here → `remoteHost`:`remotePort` as seen from the VM. */
export type PortForwardSpec = {readonly localPort: number; readonly remoteHost: string; readonly remotePort: number};

/** What a running forward reports (issue 12 item 4): listening ports, the connection's ups and downs, tunnel errors. */
export type ForwardEvent =
  | {readonly type: 'listening'; readonly spec: PortForwardSpec; readonly localPort: number}
  | {readonly type: 'connected'; readonly host: string; readonly port: number}
  | {readonly type: 'connection-lost'; readonly message: string; readonly retryInMs: number}
  | {readonly type: 'tunnel-opened'; readonly spec: PortForwardSpec}
  | {readonly type: 'tunnel-failed'; readonly spec: PortForwardSpec; readonly message: string};

/** Runs `use` with a connectable target (the service's port-move and pin rules around it). */
export type WithTarget = <T>(use: (target: SshTarget) => Promise<T>) => Promise<T>;

/**
 * SSH sessions with trust-on-first-use host keys in a golem-owned known_hosts file. Throws `SshConnectError`,
 * `SshAuthError`, `HostKeyMismatchError`.
 */
export type SshClient = {
  /** Runs `command`, streaming its output into `stdout`/`stderr` and `stdin` (if given) into it; resolves with the remote exit code. */
  exec(
    target: SshTarget,
    command: string,
    output: {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin?: NodeJS.ReadableStream | undefined},
  ): Promise<{exitCode: number}>;
  /** Opens an interactive pty shell on `terminal` and resolves when it ends (exit, Ctrl-D, remote close). */
  shell(target: SshTarget, terminal: ShellTerminal): Promise<{exitCode: number}>;
  /**
   * Connects and authenticates once, pinning the host key under `target.hostKeyAlias` if the rental has no pin yet
   * (at create's "SSH reachable" step), and returns the pin. Throws like `exec`.
   */
  pinHostKey(target: SshTarget): Promise<HostKeyPin>;
  /**
   * Copies files or directory trees over SFTP (issue 12 item 3), keeping permission bits. Throws `InvalidInputError`
   * (missing source, a directory without `isRecursive`, permission denied), the connection errors of `exec`, and
   * `CancelledError` when the request's signal aborts.
   */
  copy(target: SshTarget, request: CopyRequest): Promise<CopySummary>;
  /**
   * Forwards each spec's 127.0.0.1 port to the VM until `signal` aborts; a dropped connection is re-opened through
   * `withTarget` with back-off while the listeners stay up. Resolves on abort. Throws `InvalidInputError` when a
   * local port cannot be bound, and the first connection's errors (auth, host key, refused) — later drops are retried.
   */
  forward(
    withTarget: WithTarget,
    specs: readonly PortForwardSpec[],
    options: {readonly signal: AbortSignal; readonly onEvent?: ((event: ForwardEvent) => void) | undefined},
  ): Promise<void>;
  /** Drops the rental's pin (on destroy). */
  forgetPin(hostKeyAlias: string): void;
  /** Copies a legacy `[host]:port` pin (written before per-rental pins) to `hostKeyAlias` when it has none. */
  adoptLegacyPin(hostKeyAlias: string, host: string, port: number): boolean;
  /**
   * True when an SSH server answers at `host:port` (its `SSH-` identification line arrives within the connect
   * timeout); nothing is authenticated. Never throws.
   */
  answers(host: string, port: number): Promise<boolean>;
};

/**
 * golem's OpenSSH config file (`<base>/ssh/config`), written only after the user asked once (`golem ssh-config
 * --write`). `write` replaces it atomically (0600); throws `StorageError`.
 */
export type SshConfigFile = {readonly path: string; exists(): boolean; write(text: string): void};

/** Finds or creates the requestor's SSH key pair. Throws `InvalidInputError` naming the key file and format. */
export type SshKeyStore = {resolveKeyPair(): Promise<SshKeyPair>};

// ── local database ──────────────────────────────────────────────────────────────────────────────────────

/** What a create/destroy/top-up is about to do, written before each remote side effect. */
export type Operation = {
  readonly id: number;
  readonly kind: 'create-stream' | 'create-vm' | 'top-up' | 'terminate' | 'delete-vm' | 'stop-vm' | 'start-vm';
  readonly vmName: string | null;
  readonly streamId: bigint | null;
  readonly txHash: Hex | null;
  /**
   * `started` (intent, nothing signed) → `signed` (hash, raw transaction and nonce stored; the broadcast may or may
   * not have reached the node) → `sent` (the node took it) → `done|failed`.
   */
  readonly status: 'started' | 'signed' | 'sent' | 'done' | 'failed';
  readonly detail: string | null;
  /** The signed, serialized transaction (0x hex), stored before broadcast so reconcile can rebroadcast it. */
  readonly rawTx?: Hex | null | undefined;
  /** The transaction's nonce: once the account's latest nonce passes it and the hash is not mined, it was never sent. */
  readonly nonce?: number | null | undefined;
  /** The chain the transaction was signed for (issue 11 item 6); null on rows written before chain binding. */
  readonly chain?: ChainBinding | null | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
};

/**
 * One chain's identity (issue 11 item 6): its id, the StreamPayment deployment, and its block-0 hash — a devnet
 * restarted with `golem devnet down && up` keeps id and contract address but is another chain.
 */
export type ChainBinding = {readonly chainId: number; readonly contractAddress: Address; readonly genesisHash: Hex};

/** A transaction signed and about to be broadcast: what is stored before `eth_sendRawTransaction` (issue 11 item 1). */
export type SignedTransaction = {readonly hash: Hex; readonly rawTransaction: Hex; readonly nonce: number};

/** Synchronous repositories over SQLite. Constraint failures throw `ConflictError`; others `StorageError`. */
export type Repositories = {
  readonly vms: {
    get(name: string): Vm | undefined;
    /** Throws `NotFoundError` (entity `VM`). */
    require(name: string): Vm;
    list(): Vm[];
    /** Inserts or replaces by name. */
    upsert(vm: Omit<Vm, 'createdAt' | 'updatedAt'>): Vm;
    update(name: string, patch: Partial<Omit<Vm, 'name' | 'createdAt' | 'updatedAt'>>): Vm;
    delete(name: string): void;
    /**
     * Claims `vm.name` for a create (issue 11 item 3): inserts the row unless a row of that name exists that is not
     * `deleted` (a deleted one is replaced). Returns false when the name is taken. Call it inside `transact` so the
     * check and the insert are one IMMEDIATE transaction (no other process can claim the name in between).
     */
    claim(vm: Omit<Vm, 'createdAt' | 'updatedAt'>): boolean;
  };
  readonly streams: {
    /** The newest row with this id whose chain has not vanished (status ≠ `vanished`), or undefined. */
    get(streamId: bigint): StreamRecord | undefined;
    /** Every row, every chain, oldest first. */
    list(): StreamRecord[];
    /** Inserts or replaces by (chain id, contract, genesis hash, stream id); `genesisHash`/`origin` default `''`/`golem`. */
    upsert(stream: Omit<StreamRecord, 'createdAt' | 'genesisHash' | 'origin'> & Partial<Pick<StreamRecord, 'genesisHash' | 'origin'>>): StreamRecord;
    /** Updates the rows with this id whose chain has not vanished; throws `NotFoundError` when there is none. */
    update(streamId: bigint, patch: Partial<Pick<StreamRecord, 'status' | 'depositWei' | 'vmName'>>): void;
    /**
     * Binds the rows of `binding`'s chain id and contract to its genesis hash: rows recorded before binding (genesis
     * `''`) for which `isStillThere` says yes are adopted, every other row of another genesis is marked `vanished`.
     * Returns the rows marked vanished now.
     */
    bindChain(binding: ChainBinding, isStillThere: (record: StreamRecord) => boolean): StreamRecord[];
  };
  readonly operations: {
    start(operation: Pick<Operation, 'kind' | 'vmName' | 'streamId' | 'detail'> & {chain?: ChainBinding | null}): Operation;
    update(id: number, patch: Partial<Pick<Operation, 'status' | 'txHash' | 'streamId' | 'detail' | 'rawTx' | 'nonce' | 'chain'>>): void;
    /** Operations not `done`/`failed`: what a crash left behind, for reconciliation. */
    listUnfinished(): Operation[];
    /** Operations of `kind` created at or after `sinceIso` (ISO-8601), oldest first (the monitor's spend cap). */
    listSince(kind: Operation['kind'], sinceIso: string): Operation[];
  };
  /** The ETH/USD price (fixed18) each stream golem opened was priced at, by its createStream hash (issue 15 ledger). */
  readonly streamPrices: {
    upsert(price: {createTxHash: Hex; streamId: bigint; ethUsdFixed18: bigint}): void;
    get(createTxHash: Hex): bigint | null;
  };
  /** Where the contract event scan stopped, per chain and wallet (issue 11 item 3). */
  readonly chainScans: {
    /** The last block scanned for `key`, or null before the first scan. */
    getLastBlock(key: ChainBinding & {wallet: Address}): bigint | null;
    setLastBlock(key: ChainBinding & {wallet: Address}, lastBlock: bigint): void;
  };
};

/** The opened database. `transact` runs a synchronous callback in an IMMEDIATE transaction (no awaits inside). */
export type Database = {
  readonly repositories: Repositories;
  transact<T>(callback: (repositories: Repositories) => T): T;
  close(): void;
};

// ── funding lease ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Cross-process lease that lets one golem process at a time send auto top-ups (the TUI, `golem monitor` or
 * `golem server api`); the others stand by and take over when the holder stops heartbeating. Throws `StorageError`.
 */
export type FundingLease = {
  /** Takes the lease for this process (idempotent while held), or reports the live holder: `self` or `other`. */
  acquire(role: FundingHolder['role']): Promise<FundingStatus>;
  /** Who holds it right now, without taking it. */
  status(): Promise<FundingStatus>;
  /** True while this instance holds the lease and nobody took it over. */
  isHeld(): boolean;
  /** Gives the lease up (no-op when not held). */
  release(): Promise<void>;
};
