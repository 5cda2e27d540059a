/**
 * The service facade both faces use: the CLI commands call it once per command, the dashboard's hooks call it
 * through React context. Built once by `createServices(config)` (the composition root); tests build it over
 * real local parts. Every method throws only `AppError`s.
 */
import type {Address, Hex} from 'viem';
import type {GetLedgerParameters, GetLedgerReturnType} from './ledger/get-ledger.js';
import type {WalletRunway} from './ledger/wallet-runway.js';
import type {ShellTerminal, ProviderFilter} from './ports.js';
import type {ReconcileOptions, ReconcileReport} from './vms/reconcile.js';
import type {SshUseOptions} from './vms/ssh-target.js';
import type {SshConfigReturnType} from './ssh-access/write-ssh-config.js';
import type {CopyFilesParameters, CopyFilesReturnType} from './ssh-access/copy-files.js';
import type {ForwardPortsParameters} from './ssh-access/forward-ports.js';
import type {ForwardEntry} from './ssh-access/forward-registry.js';
import type {
  FaucetProgress,
  FaucetResult,
  FundingStatus,
  MonitorEvent,
  OnProgress,
  PriceEstimate,
  ProviderAdvert,
  Resources,
  StreamRecord,
  StreamState,
  StreamStatus,
  Vm,
  WalletInfo,
} from './types.js';

/** A provider row: the advert plus, when a full spec was given and the advert prices it, the estimate. */
export type ProviderOffer = {readonly advert: ProviderAdvert; readonly estimate: PriceEstimate | null};

/** How `listProviders` orders its rows: by price (cheapest first), resources (largest first), country, age. */
export type ProviderSort = 'price' | 'cpu' | 'memory' | 'storage' | 'country' | 'updated';

/**
 * Discovery filters plus this call's overrides of the discovery settings (reference §1.5 `--driver`, `--network`,
 * `--payments-network`, `--all-payments`) and the sort order (default `price`).
 */
export type ListProvidersParameters = ProviderFilter & {
  /** Discovery driver for this call; default `AppConfig.discoveryDriver`. */
  readonly driver?: 'central' | 'golem-base' | undefined;
  /** `golem_network` filter; default `AppConfig.network`. */
  readonly network?: string | undefined;
  /** Payments network filter; default `AppConfig.paymentsNetwork`; ignored with `allPayments`. */
  readonly paymentsNetwork?: string | undefined;
  /** Do not filter by payments network. */
  readonly allPayments?: boolean | undefined;
  readonly sort?: ProviderSort | undefined;
};

/** What renting `resources` on `providerId` for `hours` will cost, shown before paying. */
export type VmQuote = {
  readonly providerId: Address;
  readonly resources: Resources;
  readonly hours: number;
  readonly estimate: PriceEstimate;
  /** rate × hours × 3600 (reference §6.4). */
  readonly depositWei: bigint;
  /** Upper bound of the gas the create will spend. */
  readonly maxGasWei: bigint;
  readonly balanceWei: bigint;
  /**
   * ERC20 mode (reference §6.7): the stream token and the wallet's balance of it (smallest unit). `depositWei` and
   * the estimate's rate are then in the token's smallest unit; `maxGasWei` (approve + createStream) and
   * `balanceWei` stay ETH wei. Absent or null: native ETH.
   */
  readonly token?: QuoteToken | null | undefined;
  /** The ETH/USD price (fixed18) the rate was worked out at; recorded with the stream for the ledger's USD (issue 15). */
  readonly ethUsdFixed18?: bigint | undefined;
};

/** The ERC20 token a quote pays in: address, `symbol()`, `decimals()` and the wallet's balance (smallest unit). */
export type QuoteToken = {readonly address: Address; readonly symbol: string; readonly decimals: number; readonly balance: bigint};

export type QuoteVmParameters = {
  readonly providerId: string;
  readonly resources: Resources;
  readonly hours: number;
};

