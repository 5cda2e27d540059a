/**
 * Domain types shared by services, commands and the UI. Amounts are bigint wei; prices are fixed18 USD
 * (USD × 10^18, see `lib/decimal.ts`); times are unix seconds (bigint when they come from the chain).
 * Every string that came from the network has already been passed through `sanitizeText`.
 */
import type {Address, Hex} from 'viem';

/** VM resources as the provider API takes them (reference §4.4): cores, GB RAM, GB disk. */
export type Resources = {readonly cpu: number; readonly memory: number; readonly storage: number};

/**
 * Monthly unit prices in fixed18 USD from an advert; `null` where the advert's value was missing or junk
 * (case-03). Month = 730 h (reference §6.1).
 */
export type Pricing = {
  readonly usdPerCoreMonth: bigint | null;
  readonly usdPerGbRamMonth: bigint | null;
  readonly usdPerGbStorageMonth: bigint | null;
};

/** One provider advert from discovery, normalised (reference §5.1 central, §5.2.5 Golem Base). */
export type ProviderAdvert = {
  readonly providerId: Address;
  readonly providerName: string | null;
  readonly ipAddress: string;
  /** Port of the provider API; real providers use 7466, devnet providers advertise their own. */
  readonly port: number;
  readonly country: string | null;
  readonly platform: string | null;
  readonly paymentsNetwork: string | null;
  /** Currently available (unallocated) resources. */
  readonly resources: Resources;
  readonly pricing: Pricing;
  /** ISO-8601 time of the last advert update, when the driver knows it. */
  readonly updatedAt: string | null;
};

/** Cost of running a given `Resources` spec on one provider. */
export type PriceEstimate = {
  readonly usdPerMonth: bigint;
  readonly usdPerHour: bigint;
  /** Stream rate in wei/s (native ETH), never 0. */
  readonly ratePerSecondWei: bigint;
  readonly weiPerHour: bigint;
};

/** `GET /provider/info` (reference §4.8). */
export type ProviderInfo = {
  readonly providerId: Address;
  readonly streamPaymentAddress: Address;
  readonly glmTokenAddress: Address;
  readonly ipAddress: string | null;
  readonly country: string | null;
  readonly platform: string | null;
};

/** The provider's VM status vocabulary (reference §4.5). */
export const PROVIDER_VM_STATUSES = ['creating', 'running', 'stopping', 'stopped', 'error', 'deleted'] as const;

/** Local status vocabulary: the provider's, plus `unknown` for a state the provider could not report. */
export type VmStatus = (typeof PROVIDER_VM_STATUSES)[number] | 'unknown';

/** A VM the requestor rented, as stored locally. */
export type Vm = {
  readonly name: string;
  readonly vmId: string;
  readonly providerId: Address;
  readonly providerIp: string;
  readonly providerPort: number;
  readonly resources: Resources;
  readonly sshHost: string | null;
  readonly sshPort: number | null;
  /**
   * The rental's host-key pin name (`golem.<name>.<rental id>`, issue 12), set at create; absent or null for a VM
   * recorded before pins were per rental (then `hostKeyAliasOf` derives one).
   */
  readonly hostKeyAlias?: string | null | undefined;
  readonly streamId: bigint | null;
  /** The last state the provider confirmed (`creating` while the create that claimed the name runs). */
  readonly status: VmStatus;
  /** ISO-8601 time the provider last confirmed `status`; null: never (issue 11 item 4). Absent in old fakes. */
  readonly confirmedAt?: string | null;
  /** ISO-8601 time since which the provider has not answered (timeout, refused, 5xx, redirect); null: it answers. */
  readonly unreachableSince?: string | null;
  /** ISO-8601 time of a first, unconfirmed "not found" from the provider; null: none pending. */
  readonly notFoundAt?: string | null;
  /** Id of the `create-vm` intent that claimed this name; clean-ups touch only their own rows. */
  readonly operationId?: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
};

/** `streams(id)` as the contract returns it (reference §7.1, field order kept). */
export type OnChainStream = {
  readonly token: Address;
  readonly sender: Address;
  readonly recipient: Address;
  readonly startTime: bigint;
  readonly stopTime: bigint;
  readonly ratePerSecond: bigint;
  readonly deposit: bigint;
  readonly withdrawn: bigint;
  readonly halted: boolean;
};

/** Values derived from a stream at chain time `now` (reference §6.6, vested capped at deposit as on chain). */
export type StreamComputed = {
  readonly now: bigint;
  readonly remainingSeconds: bigint;
  readonly vestedWei: bigint;
  readonly withdrawableWei: bigint;
};

/** A stream's chain state plus what it means right now. `isTerminated` ⇔ recipient is the zero address. */
export type StreamStatus = {
  readonly streamId: bigint;
  readonly chain: OnChainStream;
  readonly computed: StreamComputed;
  readonly isTerminated: boolean;
};

