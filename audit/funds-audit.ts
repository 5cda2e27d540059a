/**
 * The funds audit (issue 11 "Done when"): starts a devnet with RPC latency (`golem devnet up --latency 300ms
 * --block-time 2s`), runs N kill points across create, top-up, stop, destroy and purge (`kill-plan.ts`), each in its
 * own home with its own wallet, and sums what the independent chain read found: deposits, paid to providers,
 * refunded, still streaming, lost wei, orphan streams, stale deposits.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import type {Address} from 'viem';
import {CLI_PATH} from './audit-home.js';
import {planKillPoints} from './kill-plan.js';
import {runKillPoint, type AuditDevnet, type KillPointResult} from './kill-point-run.js';

/** Parameters of {@link runFundsAudit}. */
export type FundsAuditParameters = {
  /** How many kill points (the full audit runs ≥ 200). */
  readonly killPoints: number;
  /** Kill points run at once (each has its own wallet, so they do not share a lock). @default 3 */
  readonly concurrency?: number;
  /** RPC latency of the devnet, as `--latency` takes it. @default '300ms' */
  readonly latency?: string;
  /** anvil's block time. @default '2s' */
  readonly blockTime?: string;
  /** Seed of the kill offsets. @default 1 */
  readonly seed?: number;
  /** Only these kill point indexes of the plan (for a representative sample). @default all */
  readonly only?: readonly number[];
  readonly onResult?: (result: KillPointResult) => void;
  /** Aborting it lets the kill points under way finish, starts no new one, stops the devnet and reports what ran. */
  readonly signal?: AbortSignal;
  readonly onLog?: (line: string) => void;
};

/** Sums `results` into a report (also used for the partial report written while the audit runs). */
export function summarizeAudit(results: readonly KillPointResult[], latency: string, blockTime: string): FundsAuditReport {
  const sorted = [...results].sort((a, b) => a.point.index - b.point.index);
  const sum = (pick: (result: KillPointResult) => bigint) => sorted.reduce((total, result) => total + pick(result), 0n);
  const count = (pick: (result: KillPointResult) => number) => sorted.reduce((total, result) => total + pick(result), 0);
  return {
    killPoints: sorted.length,
    killed: sorted.filter((result) => result.wasKilled).length,
    latency,
    blockTime,
    depositsWei: sum((result) => result.ledger?.depositsWei ?? 0n),
    paidToProvidersWei: sum((result) => result.ledger?.paidToProvidersWei ?? 0n),
    refundedWei: sum((result) => result.ledger?.refundedWei ?? 0n),
    streamingWei: sum((result) => result.ledger?.streamingWei ?? 0n),
    unaccountedWei: sum((result) => result.ledger?.unaccountedWei ?? 0n),
    lostWei: sum((result) => result.ledger?.lostWei ?? 0n),
    orphanStreams: count((result) => result.ledger?.orphanStreams.length ?? 0),
    unknownStreams: count((result) => result.ledger?.unknownStreams.length ?? 0),
    staleDeposits: count((result) => result.ledger?.staleDeposits.length ?? 0),
    reconcileFailures: sorted.filter((result) => result.harnessError === null && result.reconcileExit !== 0).length,
    harnessFailures: sorted.filter((result) => result.harnessError !== null).length,
    results: sorted,
  };
}

/** The sums over every kill point; the audit passes when lost, orphans, stale, unknown and failures are all 0. */
export type FundsAuditReport = {
  readonly killPoints: number;
  readonly killed: number;
  readonly latency: string;
  readonly blockTime: string;
  readonly depositsWei: bigint;
  readonly paidToProvidersWei: bigint;
  readonly refundedWei: bigint;
  readonly streamingWei: bigint;
  readonly unaccountedWei: bigint;
  readonly lostWei: bigint;
  readonly orphanStreams: number;
  readonly unknownStreams: number;
  readonly staleDeposits: number;
  /** Kill points whose `vm reconcile` did not exit 0. */
  readonly reconcileFailures: number;
  /** Kill points the harness could not run through (preparation failed, lists unreadable). */
  readonly harnessFailures: number;
  readonly results: readonly KillPointResult[];
};

