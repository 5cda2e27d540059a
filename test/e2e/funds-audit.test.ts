/**
 * The funds audit in the suite (issue 11 "Done when"): a representative sample of `npm run audit`'s kill points on
 * a devnet with 300 ms RPC latency and 2 s blocks, with the built CLI (`dist/source/cli.js`, built by `npm test`).
 * One kill point per operation at a named step, and kills inside the send window: SIGKILL while the reply to
 * `eth_sendRawTransaction` is held back after the node accepted it (create, top-up, destroy), and after that reply
 * was dropped (create). After `golem vm reconcile`, an independent read of the chain must find every wei placed
 * (deposits = paid + refunded + streaming), 0 lost wei, 0 orphan or unknown streams, 0 stale deposits (case-34).
 */
import {existsSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {CLI_PATH} from '../../audit/audit-home.js';
import {formatAuditReport, runFundsAudit} from '../../audit/funds-audit.js';
import {describeKillPoint, planKillPoints} from '../../audit/kill-plan.js';

/** Plan indexes of the sample (plan of 60, seed 1): steps of each operation, then the send-window family. */
const SAMPLE = [5, 1, 2, 8, 4, 25, 11, 33, 40];

describe('funds audit (representative sample of npm run audit)', () => {
  it('the sample covers every operation and a kill inside the send window', () => {
    const labels = planKillPoints(60, 1).filter((point) => SAMPLE.includes(point.index)).map(describeKillPoint);
    for (const operation of ['create', 'top-up', 'stop', 'destroy', 'purge']) expect(labels.some((label) => label.startsWith(`${operation} @`))).toBe(true);
    expect(labels.filter((label) => label.includes('send window')).length).toBeGreaterThanOrEqual(3);
    expect(labels.some((label) => label.includes('dropped'))).toBe(true);
  });

  it('case-34: after kills at every step and inside the send window, reconcile leaves 0 lost wei, 0 orphan streams, 0 stale deposits', async () => {
    if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (npm test does).`);
    const report = await runFundsAudit({killPoints: 60, only: SAMPLE, concurrency: 3, seed: 1});
    process.stdout.write(`${formatAuditReport(report).join('\n')}\n`);
    expect(report.killPoints).toBe(SAMPLE.length);
    expect(report.harnessFailures).toBe(0);
    // The chain places every wei of every wallet: the identity holds whatever golem did.
    expect(report.unaccountedWei).toBe(0n);
    expect(report.depositsWei).toBe(report.paidToProvidersWei + report.refundedWei + report.streamingWei);
    expect(report.reconcileFailures).toBe(0);
    expect({lostWei: report.lostWei, orphanStreams: report.orphanStreams, unknownStreams: report.unknownStreams, staleDeposits: report.staleDeposits}).toEqual({
      lostWei: 0n,
      orphanStreams: 0,
      unknownStreams: 0,
      staleDeposits: 0,
    });
  }, 420_000);
});
