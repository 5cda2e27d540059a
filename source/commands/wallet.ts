import {formatEth} from '../lib/format.js';
import {sanitizeText} from '../lib/sanitize.js';
import {runwayText, runwayWarning} from '../lib/runway-text.js';
import {defineCommand} from './command.js';
import {writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

/**
 * `golem wallet [--json]` — the requestor's address, balance, what of it is spendable (balance minus the gas of one
 * payment) and what is locked in open streams (unvested deposits, refunded by terminating them). The reference had
 * no such command (§1.20). `--json` writes wei as decimal strings.
 */
export const walletCommand = defineCommand({
  path: ['wallet'],
  description: 'Show the wallet: address, balance, spendable, locked in streams.',
  help: `
  Usage
    $ golem wallet [--json]
    $ golem wallet faucet [--json]     get test ETH on a testnet
    $ golem wallet encrypt             protect the key file with a password

  Options
    --json  Print one JSON document (amounts in wei as decimal strings).

  Runway is how long the balance keeps every running VM funded when the monitor tops their streams up (its
  policy: GOLEM_REQUESTOR_STREAM_MIN_REMAINING_SECONDS / _TOPUP_TARGET_SECONDS), gas included; a warning is printed
  when it ends before GOLEM_REQUESTOR_RUNWAY_WARNING_HOURS (default 72). See also: golem ledger.

  Spendable is the balance minus a reserve for the gas of one payment; locked is what your open payment
  streams still hold (it comes back when they end).

  The wallet key is created on first use under the base dir (mode 0600), or taken from
  GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY. An encrypted key file asks for its password on a terminal, or reads
  GOLEM_REQUESTOR_WALLET_PASSWORD.

  Examples
    $ golem wallet
    $ golem wallet --json | jq -r .address
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const [wallet, runway] = await withServices(io, (services) => Promise.all([services.getWallet(), services.getWalletRunway()]));
    const warning = runway ? runwayWarning(runway) : null;
    if (flags.json) {
      writeJson(io, {
        address: wallet.address,
        balance_wei: wallet.balanceWei,
        spendable_wei: wallet.spendableWei,
        locked_wei: wallet.lockedWei,
        open_streams: wallet.openStreams,
        unread_streams: wallet.unreadStreams.map(({streamId, error}) => ({stream_id: streamId, error})),
        streams_funding_no_vm: wallet.fundsNoVmStreams ?? 0,
        has_faucet: wallet.hasFaucet,
        chain_id: wallet.chainId,
        payments_network: wallet.paymentsNetwork,
        key_path: wallet.keyPath,
        runway: runway
          ? {
              runway_seconds: runway.runwaySeconds,
              is_at_least: runway.isAtLeast,
              vm_count: runway.streamCount,
              burn_rate_per_second_wei: runway.burnRatePerSecondWei,
              first_dry: runway.firstDry,
              horizon_seconds: runway.horizonSeconds,
              is_below_horizon: runway.isBelowHorizon,
              is_monitor_on: runway.isMonitorOn,
            }
          : null,
      });
    } else {
      writeLines(io, [
        `Address   : ${wallet.address}`,
        `Balance   : ${formatEth(wallet.balanceWei, 8)} (${wallet.balanceWei} wei)`,
        `Spendable : ${formatEth(wallet.spendableWei, 8)} (${wallet.spendableWei} wei, after the fee cap of one payment; --amount max deposits it)`,
        `Locked    : ${formatEth(wallet.lockedWei, 8)} in ${wallet.openStreams} open stream${wallet.openStreams === 1 ? '' : 's'}${wallet.unreadStreams.length > 0 ? ` (${wallet.unreadStreams.length} more not read)` : ''}`,
        ...(wallet.fundsNoVmStreams
          ? [`Unused    : ${wallet.fundsNoVmStreams} open stream${wallet.fundsNoVmStreams === 1 ? '' : 's'} fund${wallet.fundsNoVmStreams === 1 ? 's' : ''} no VM — \`golem vm reconcile\` ends ${wallet.fundsNoVmStreams === 1 ? 'it' : 'them'} and reports the refund`]
          : []),
        `Network   : ${wallet.paymentsNetwork} (chain id ${wallet.chainId})${wallet.hasFaucet ? ' — testnet faucet: golem wallet faucet' : ''}`,
        `Key       : ${wallet.keyPath ?? 'GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY'}`,
        `Runway    : ${runway ? `${runwayText(runway)} at the monitor's policy (${formatEth(runway.burnRatePerSecondWei * 3600n, 8)}/h)` : 'no VM running'}`,
      ]);
      if (warning) io.stderr.write(`Warning: ${warning}\n`);
    }
    for (const {streamId, error} of wallet.unreadStreams) {
      io.stderr.write(`error: stream ${streamId} could not be read, not counted in Locked: ${sanitizeText(error)}\n`);
    }
    return 0;
  },
});