/** Starts the audit's devnet with the built CLI; returns where it runs and how to stop it. */
async function startAuditDevnet(latency: string, blockTime: string): Promise<{devnet: AuditDevnet; stop: () => Promise<void>}> {
  const baseDir = mkdtempSync(join(tmpdir(), 'golem-audit-'));
  const env = {...process.env, GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', NO_COLOR: '1', GOLEM_REQUESTOR_NO_UPDATE_CHECK: '1'};
  const stop = async () => {
    await execa(process.execPath, [CLI_PATH, 'devnet', 'down'], {env, reject: false, timeout: 60_000});
    rmSync(baseDir, {recursive: true, force: true});
  };
  const up = await execa(process.execPath, [CLI_PATH, 'devnet', 'up', '--detach', '--providers', '4', '--latency', latency, '--block-time', blockTime], {
    env,
    reject: false,
    timeout: 180_000,
  });
  if (up.exitCode !== 0) {
    await stop();
    throw new Error(`golem devnet up failed: ${up.stderr}`);
  }
  const devnetDir = join(baseDir, 'devnet');
  const state = JSON.parse(readFileSync(join(devnetDir, 'state.json'), 'utf8')) as {
    rpcUrl: string;
    streamPaymentAddress: Address;
    faults?: {proxies: {name: string; targetUrl: string}[]};
  };
  const nodeRpcUrl = state.faults?.proxies.find((proxy) => proxy.name === 'rpc')?.targetUrl ?? state.rpcUrl;
  const listed = await execa(process.execPath, [CLI_PATH, 'vm', 'providers', '--cpu', '1', '--memory', '1', '--storage', '10', '--json'], {env, reject: false, timeout: 60_000});
  const {providers} = JSON.parse(String(listed.stdout)) as {providers: {provider_id: string; resources: {cpu: number}}[]};
  // The native-ETH providers, largest first (each kill point's VMs are purged after it, so room comes back).
  const providerIds = providers.sort((a, b) => b.resources.cpu - a.resources.cpu).map((provider) => provider.provider_id);
  if (providerIds.length === 0) {
    await stop();
    throw new Error('the audit devnet advertises no provider');
  }
  return {devnet: {devnetDir, rpcUrl: state.rpcUrl, nodeRpcUrl, contract: state.streamPaymentAddress, providerIds}, stop};
}

/**
 * Runs the audit and returns its report. Needs the built CLI (`npm run build`). Throws only when the devnet cannot
 * start; every kill point's own failures are in the report.
 *
 * @example
 * const report = await runFundsAudit({killPoints: 200})
 * report.lostWei // 0n when golem loses nothing
 */
export async function runFundsAudit(parameters: FundsAuditParameters): Promise<FundsAuditReport> {
  const {killPoints, concurrency = 3, latency = '300ms', blockTime = '2s', seed = 1, onResult, onLog = () => {}} = parameters;
  const plan = planKillPoints(killPoints, seed).filter((point) => !parameters.only || parameters.only.includes(point.index));
  onLog(`starting a devnet with ${latency} RPC latency and a block every ${blockTime}`);
  const {devnet, stop} = await startAuditDevnet(latency, blockTime);
  const results: KillPointResult[] = [];
  try {
    const queue = [...plan];
    await Promise.all(
      Array.from({length: Math.max(1, concurrency)}, async () => {
        for (let point = queue.shift(); point && !parameters.signal?.aborted; point = queue.shift()) {
          const result = await runKillPoint(devnet, point);
          results.push(result);
          onResult?.(result);
        }
      }),
    );
  } finally {
    await stop();
  }
  return summarizeAudit(results, latency, blockTime);
}

/** One line per kill point with a problem, then the totals, for the terminal and the README. */
export function formatAuditReport(report: FundsAuditReport): string[] {
  const problems = report.results.flatMap((result) => {
    const ledger = result.ledger;
    const issues = [
      result.harnessError ? `harness: ${result.harnessError.split('\n')[0]}` : '',
      result.reconcileExit !== undefined && result.reconcileExit !== 0 ? `reconcile exited ${result.reconcileExit}` : '',
      ledger && ledger.lostWei !== 0n ? `lost ${ledger.lostWei} wei` : '',
      ledger?.orphanStreams.length ? `orphan streams ${ledger.orphanStreams.join(',')}` : '',
      ledger?.unknownStreams.length ? `streams unknown to golem ${ledger.unknownStreams.join(',')}` : '',
      ledger?.staleDeposits.length ? `stale deposits ${ledger.staleDeposits.map((stale) => `${stale.streamId} (books ${stale.localWei}, chain ${stale.chainWei})`).join(',')}` : '',
    ].filter(Boolean);
    return issues.length === 0 ? [] : [`  #${result.point.index} ${result.label} [${result.commandExit}]: ${issues.join('; ')}`];
  });
  return [
    `funds audit: ${report.killPoints} kill points (${report.killed} killed by SIGKILL, the rest ended first), RPC latency ${report.latency}, a block every ${report.blockTime}`,
    ...(problems.length > 0 ? ['kill points with a problem:', ...problems] : []),
    `  deposits          ${report.depositsWei} wei`,
    `  paid to providers ${report.paidToProvidersWei} wei`,
    `  refunded          ${report.refundedWei} wei`,
    `  still streaming   ${report.streamingWei} wei`,
    `  unaccounted       ${report.unaccountedWei} wei (deposits − paid − refunded − streaming)`,
    `  lost              ${report.lostWei} wei`,
    `  orphan streams    ${report.orphanStreams}`,
    `  unknown streams   ${report.unknownStreams}`,
    `  stale deposits    ${report.staleDeposits}`,
    `  reconcile failed  ${report.reconcileFailures}`,
    `  harness failures  ${report.harnessFailures}`,
  ];
}
