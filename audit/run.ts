/**
 * `npm run audit` — the funds audit (issue 11 "Done when", `funds-audit.ts`).
 *
 * Usage: `tsx audit/run.ts [--kill-points N] [--concurrency C] [--latency 300ms] [--block-time 2s] [--seed S]
 * [--only I,J,…]` (defaults: 200 kill points, 3 at a time, 300 ms, 2 s, seed 1; `--only` runs just those indexes
 * of the plan). Prints one line per kill point as it ends, then
 * the totals, and writes `audit/results.json` (rewritten after every kill point, `isPartial` until the end). A
 * SIGINT/SIGTERM stops after the kill points under way, stops the audit's devnet and reports what ran (the partial
 * `results.json` is kept). Exit code 0 when nothing was lost (0 lost wei, 0 orphan, unknown or stale, every reconcile
 * settled, no harness failure), 1 otherwise.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {formatAuditReport, runFundsAudit, summarizeAudit, type FundsAuditReport} from './funds-audit.js';
import type {KillPointResult} from './kill-point-run.js';

const {values} = parseArgs({
  options: {
    'kill-points': {type: 'string', default: '200'},
    concurrency: {type: 'string', default: '3'},
    latency: {type: 'string', default: '300ms'},
    'block-time': {type: 'string', default: '2s'},
    seed: {type: 'string', default: '1'},
    only: {type: 'string'},
  },
});

const resultsPath = join(import.meta.dirname, 'results.json');
const writeResults = (report: FundsAuditReport, isPartial: boolean) => {
  const json = JSON.stringify({...report, isPartial, date: new Date().toISOString()}, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2);
  writeFileSync(resultsPath, `${json}\n`);
};
// Ctrl-C / SIGTERM: the kill points under way finish, the devnet is stopped, and what ran is reported. The handlers
// stay installed (`on`, not `once`): execa's signal-exit re-raises a signal that no other listener still holds, which
// ended the audit at once and left its devnet up. A second signal is only reported.
const controller = new AbortController();
const stopSoon = (signal: NodeJS.Signals) => {
  if (controller.signal.aborted) {
    process.stderr.write(`audit: ${signal} again: still stopping the devnet, please wait\n`);
    return;
  }
  process.stderr.write(`audit: ${signal}: finishing the kill points under way, then stopping the devnet\n`);
  controller.abort();
};
process.on('SIGINT', stopSoon);
process.on('SIGTERM', stopSoon);
const done: KillPointResult[] = [];
const started = Date.now();
const report = await runFundsAudit({
  signal: controller.signal,
  killPoints: Number(values['kill-points']),
  concurrency: Number(values.concurrency),
  latency: values.latency,
  blockTime: values['block-time'],
  seed: Number(values.seed),
  ...(values.only ? {only: values.only.split(',').map(Number)} : {}),
  onLog: (line) => process.stderr.write(`audit: ${line}\n`),
  onResult: (result) => {
    done.push(result);
    writeResults(summarizeAudit(done, values.latency, values['block-time']), true);
    const ledger = result.ledger;
    const verdict = result.harnessError ? `harness error: ${result.harnessError.split('\n')[0]}` : `lost ${ledger?.lostWei ?? '?'} wei, orphans ${ledger?.orphanStreams.length ?? '?'}, stale ${ledger?.staleDeposits.length ?? '?'}`;
    process.stderr.write(`audit: #${result.point.index} ${result.label} [${result.commandExit}] reconcile ${result.reconcileExit ?? '-'}: ${verdict}\n`);
  },
});
process.stdout.write(`${formatAuditReport(report).join('\n')}\n  took ${Math.round((Date.now() - started) / 1000)} s\n`);
writeResults(report, controller.signal.aborted);
const isClean =
  report.lostWei === 0n && report.orphanStreams === 0 && report.unknownStreams === 0 && report.staleDeposits === 0 && report.reconcileFailures === 0 && report.harnessFailures === 0;
process.exitCode = isClean ? 0 : 1;
