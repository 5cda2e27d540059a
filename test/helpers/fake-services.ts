/**
 * An in-memory `Services` for UI tests only: deterministic data, real state changes (create adds a VM that
 * `refreshVms` moves from creating to running, destroy removes it and reports a refund, top-up extends the
 * stream), and a log of every call. The real services are tested against real parts elsewhere; the dashboard is
 * tested in isolation against this.
 */
import type {GetLedgerReturnType} from '../../source/services/ledger/get-ledger.js';
import type {WalletRunway} from '../../source/services/ledger/wallet-runway.js';
import {CancelledError, ConfigError, ConflictError, InvalidInputError, NotFoundError} from '../../source/errors.js';
import type {Services, StreamView, VmQuote} from '../../source/services/services.js';
import type {
  FaucetProgress,
  FaucetResult,
  FundingHolder,
  FundingStatus,
  MonitorEvent,
  OnChainStream,
  PriceEstimate,
  Pricing,
  ProviderAdvert,
  Resources,
  StreamRecord,
  StreamState,
  Vm,
  WalletInfo,
} from '../../source/services/types.js';

type Address = `0x${string}`;

const ETH = 10n ** 18n;
/** ETH/USD used by the fake pricing: $2000 (fixed18). */
export const FAKE_ETH_USD = 2000n * ETH;
const SECONDS_PER_MONTH = 2_628_000n;
const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000';
const CONTRACT: Address = '0x5000000000000000000000000000000000000005';
/** Gas bound every fake quote reports: 0.0001 ETH. */
export const FAKE_MAX_GAS_WEI = ETH / 10_000n;
/** Runway below which the fake calls a stream `needs-top-up` (the monitor's default minimum), in seconds. */
export const FAKE_MIN_RUNWAY_SECONDS = 3600n;
/** Balance above which the fake faucet skips: 0.01 ETH (reference §9). */
export const FAKE_FAUCET_THRESHOLD_WEI = ETH / 100n;
/** What the fake faucet pays: 0.1 ETH. */
export const FAKE_FAUCET_PAYOUT_WEI = ETH / 10n;
/** Proof-of-work pairs the fake faucet "solves". */
export const FAKE_FAUCET_PAIRS = 4;

/** A funding holder for tests (another golem process by default). */
export function makeHolder(overrides: Partial<FundingHolder> = {}): FundingHolder {
  return {
    pid: 4242,
    hostname: 'localhost',
    role: 'monitor',
    since: '2026-11-30T11:00:00.000Z',
    heartbeatAt: '2026-11-30T11:59:55.000Z',
    ...overrides,
  };
}

/** USD price (fixed18) from a decimal text, for readable fixtures. */
export function usd(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * ETH + BigInt((fraction + '0'.repeat(18)).slice(0, 18));
}

