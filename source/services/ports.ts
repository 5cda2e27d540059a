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
   * `streams(id)` for every id plus the latest block's timestamp (unix seconds), in one JSON-RPC batch (one HTTP
   * request for up to 1000 ids; anvil has no Multicall3). Unknown ids read as all zeros. Duplicate ids are read
   * once. Throws `RpcUnavailableError`/`ChainError` when any read fails.
   */
  getStreams(ids: readonly bigint[]): Promise<{blockTimestamp: bigint; streams: Map<bigint, OnChainStream>}>;
  /** Upper bound for the gas cost (wei) of one createStream/topUp/terminate at current fees. */
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
    depositWei: bigint;
    ratePerSecondWei: bigint;
    token?: Address | undefined;
    onSent?: OnTransactionSent;
    onApprovalSent?: OnTransactionSent;
  }): Promise<{streamId: bigint; txHash: Hex; approvalTxHash?: Hex | null}>;
  /**
   * `topUp(streamId, amount)`; the stream's own token decides the mode: native `value = amount`, ERC20 approve (when
   * the allowance is short) then value 0, as `createStream`. Returns the new stopTime from the ToppedUp event.
   */
  topUp(parameters: {streamId: bigint; amountWei: bigint; onSent?: OnTransactionSent; onApprovalSent?: OnTransactionSent}): Promise<{
    txHash: Hex;
    newStopTime: bigint;
    approvalTxHash?: Hex | null;
  }>;
  /** `terminate(streamId)`; returns the refund to the sender and payout to the recipient from the Terminated event. */
  terminate(parameters: {streamId: bigint; onSent?: OnTransactionSent}): Promise<{
    txHash: Hex;
    refundWei: bigint;
    payoutWei: bigint;
  }>;
  /** The id of the stream a successful createStream transaction opened (StreamCreated log), or null. */
  getCreatedStreamId(hash: Hex): Promise<bigint | null>;
  /** State of a transaction sent earlier: mined with success, reverted, still pending, or unknown to the node. */
  getTransactionState(hash: Hex): Promise<'success' | 'reverted' | 'pending' | 'unknown'>;
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

/** Where and as whom to connect. `host`/`port` also key the known_hosts entry (`[host]:port`). */
export type SshTarget = {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly key: SshKeyPair;
};

/** Terminal the interactive shell takes over; the adapter restores it on every exit path (case-11, case-19). */
export type ShellTerminal = {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
};

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
  /** Forgets the recorded host key of `[host]:port` (on destroy). */
  forgetHost(host: string, port: number): void;
  /**
   * True when an SSH server answers at `host:port` (its `SSH-` identification line arrives within the connect
   * timeout); nothing is authenticated. Never throws.
   */
  answers(host: string, port: number): Promise<boolean>;
};

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
  readonly status: 'started' | 'sent' | 'done' | 'failed';
  readonly detail: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
};

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
    get(streamId: bigint): StreamRecord | undefined;
    list(): StreamRecord[];
    upsert(stream: Omit<StreamRecord, 'createdAt'>): StreamRecord;
    update(streamId: bigint, patch: Partial<Pick<StreamRecord, 'status' | 'depositWei' | 'vmName'>>): void;
  };
  readonly operations: {
    start(operation: Pick<Operation, 'kind' | 'vmName' | 'streamId' | 'detail'>): Operation;
    update(id: number, patch: Partial<Pick<Operation, 'status' | 'txHash' | 'streamId' | 'detail'>>): void;
    /** Operations not `done`/`failed`: what a crash left behind, for reconciliation. */
    listUnfinished(): Operation[];
    /** Operations of `kind` created at or after `sinceIso` (ISO-8601), oldest first (the monitor's spend cap). */
    listSince(kind: Operation['kind'], sinceIso: string): Operation[];
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