export type CreateVmParameters = {
  readonly name: string;
  readonly providerId: string;
  readonly resources: Resources;
  /** Hours of deposit for a new stream; ignored when `streamId` is given. */
  readonly hours: number;
  /** Fund the VM from an existing stream instead of opening one. */
  readonly streamId?: bigint | undefined;
  /**
   * Asked with the quote after everything was validated and before anything is paid; `false` cancels
   * (`CancelledError`, nothing paid). Not asked when a `streamId` is given (nothing is paid then).
   */
  readonly confirm?: ((quote: VmQuote) => Promise<boolean>) | undefined;
  /**
   * Aborting cancels: before payment nothing is paid; after the stream was opened it is ended at once and the
   * deposit comes back (`CancelledError` with `isInterrupt`).
   */
  readonly signal?: AbortSignal | undefined;
};

export type CreateVmReturnType = {
  readonly vm: Vm;
  readonly streamId: bigint;
  /** Set when this call opened the stream. */
  readonly depositWei: bigint | null;
  readonly createTxHash: Hex | null;
  /** The private key file to use with plain `ssh -i` and the key's source, for the success message (case-05). */
  readonly sshKeyPath: string;
  /** The rental's host key, pinned when create first reached SSH (issue 12): alias and `SHA256:…` fingerprint. */
  readonly hostKey?: import('./ports.js').HostKeyPin | undefined;
};

export type DestroyVmReturnType = {
  readonly name: string;
  readonly streamId: bigint | null;
  /** Unspent deposit returned to the wallet by `terminate` (0 when the stream was already ended). */
  readonly refundWei: bigint;
  readonly payoutWei: bigint;
  readonly terminateTxHash: Hex | null;
  /** False when the provider did not confirm the delete (unreachable, error): the VM may linger until its ended stream stops it. */
  readonly isDeleteConfirmed: boolean;
  /** Things that went wrong but did not stop the destroy (provider unreachable, stream already ended). */
  readonly warnings: readonly string[];
  /** True when no terminate was sent and so no refund is claimed (stream already ended, or on a vanished chain). */
  readonly isRefundUnknown?: boolean | undefined;
};

/** Stopping ends the stream (design.md money rules): the refund is reported. */
export type StopVmReturnType = {
  readonly vm: Vm;
  readonly streamId: bigint | null;
  readonly refundWei: bigint;
  /** True when no terminate was sent (stream already ended, or on a chain that no longer exists): no refund claimed. */
  readonly isRefundUnknown?: boolean | undefined;
};

/** Hours of deposit for the new stream, and an optional confirmation asked with the quote before paying. */
export type StartVmParameters = {
  readonly hours: number;
  readonly confirm?: ((quote: VmQuote) => Promise<boolean>) | undefined;
};

/** Starting a stopped VM funds it with a new stream of `hours`. */
export type StartVmReturnType = {readonly vm: Vm; readonly streamId: bigint; readonly depositWei: bigint};

/** A stream the requestor knows plus its live chain status (null when the chain could not be read). */
export type StreamView = {
  readonly record: StreamRecord;
  readonly status: StreamStatus | null;
  readonly error: string | null;
  /** The stream's state for people at the chain time of the read (null when the chain could not be read). */
  readonly state: StreamState | null;
  /** An open stream that funds no VM the user can see (`golem vm reconcile` ends it and reports the refund). */
  readonly fundsNoVm?: boolean | undefined;
};

export type OpenStreamParameters = {
  readonly providerId: string;
  readonly resources: Resources;
  /** Hours of deposit, or `'max'`: everything spendable (native ETH only; issue 11 item 7). */
  readonly hours: number | 'max';
  /** Asked with the quote once the provider, price and funds checked out, before paying; `false` → `CancelledError`. */
  readonly confirm?: ((quote: VmQuote) => Promise<boolean>) | undefined;
};

export type OpenStreamReturnType = {
  readonly streamId: bigint;
  readonly ratePerSecondWei: bigint;
  readonly depositWei: bigint;
  readonly txHash: Hex;
};