/** Builds a provider advert with sensible defaults. */
export function makeAdvert(overrides: Partial<ProviderAdvert> & {providerId: Address}): ProviderAdvert {
  return {
    providerName: null,
    ipAddress: '127.0.0.1',
    port: 7466,
    country: null,
    platform: 'x86_64',
    paymentsNetwork: 'devnet',
    resources: {cpu: 8, memory: 16, storage: 200},
    pricing: {usdPerCoreMonth: usd('5'), usdPerGbRamMonth: usd('2'), usdPerGbStorageMonth: usd('0.1')},
    updatedAt: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

/** The default providers: two priced, one with junk prices (case-03). */
export const FAKE_PROVIDERS: readonly ProviderAdvert[] = [
  makeAdvert({providerId: '0x1111111111111111111111111111111111111111', providerName: 'alpha-node', country: 'DE'}),
  makeAdvert({
    providerId: '0x2222222222222222222222222222222222222222',
    providerName: 'beta-node',
    country: 'PL',
    resources: {cpu: 4, memory: 8, storage: 100},
    pricing: {usdPerCoreMonth: usd('6'), usdPerGbRamMonth: usd('2'), usdPerGbStorageMonth: usd('0.1')},
  }),
  makeAdvert({
    providerId: '0x3333333333333333333333333333333333333333',
    resources: {cpu: 2, memory: 4, storage: 50},
    pricing: {usdPerCoreMonth: null, usdPerGbRamMonth: null, usdPerGbStorageMonth: null},
  }),
];

/** Price of `resources` under `pricing` at `FAKE_ETH_USD` (730-hour month), or null when a price is missing. */
export function fakeEstimate(pricing: Pricing, {cpu, memory, storage}: Resources): PriceEstimate | null {
  const {usdPerCoreMonth, usdPerGbRamMonth, usdPerGbStorageMonth} = pricing;
  if (usdPerCoreMonth === null || usdPerGbRamMonth === null || usdPerGbStorageMonth === null) return null;
  const usdPerMonth = usdPerCoreMonth * BigInt(cpu) + usdPerGbRamMonth * BigInt(memory) + usdPerGbStorageMonth * BigInt(storage);
  const ratePerSecondWei = (usdPerMonth * ETH) / FAKE_ETH_USD / SECONDS_PER_MONTH || 1n;
  return {usdPerMonth, usdPerHour: usdPerMonth / 730n, ratePerSecondWei, weiPerHour: ratePerSecondWei * 3600n};
}

type ChainStream = {
  startTime: bigint;
  stopTime: bigint;
  ratePerSecond: bigint;
  deposit: bigint;
  withdrawn: bigint;
  halted: boolean;
  isTerminated: boolean;
};

/** One recorded call. */
export type FakeCall = {readonly method: keyof Services; readonly args: readonly unknown[]};

/** Options of `createFakeServices`. */
export type FakeServicesOptions = {
  readonly providers?: readonly ProviderAdvert[];
  /** Chain time in unix seconds. @default the local clock (so fake timers move it) */
  readonly chainNow?: () => bigint;
  readonly balanceWei?: bigint;
  /** What `openShell` does: resolve with this exit code (default 0) or throw this error. */
  readonly shell?: {readonly exitCode?: number; readonly error?: Error};
  /** Called inside `openShell` before it settles (to inspect the terminal at that moment). */
  readonly onOpenShell?: (name: string, terminal: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream}) => void | Promise<void>;
  /** Make `listProviders` fail with this error. */
  readonly providersError?: Error;
  /** Promises the slow operations wait for after reporting progress (to observe them while they run). */
  readonly gates?: {readonly createVm?: Promise<void>; readonly destroyVm?: Promise<void>};
  /** Runway of web-1's stream #1 when the fake is built, in seconds. @default 6600 (1 h 50 m) */
  readonly initialRunwaySeconds?: number;
  /** Adds stream #3, open on chain and funding no VM (issue 11: found by the event scan), and #4 of a vanished chain. */
  readonly hasLedgerStreams?: boolean;
  /** How many `refreshVms` calls a new VM stays `creating` before it is `running`. @default 1 */
  readonly creatingRefreshes?: number;
  /** The payments profile's name. @default 'devnet' */
  readonly paymentsNetwork?: string;
  /** Whether the profile has a faucet (testnets). @default false */
  readonly hasFaucet?: boolean;
  /** Waited for after the faucet reported its first solve progress (to observe the progress bar). */
  readonly faucetGate?: Promise<void>;
  /** Make `requestFaucet` fail with this error (after its progress). */
  readonly faucetError?: Error;
  /** Another process holding the funding lease: `runMonitor` then stands by. @default none */
  readonly otherFunder?: FundingHolder;
  /** Events `runMonitor` reports after it took the lease (or stood by). */
  readonly monitorEvents?: readonly MonitorEvent[];
  /** Make `runMonitor` reject with this error at once. */
  readonly monitorError?: Error;
  /** Make `getWallet` fail with this error. */
  readonly walletError?: Error;
  /** What `getLedger` answers. @default an empty, balanced ledger of the fake wallet */
  readonly ledger?: GetLedgerReturnType;
  /** What `getWalletRunway` answers. @default null (no runway shown) */
  readonly runway?: WalletRunway | null;
};

/** The fake: a `Services` plus its call log and state. */
export type FakeServices = Services & {
  readonly calls: FakeCall[];
  /** The argument lists of every call to `method`. */
  callsTo(method: keyof Services): ReadonlyArray<readonly unknown[]>;
  readonly state: {
    vms: Vm[];
    records: StreamRecord[];
    chain: Map<bigint, ChainStream>;
    balanceWei: bigint;
    funding: FundingStatus;
  };
};

/** A ledger with no movements whose balance did not change: what a fake wallet with no history shows. */
export function emptyLedger(balanceWei: bigint): GetLedgerReturnType {
  const at = {blockNumber: 1n, timestamp: 1_765_000_000n, balanceWei};
  const zero = {incomingWei: 0n, depositsWei: 0n, topUpsWei: 0n, refundsWei: 0n, gasWei: 0n, outgoingWei: 0n, paidToProvidersWei: 0n, spentWei: 0n};
  return {
    walletAddress: `0x${'aa'.repeat(20)}`,
    chainId: 31_337,
    contractAddress: `0x${'cc'.repeat(20)}`,
    fromBlock: 2n,
    toBlock: 1n,
    movements: [],
    totals: zero,
    byVm: [],
    byDay: [],
    streams: [],
    reconciliation: {start: at, end: at, expectedEndWei: balanceWei, differenceWei: 0n, isBalanced: true, unexplained: []},
    isTransferScanComplete: true,
    isFiltered: false,
  };
}

/** Refund of stream `stream` at `now`: the unvested part of the deposit. */
function unvested(stream: ChainStream, now: bigint): bigint {
  const vestedSeconds = (now < stream.stopTime ? now : stream.stopTime) - stream.startTime;
  const vested = vestedSeconds > 0n ? vestedSeconds * stream.ratePerSecond : 0n;
  return stream.deposit > vested ? stream.deposit - vested : 0n;
}

/** Builds the fake with two VMs (web-1 running on stream #1, db-1 stopped) and their streams. */
export function createFakeServices(options: FakeServicesOptions = {}): FakeServices {
  const providers = options.providers ?? FAKE_PROVIDERS;
  const chainNow = options.chainNow ?? (() => BigInt(Math.floor(Date.now() / 1000)));
  const calls: FakeCall[] = [];
  const now0 = chainNow();
  const createdAt = '2025-01-01T00:00:00Z';
  const alpha = providers[0] ?? FAKE_PROVIDERS[0]!;
  const rate = fakeEstimate(FAKE_PROVIDERS[0]!.pricing, {cpu: 1, memory: 1, storage: 10})!.ratePerSecondWei;

  const state: FakeServices['state'] = {
    balanceWei: options.balanceWei ?? 3n * ETH / 2n,
    funding: options.otherFunder ? {state: 'other', holder: options.otherFunder} : {state: 'none'},
    vms: [
      vm({name: 'web-1', status: 'running', streamId: 1n, providerId: alpha.providerId, sshPort: 2201}),
      vm({name: 'db-1', status: 'stopped', streamId: 2n, providerId: alpha.providerId, sshPort: null}),
    ],
    records: [record(1n, 'web-1', rate * 7200n, rate, 'open'), record(2n, 'db-1', rate * 3600n, rate, 'terminated')],
    chain: new Map([
      [1n, {startTime: now0 - 600n, stopTime: now0 + BigInt(options.initialRunwaySeconds ?? 6600), ratePerSecond: rate, deposit: rate * 7200n, withdrawn: 0n, halted: false, isTerminated: false}],
      [2n, {startTime: now0 - 7200n, stopTime: now0 - 3600n, ratePerSecond: rate, deposit: rate * 3600n, withdrawn: rate * 3600n, halted: false, isTerminated: true}],
    ]),
  };
  if (options.hasLedgerStreams) {
    state.records.push({...record(3n, 'lost-vm', rate * 3600n, rate, 'open'), origin: 'scan'}, record(4n, 'old-vm', rate * 3600n, rate, 'vanished'));
    state.chain.set(3n, {startTime: now0, stopTime: now0 + 3600n, ratePerSecond: rate, deposit: rate * 3600n, withdrawn: 0n, halted: false, isTerminated: false});
  }
  let nextStreamId = options.hasLedgerStreams ? 5n : 3n;
  /** Refreshes left before a creating VM runs, by name. */
  const creating = new Map<string, number>();

  function vm(fields: {name: string; status: Vm['status']; streamId: bigint | null; providerId: Address; sshPort: number | null; resources?: Resources}): Vm {
    return {
      name: fields.name,
      vmId: `vm-${fields.name}`,
      providerId: fields.providerId,
      providerIp: '127.0.0.1',
      providerPort: 7466,
      resources: fields.resources ?? {cpu: 1, memory: 1, storage: 10},
      sshHost: fields.sshPort === null ? null : '127.0.0.1',
      sshPort: fields.sshPort,
      streamId: fields.streamId,
      status: fields.status,
      createdAt,
      updatedAt: createdAt,
    };
  }
  function record(streamId: bigint, vmName: string, depositWei: bigint, ratePerSecondWei: bigint, status: StreamRecord['status']): StreamRecord {
    return {
      streamId,
      chainId: 31337,
      contractAddress: CONTRACT,
      recipient: alpha.providerId,
      depositWei,
      ratePerSecondWei,
      vmName,
      status,
      createTxHash: null,
      createdAt,
    };
  }
  function log(method: keyof Services, ...args: unknown[]) {
    calls.push({method, args});
  }
  function requireVm(name: string): Vm {
    const found = state.vms.find((candidate) => candidate.name === name);
    if (!found) throw new NotFoundError({entity: 'VM', id: name});
    return found;
  }
  function replaceVm(name: string, changes: Partial<Vm>): Vm {
    const updated = {...requireVm(name), ...changes};
    state.vms = state.vms.map((candidate) => (candidate.name === name ? updated : candidate));
    return updated;
  }
  function requireProvider(providerId: string): ProviderAdvert {
    const advert = providers.find((candidate) => candidate.providerId.toLowerCase() === providerId.toLowerCase());
    if (!advert) throw new NotFoundError({entity: 'Provider', id: providerId});
    return advert;
  }
  function quote(providerId: string, resources: Resources, hours: number): VmQuote {
    const advert = requireProvider(providerId);
    const estimate = fakeEstimate(advert.pricing, resources);
    if (!estimate) throw new InvalidInputError({issues: [`Provider ${providerId} does not advertise complete USD prices.`]});
    return {
      providerId: advert.providerId,
      resources,
      hours,
      estimate,
      depositWei: estimate.ratePerSecondWei * BigInt(hours) * 3600n,
      maxGasWei: FAKE_MAX_GAS_WEI,
      balanceWei: state.balanceWei,
    };
  }
  function openStream(vmName: string, ratePerSecondWei: bigint, hours: number): bigint {
    const streamId = nextStreamId++;
    const now = chainNow();
    const deposit = ratePerSecondWei * BigInt(hours) * 3600n;
    state.chain.set(streamId, {startTime: now, stopTime: now + BigInt(hours) * 3600n, ratePerSecond: ratePerSecondWei, deposit, withdrawn: 0n, halted: false, isTerminated: false});
    state.records.push(record(streamId, vmName, deposit, ratePerSecondWei, 'open'));
    state.balanceWei -= deposit;
    return streamId;
  }
  function terminate(streamId: bigint | null): {refundWei: bigint; payoutWei: bigint} {
    const stream = streamId === null ? undefined : state.chain.get(streamId);
    if (!stream || stream.isTerminated) return {refundWei: 0n, payoutWei: 0n};
    const refundWei = unvested(stream, chainNow());
    stream.isTerminated = true;
    state.records = state.records.map((entry) => (entry.streamId === streamId ? {...entry, status: 'terminated'} : entry));
    state.balanceWei += refundWei;
    return {refundWei, payoutWei: stream.deposit - refundWei - stream.withdrawn};
  }
  function stateOf(stream: ChainStream, now: bigint): StreamState {
    if (stream.isTerminated) return 'terminated';
    if (stream.halted) return 'halted';
    const remaining = stream.stopTime > now ? stream.stopTime - now : 0n;
    if (remaining === 0n) return 'out-of-funds';
    return remaining < FAKE_MIN_RUNWAY_SECONDS ? 'needs-top-up' : 'active';
  }
  function view(entry: StreamRecord): StreamView {
    const stream = state.chain.get(entry.streamId);
    if (entry.status === 'vanished') return {record: entry, status: null, error: null, state: null};
    if (!stream) return {record: entry, status: null, error: 'unknown stream', state: null};
    const now = chainNow();
    const chain: OnChainStream = {
      token: ZERO_ADDRESS,
      sender: '0x9999999999999999999999999999999999999999',
      recipient: stream.isTerminated ? ZERO_ADDRESS : entry.recipient,
      startTime: stream.startTime,
      stopTime: stream.stopTime,
      ratePerSecond: stream.ratePerSecond,
      deposit: stream.deposit,
      withdrawn: stream.withdrawn,
      halted: stream.halted,
    };
    const remainingSeconds = stream.stopTime > now ? stream.stopTime - now : 0n;
    const vestedWei = stream.deposit - unvested(stream, now);
    return {
      record: entry,
      status: {
        streamId: entry.streamId,
        chain,
        computed: {now, remainingSeconds, vestedWei, withdrawableWei: vestedWei - stream.withdrawn},
        isTerminated: stream.isTerminated,
      },
      error: null,
      state: stateOf(stream, now),
      fundsNoVm: entry.origin === 'scan' && !state.vms.some((vm) => vm.streamId === entry.streamId),
    };
  }

  const hasFaucet = options.hasFaucet ?? false;
  const wallet: WalletInfo = {
    address: '0xAbCdEf0123456789abcdef0123456789ABCDEF01',
    balanceWei: 0n,
    spendableWei: 0n,
    lockedWei: 0n,
    openStreams: 0,
    unreadStreams: [],
    hasFaucet,
    chainId: 31337,
    paymentsNetwork: options.paymentsNetwork ?? 'devnet',
    keyPath: '/home/user/.golem/requestor/wallet.key',
  };
  function walletNow(): WalletInfo {
    const now = chainNow();
    const open = [...state.chain.values()].filter((stream) => !stream.isTerminated);
    const spendableWei = state.balanceWei > FAKE_MAX_GAS_WEI ? state.balanceWei - FAKE_MAX_GAS_WEI : 0n;
    const lockedWei = open.reduce((sum, stream) => sum + unvested(stream, now), 0n);
    const fundsNoVmStreams = state.records.filter((entry) => entry.origin === 'scan' && entry.status === 'open').length;
    return {...wallet, balanceWei: state.balanceWei, spendableWei, lockedWei, openStreams: open.length, fundsNoVmStreams};
  }

  const forwards: Awaited<ReturnType<Services['listForwards']>> = [];
  const services: Services = {
    async listProviders(parameters) {
      log('listProviders', parameters);
      if (options.providersError) throw options.providersError;
      return providers.map((advert) => ({advert, estimate: null}));
    },
    async quoteVm(parameters) {
      log('quoteVm', parameters);
      return quote(parameters.providerId, parameters.resources, parameters.hours);
    },
    async createVm(parameters, onProgress = () => {}) {
      log('createVm', parameters);
      if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(parameters.name)) throw new InvalidInputError({issues: [`Invalid VM name "${parameters.name}".`]});
      if (state.vms.some((candidate) => candidate.name === parameters.name)) {
        throw new ConflictError({shortMessage: `A VM named '${parameters.name}' already exists.`});
      }
      onProgress({step: 'key', message: 'Checking the SSH key'});
      const priced = quote(parameters.providerId, parameters.resources, parameters.hours);
      onProgress({step: 'stream', message: `Opening a payment stream (${parameters.hours} h deposit)`});
      const streamId = openStream(parameters.name, priced.estimate.ratePerSecondWei, parameters.hours);
      onProgress({step: 'create', message: 'Asking the provider for the VM'});
      // Esc / Ctrl-C in the wizard aborts `signal`: like create-vm.ts, end the stream (refund) and say so.
      const {signal} = parameters;
      const aborted = new Promise<'aborted'>((resolve) => {
        if (signal?.aborted) resolve('aborted');
        signal?.addEventListener('abort', () => resolve('aborted'), {once: true});
      });
      if ((await Promise.race([options.gates?.createVm, aborted])) === 'aborted') {
        const {refundWei} = terminate(streamId);
        throw new CancelledError({isInterrupt: true, shortMessage: `Interrupted. The stream ${streamId} was ended and ${refundWei} wei came back to the wallet.`});
      }
      const created = vm({name: parameters.name, status: 'creating', streamId, providerId: priced.providerId, sshPort: null, resources: parameters.resources});
      state.vms = [...state.vms, created];
      creating.set(parameters.name, options.creatingRefreshes ?? 1);
      return {vm: created, streamId, depositWei: priced.depositWei, createTxHash: null, sshKeyPath: '/home/user/.golem/requestor/ssh/golem_id_ed25519'};
    },
    async listVms() {
      log('listVms');
      return [...state.vms];
    },
    async refreshVms() {
      log('refreshVms');
      state.vms = state.vms.map((entry) => {
        if (entry.status === 'creating') {
          const left = creating.get(entry.name) ?? 0;
          creating.set(entry.name, left - 1);
          if (left > 0) return entry;
          return {...entry, status: 'running', sshHost: '127.0.0.1', sshPort: 2299};
        }
        if (entry.status === 'stopping') return {...entry, status: 'stopped'};
        return entry;
      });
      return [...state.vms];
    },
    async getVm(name) {
      log('getVm', name);
      return requireVm(name);
    },
    async stopVm(name) {
      log('stopVm', name);
      const {streamId} = requireVm(name);
      const {refundWei} = terminate(streamId);
      return {vm: replaceVm(name, {status: 'stopped', sshHost: null, sshPort: null}), streamId, refundWei};
    },
    async startVm(name, {hours}) {
      log('startVm', name, {hours});
      const current = requireVm(name);
      if (current.status === 'running') throw new ConflictError({shortMessage: `VM '${name}' is already running.`});
      const priced = quote(current.providerId, current.resources, hours);
      const streamId = openStream(name, priced.estimate.ratePerSecondWei, hours);
      return {vm: replaceVm(name, {status: 'running', streamId, sshHost: '127.0.0.1', sshPort: 2201}), streamId, depositWei: priced.depositWei};
    },
    async destroyVm(name, onProgress = () => {}) {
      log('destroyVm', name);
      const {streamId} = requireVm(name);
      onProgress({step: 'delete', message: `Deleting ${name} on the provider`});
      onProgress({step: 'terminate', message: 'Ending the payment stream'});
      await options.gates?.destroyVm;
      const {refundWei, payoutWei} = terminate(streamId);
      state.vms = state.vms.filter((candidate) => candidate.name !== name);
      return {name, streamId, refundWei, payoutWei, terminateTxHash: null, isDeleteConfirmed: true, warnings: []};
    },
    async execOnVm(name, command) {
      log('execOnVm', name, command);
      return {exitCode: 0};
    },
    async openShell(name, terminal) {
      log('openShell', name);
      requireVm(name);
      await options.onOpenShell?.(name, terminal);
      if (options.shell?.error) throw options.shell.error;
      return {exitCode: options.shell?.exitCode ?? 0};
    },
    async copyFiles(parameters) {
      log('copyFiles', parameters.source, parameters.destination);
      const name = (parameters.source.includes(':') ? parameters.source : parameters.destination).split(':')[0]!;
      requireVm(name);
      return {name, direction: parameters.source.includes(':') ? 'download' : 'upload', files: 1, directories: 0, bytes: 0, destination: parameters.destination, skipped: [], elapsedMs: 0};
    },
    async forwardPorts(parameters) {
      log('forwardPorts', parameters.name, parameters.forwards);
      requireVm(parameters.name);
      if (parameters.signal.aborted) return;
      await new Promise((resolve) => parameters.signal.addEventListener('abort', resolve, {once: true}));
    },
    async startForward(name, forward) {
      log('startForward', name, forward);
      requireVm(name);
      const [local, remote] = forward.split(':').map(Number);
      const entry = {id: forwards.length + 1, name, spec: {localPort: local!, remoteHost: '127.0.0.1', remotePort: remote ?? local!}, localPort: local!, state: 'connected' as const, message: null};
      forwards.push(entry);
      return entry;
    },
    async stopForward(id) {
      log('stopForward', id);
      forwards.splice(0, forwards.length, ...forwards.filter((entry) => entry.id !== id));
    },
    async listForwards() {
      log('listForwards');
      return [...forwards];
    },
    async sshConfig(options) {
      log('sshConfig', options.write);
      const path = '/home/user/.golem/requestor/ssh/config';
      return {text: '', hosts: [], path: options.write ? path : null, includeLine: `Include ${path}`};
    },
    async listStreams() {
      log('listStreams');
      return state.records.map(view);
    },
    async inspectStream(streamId) {
      log('inspectStream', streamId);
      const entry = state.records.find((candidate) => candidate.streamId === streamId);
      if (!entry) throw new NotFoundError({entity: 'Stream', id: String(streamId)});
      return view(entry).status!;
    },
    async openStream(parameters) {
      log('openStream', parameters);
      const hours = parameters.hours === 'max' ? 1 : parameters.hours;
      const priced = quote(parameters.providerId, parameters.resources, hours);
      const streamId = openStream('', priced.estimate.ratePerSecondWei, hours);
      return {streamId, ratePerSecondWei: priced.estimate.ratePerSecondWei, depositWei: priced.depositWei, txHash: '0x01'};
    },
    async terminateStream(streamId) {
      log('terminateStream', streamId);
      const stream = state.chain.get(streamId);
      if (!stream) throw new NotFoundError({entity: 'Stream', id: String(streamId)});
      if (stream.isTerminated) return {refundWei: 0n, payoutWei: 0n, txHash: null, wasAlreadyEnded: true};
      const {refundWei, payoutWei} = terminate(streamId);
      return {refundWei, payoutWei, txHash: '0x03', wasAlreadyEnded: false};
    },

    async topUpStream(parameters) {
      log('topUpStream', parameters);
      const stream = state.chain.get(parameters.streamId);
      if (!stream || stream.isTerminated) throw new NotFoundError({entity: 'Stream', id: String(parameters.streamId)});
      const amountWei =
        'hours' in parameters
          ? stream.ratePerSecond * BigInt(parameters.hours) * 3600n
          : 'seconds' in parameters
            ? stream.ratePerSecond * BigInt(parameters.seconds)
            : 'max' in parameters
              ? state.balanceWei
              : parameters.amountWei;
      const now = chainNow();
      stream.stopTime = (stream.stopTime > now ? stream.stopTime : now) + amountWei / stream.ratePerSecond;
      stream.deposit += amountWei;
      state.balanceWei -= amountWei;
      return {streamId: parameters.streamId, toppedUpWei: amountWei, newStopTime: stream.stopTime, txHash: '0x02'};
    },
    async getLedger(parameters) {
      log('getLedger', parameters);
      return options.ledger ?? emptyLedger(state.balanceWei);
    },
    async getWalletRunway() {
      log('getWalletRunway');
      return options.runway ?? null;
    },
    async getWallet() {
      log('getWallet');
      if (options.walletError) throw options.walletError;
      return walletNow();
    },
    async requestFaucet({onProgress = () => {}, signal}: {onProgress?: (progress: FaucetProgress) => void; signal?: AbortSignal} = {}) {
      log('requestFaucet');
      if (!hasFaucet) {
        throw new ConfigError({
          shortMessage: `The ${wallet.paymentsNetwork} payments network has no faucet.`,
          hint: 'The faucet exists on testnet profiles only (l2.holesky).',
        });
      }
      onProgress({step: 'balance'});
      if (state.balanceWei > FAKE_FAUCET_THRESHOLD_WEI) {
        return {status: 'skipped', address: wallet.address, balanceWei: state.balanceWei, thresholdWei: FAKE_FAUCET_THRESHOLD_WEI} satisfies FaucetResult;
      }
      onProgress({step: 'challenge'});
      for (let solved = 0; solved <= FAKE_FAUCET_PAIRS; solved++) {
        onProgress({step: 'solve', solved, total: FAKE_FAUCET_PAIRS});
        if (solved === 0) await options.faucetGate;
        if (signal?.aborted) throw new CancelledError();
      }
      onProgress({step: 'redeem'});
      onProgress({step: 'payout'});
      if (options.faucetError) throw options.faucetError;
      state.balanceWei += FAKE_FAUCET_PAYOUT_WEI;
      return {status: 'funded', address: wallet.address, txHash: '0x0f'} satisfies FaucetResult;
    },
    async runMonitor({role, signal, onEvent = () => {}}) {
      log('runMonitor', {role});
      if (options.monitorError) throw options.monitorError;
      if (state.funding.state === 'other') {
        onEvent({type: 'standby', holder: state.funding.holder});
      } else {
        const holder = makeHolder({pid: process.pid, role, since: new Date().toISOString(), heartbeatAt: new Date().toISOString()});
        state.funding = {state: 'self', holder};
        onEvent({type: 'funding', holder});
      }
      for (const event of options.monitorEvents ?? []) onEvent(event);
      if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), {once: true}));
      if (state.funding.state === 'self') state.funding = {state: 'none'};
    },
    async getFundingStatus() {
      log('getFundingStatus');
      // Seen from another process, "self" is the other holder; the fake has one process, so report as is.
      return state.funding;
    },
    async reconcile() {
      log('reconcile');
      return {actions: [], inProgress: 0};
    },
    close() {
      log('close');
    },
  };

  return {
    ...services,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method).map((call) => call.args),
    state,
  };
}