/** A stream the requestor opened, as stored locally, joined with the VM it funds. */
export type StreamRecord = {
  readonly streamId: bigint;
  readonly chainId: number;
  readonly contractAddress: Address;
  readonly recipient: Address;
  readonly depositWei: bigint;
  readonly ratePerSecondWei: bigint;
  readonly vmName: string | null;
  /** `vanished`: its chain no longer exists (a restarted devnet); golem neither ended nor refunded it (issue 11 item 6). */
  readonly status: 'open' | 'terminated' | 'vanished';
  readonly createTxHash: Hex | null;
  /** Block 0's hash of the chain it lives on; `''` when recorded before chain binding. */
  readonly genesisHash?: Hex | '' | undefined;
  /** `golem`: opened by golem; `scan`: found by the contract event scan, whatever the database said (issue 11 item 3). */
  readonly origin?: 'golem' | 'scan' | undefined;
  readonly createdAt: string;
};

/**
 * A stream's state for people, from chain data at chain time (issue 3): `active` (runway ≥ the monitor's
 * minimum), `needs-top-up` (runway below it), `out-of-funds` (runway 0, not halted, recipient still set),
 * `halted` (the contract's halt flag), `terminated` (recipient zero, reference §7.4).
 */
export type StreamState = 'active' | 'needs-top-up' | 'out-of-funds' | 'halted' | 'terminated';

/** The golem process that holds the funding lease (the one monitor that sends top-ups). */
export type FundingHolder = {
  readonly pid: number;
  readonly hostname: string;
  /** Where it runs: `tui`, `monitor` (the `golem monitor` command) or `api` (`golem server api`). */
  readonly role: 'tui' | 'monitor' | 'api';
  /** ISO-8601 time it took the lease. */
  readonly since: string;
  /** ISO-8601 time of its last heartbeat. */
  readonly heartbeatAt: string;
};

/** Who funds the streams right now: this process, another golem process, or nobody. */
export type FundingStatus =
  | {readonly state: 'self'; readonly holder: FundingHolder}
  | {readonly state: 'other'; readonly holder: FundingHolder}
  | {readonly state: 'none'};

/** What the auto top-up monitor reports while it runs (reference §8.2, with hysteresis). */
export type MonitorEvent =
  | {readonly type: 'funding'; readonly holder: FundingHolder}
  | {readonly type: 'standby'; readonly holder: FundingHolder}
  | {
      readonly type: 'pass';
      readonly checked: number;
      readonly toppedUp: number;
      readonly at: string;
      /** The wallet's runway after the pass in words ("funds all 3 VMs for 4d 06h"); absent when no VM runs (issue 15). */
      readonly runway?: string | undefined;
    }
  | {
      readonly type: 'topped-up';
      readonly streamId: bigint;
      readonly vmName: string | null;
      readonly amountWei: bigint;
      readonly newStopTime: bigint;
      readonly txHash: Hex;
    }
  | {readonly type: 'warning'; readonly streamId: bigint | null; readonly vmName: string | null; readonly message: string};

/** A faucet step as it happens (reference §9), for a progress bar. `solved`/`total` count PoW pairs. */
export type FaucetProgress =
  | {readonly step: 'balance' | 'challenge' | 'redeem' | 'payout'}
  | {readonly step: 'solve'; readonly solved: number; readonly total: number};

/** What `golem wallet faucet` did: skipped (balance above threshold) or funded (the faucet's tx). */
export type FaucetResult =
  | {readonly status: 'skipped'; readonly address: Address; readonly balanceWei: bigint; readonly thresholdWei: bigint}
  | {readonly status: 'funded'; readonly address: Address; readonly txHash: Hex};

/** Wallet summary. */
export type WalletInfo = {
  readonly address: Address;
  readonly balanceWei: bigint;
  /** Balance minus a reserve for the gas of one payment: what a new deposit may use. */
  readonly spendableWei: bigint;
  /** Unvested deposits in this wallet's open streams (what terminating them all would refund). */
  readonly lockedWei: bigint;
  /** Open (not terminated) streams counted in `lockedWei`. */
  readonly openStreams: number;
  /**
   * Open stream records the chain read could not return (endpoint refused or dropped those calls, issue 11 item 8):
   * not counted in `lockedWei`, each with the reason.
   */
  readonly unreadStreams: readonly {readonly streamId: bigint; readonly error: string}[];
  /** Of `openStreams`, those funding no VM the user can see (`golem vm reconcile` ends them). */
  readonly fundsNoVmStreams?: number | undefined;
  /** Whether the payments profile has a faucet (testnets). */
  readonly hasFaucet: boolean;
  readonly chainId: number;
  readonly paymentsNetwork: string;
  /** Path of the key file, or `null` when the key came from GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY. */
  readonly keyPath: string | null;
};

/** A progress line from a long operation (create, destroy); `step` is a stable id, `message` is for people. */
export type Progress = {readonly step: string; readonly message: string};
export type OnProgress = (progress: Progress) => void;