export type TopUpStreamParameters = (
  | {readonly streamId: bigint; readonly hours: number}
  | {readonly streamId: bigint; readonly amountWei: bigint}
  /** Whole seconds of runway to add at the stream's rate (the dashboard's `1h30m`). */
  | {readonly streamId: bigint; readonly seconds: number}
  /** Everything spendable (`--amount max`, `--hours max`): the balance less this transaction's fee cap; native ETH only. */
  | {readonly streamId: bigint; readonly max: true}
) & {
  /**
   * Asked when the stream already ran out (a late top-up pays for the idle gap, reference §7.4); without it such a
   * top-up is refused before anything is sent.
   */
  readonly confirmLate?: ((late: LateTopUp) => Promise<boolean>) | undefined;
  /**
   * Asked with the quote after every check and before paying; `false` cancels (`CancelledError`, nothing paid).
   * Without it the top-up is sent at once (scripts pass `--yes`; the dashboard confirms in its own dialog).
   */
  readonly confirm?: ((quote: TopUpQuote) => Promise<boolean>) | undefined;
};

/** What a top-up will do: `amountWei` (in the stream's token) buys `addedSeconds` at `ratePerSecondWei`. */
export type TopUpQuote = {
  readonly streamId: bigint;
  readonly amountWei: bigint;
  readonly ratePerSecondWei: bigint;
  readonly addedSeconds: bigint;
  /** Runway left now, from chain time (0 when it already ran out). */
  readonly remainingSeconds: bigint;
};

/** A top-up of a stream that already ran out: `gapSeconds` idle since stopTime, `gapWei` of `amountWei` pays for them. */
export type LateTopUp = {readonly streamId: bigint; readonly gapSeconds: bigint; readonly gapWei: bigint; readonly amountWei: bigint};

export type TopUpStreamReturnType = {
  readonly streamId: bigint;
  readonly toppedUpWei: bigint;
  readonly newStopTime: bigint;
  readonly txHash: Hex;
};

/** What ending a stream returned: refund to us and payout to the provider, in wei. */
export type TerminateStreamReturnType = {
  readonly refundWei: bigint;
  readonly payoutWei: bigint;
  readonly txHash: Hex | null;
  /** True when the stream was already terminated on chain (nothing was sent). */
  readonly wasAlreadyEnded: boolean;
  /** True when the stream lived on a chain that no longer exists (a restarted devnet): nothing sent, nothing refunded. */
  readonly isOnVanishedChain?: boolean | undefined;
};

/** Options of `runMonitor`: where it runs (shown to other processes), its events, and how to stop it. */
export type RunMonitorOptions = {
  readonly role: 'tui' | 'monitor' | 'api';
  readonly signal: AbortSignal;
  readonly onEvent?: ((event: MonitorEvent) => void) | undefined;
};

