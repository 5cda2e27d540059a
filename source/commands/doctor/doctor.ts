/**
 * `golem doctor [--json]` (issue 14): checks what a rental needs, in the order it needs it — settings and the
 * payments network, the RPC and its chain, the contract, discovery, the wallet and SSH keys with their modes, the
 * ssh-agent, the clock against the chain — and says what to fix. Exit 1 when a check failed (warnings do not).
 */
import {ConfigError} from '../../errors.js';
import {defineCommand} from '../command.js';
import {writeJson, writeLines} from '../output.js';
import {withServices} from '../with-services.js';
import {chainChecks} from './chain-checks.js';
import {failed, ok, reasonOf, skipped, type DoctorCheck} from './check.js';
import {baseDirCheck, sshAgentCheck, sshKeyCheck, walletCheck} from './local-checks.js';

const MARK: Record<DoctorCheck['status'], string> = {ok: '✓', warning: '!', failed: '✗', skipped: '-'};

/** The doctor's report as text: one line per check, its fix indented below. */
export function doctorLines(checks: readonly DoctorCheck[], paymentsNetwork: string): string[] {
  const width = Math.max(...checks.map((check) => check.name.length));
  const failures = checks.filter((check) => check.status === 'failed').length;
  const warnings = checks.filter((check) => check.status === 'warning').length;
  return [
    `golem doctor — payments network ${paymentsNetwork}`,
    ...checks.flatMap((check) => [`  ${MARK[check.status]} ${check.name.padEnd(width)}  ${check.detail}`, ...(check.fix ? [`      fix: ${check.fix}`] : [])]),
    '',
    failures > 0
      ? `${failures} check${failures === 1 ? '' : 's'} failed: a rental would not work until fixed.`
      : `Ready to rent${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}.`,
  ];
}

export const doctorCommand = defineCommand({
  path: ['doctor'],
  description: 'Check what a rental needs (chain, contract, discovery, keys, clock) and what to fix.',
  help: `
  Usage
    $ golem doctor [--json]

  Options
    --json  Print {"ok", "payments_network", "checks": [{"name", "status", "detail", "fix"}]}

  Checks, for the payments network in use: the RPC answers and serves the expected chain; the StreamPayment
  contract has code there; discovery answers; the wallet key file and the SSH key load and only you can read
  them; the ssh-agent (optional); the local clock against the chain's. Each problem comes with what to do.
  Exits 1 when a check failed; warnings do not change the exit code. Nothing is paid or signed.

  Examples
    $ golem doctor
    $ golem doctor --json | jq '.checks[] | select(.status != "ok")'
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const config = io.config();
    const checks: DoctorCheck[] = [];
    const payments = config.payments;
    let clock: DoctorCheck | undefined;
    if (payments instanceof ConfigError) {
      checks.push(failed('Payments', payments.shortMessage, payments.hint ?? 'See `golem config`.'));
      checks.push(skipped('RPC', 'needs a payments network'), skipped('Chain', 'needs a payments network'), skipped('Contract', 'needs a payments network'));
    } else {
      checks.push(ok('Payments', `${config.paymentsNetwork} (chain ${payments.chainId})`));
      const chain = await chainChecks(payments);
      checks.push(...chain.filter((check) => check.name !== 'Clock'));
      clock = chain.find((check) => check.name === 'Clock' && check.status !== 'skipped');
    }
    try {
      const offers = await withServices(io, (services) => services.listProviders({}, AbortSignal.timeout(10_000)));
      checks.push(
        offers.length > 0
          ? ok('Discovery', `${config.discoveryDriver} answers: ${offers.length} provider${offers.length === 1 ? '' : 's'} on ${config.paymentsNetwork}`)
          : failed('Discovery', `${config.discoveryDriver} answers, but no provider advertises on ${config.paymentsNetwork}`, 'Try again later, or `golem vm providers --all-payments` to see providers of other networks.'),
      );
    } catch (error) {
      checks.push(failed('Discovery', reasonOf(error), config.discoveryDriver === 'central' ? 'Check GOLEM_REQUESTOR_DISCOVERY_URL.' : 'Check GOLEM_REQUESTOR_GOLEM_BASE_RPC_URL (or the discovery driver setting).'));
    }
    checks.push(await walletCheck(config), await sshKeyCheck(config), await sshAgentCheck(), baseDirCheck(config));
    if (clock) checks.push(clock);
    const isOk = checks.every((check) => check.status !== 'failed');
    if (flags.json) writeJson(io, {ok: isOk, payments_network: config.paymentsNetwork, checks});
    else writeLines(io, doctorLines(checks, config.paymentsNetwork));
    return isOk ? 0 : 1;
  },
});