/** The facade. See each service file under `source/services/` for details and errors. */
export type Services = {
  listProviders(parameters: ListProvidersParameters, signal?: AbortSignal): Promise<ProviderOffer[]>;
  quoteVm(parameters: QuoteVmParameters): Promise<VmQuote>;
  createVm(parameters: CreateVmParameters, onProgress?: OnProgress): Promise<CreateVmReturnType>;
  /** Local VMs, without network calls. */
  listVms(): Promise<Vm[]>;
  /**
   * Local VMs with their status refreshed from their providers (unreachable providers leave the row as is), within
   * `options.deadlineAt` (absolute, `Date.now()` ms) when given, else 2 s.
   */
  refreshVms(options?: {deadlineAt?: number}): Promise<Vm[]>;
  getVm(name: string): Promise<Vm>;
  stopVm(name: string): Promise<StopVmReturnType>;
  startVm(name: string, parameters: StartVmParameters): Promise<StartVmReturnType>;
  destroyVm(name: string, onProgress?: OnProgress): Promise<DestroyVmReturnType>;
  /** Runs `command` on the VM, streaming output; resolves with the remote exit code. */
  execOnVm(
    name: string,
    command: string,
    output: {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin?: NodeJS.ReadableStream | undefined},
    options?: SshUseOptions,
  ): Promise<{exitCode: number}>;
  /** Interactive shell on the VM over `terminal`; the terminal is restored when it resolves. */
  openShell(name: string, terminal: ShellTerminal, options?: SshUseOptions): Promise<{exitCode: number}>;
  /** Copies files or trees to or from a VM over SFTP (`golem vm cp`, issue 12 item 3). */
  copyFiles(parameters: CopyFilesParameters): Promise<CopyFilesReturnType>;
  /** Forwards 127.0.0.1 ports to a VM until the signal aborts, reconnecting after drops (issue 12 item 4). */
  forwardPorts(parameters: ForwardPortsParameters): Promise<void>;
  /**
   * Starts a port forward (`LOCAL:REMOTE`) to VM `name` that runs in the background while this facade lives (the
   * dashboard's forwards, issue 12 item 4). Throws `InvalidInputError` for a bad forward.
   */
  startForward(name: string, forward: string): Promise<ForwardEntry>;
  /** Stops a background forward and closes its local port. */
  stopForward(id: number): Promise<void>;
  /** The background forwards with their state (listening port, connected, reconnecting, failed). */
  listForwards(): Promise<ForwardEntry[]>;
  /** golem's OpenSSH config for every VM; with `write`, kept under the base dir (issue 12 item 2). */
  sshConfig(options: {write: boolean}): Promise<SshConfigReturnType>;
  listStreams(): Promise<StreamView[]>;
  inspectStream(streamId: bigint): Promise<StreamStatus>;
  openStream(parameters: OpenStreamParameters): Promise<OpenStreamReturnType>;
  topUpStream(parameters: TopUpStreamParameters): Promise<TopUpStreamReturnType>;
  /** Ends a stream that funds no running VM (e.g. one left by an interrupted create) and returns the refund. */
  terminateStream(streamId: bigint): Promise<TerminateStreamReturnType>;
  getWallet(): Promise<WalletInfo>;
  /**
   * Every movement of the wallet's money in a period, from the chain (events and receipts), with totals, spend per VM
   * and the reconciliation against the balances at the period's ends (`golem ledger`, issue 15). Throws
   * `InvalidInputError`, `ConfigError`, `ChainError`, `RpcUnavailableError`.
   */
  getLedger(parameters?: GetLedgerParameters): Promise<GetLedgerReturnType>;
  /**
   * How long the wallet keeps every running VM's stream funded at the monitor's policy; null when none runs
   * (issue 15). Throws `ConfigError`, `ChainError`, `RpcUnavailableError`.
   */
  getWalletRunway(): Promise<WalletRunway | null>;
  /**
   * Testnet faucet (reference §9, fixed): skips when the balance is above the threshold, else solves the Cap
   * proof of work in worker threads and asks the faucet. Throws `ConfigError` (profile has no faucet),
   * `FaucetError` (which step failed and why), `CancelledError` when `signal` aborts.
   */
  requestFaucet(options?: {onProgress?: (progress: FaucetProgress) => void; signal?: AbortSignal}): Promise<FaucetResult>;
  /**
   * Runs the auto top-up monitor until `signal` aborts. Only one process funds at a time (a lease under the base
   * dir); the others stand by, report who funds, and take over when the holder goes away.
   */
  runMonitor(options: RunMonitorOptions): Promise<void>;
  /** Who funds the streams right now (reads the lease; no chain calls). */
  getFundingStatus(): Promise<FundingStatus>;
  /**
   * Settles what killed or failed runs left (intent rows): resumes or refunds interrupted rentals, finishes
   * interrupted stops/destroys, records mined streams (issue 6 item 1). Also runs by itself before every
   * create/start/stop/destroy/stream payment. Throws `ChainError`, `RpcUnavailableError`, `ConflictError`.
   */
  reconcile(options?: ReconcileOptions): Promise<ReconcileReport>;
  close(): void;
};
