import {formatFixed18} from '../lib/decimal.js';
import {formatEth} from '../lib/format.js';
import {assertCanConfirm, confirm} from '../ui/prompts/confirm.js';
import {assertHours, assertResources, assertVmName} from '../services/vms/validate-vm-request.js';
import type {CreateVmReturnType, VmQuote} from '../services/services.js';
import {SECONDS_PER_HOUR, SECONDS_PER_MONTH} from '../services/streams/stream-math.js';
import {parseStreamId, requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {checkProviderFlags, chooseRentalProvider, RENTAL_PROVIDER_HELP, rentalFlags, rentalHours} from './rental-flags.js';
import {vmJson} from './json-shapes.js';
import {progressToStderr, writeJson, writeLines} from './output.js';
import {sshCommandLine} from './ssh-command-line.js';
import {withServices} from './with-services.js';

/** `units` of a token with `decimals` as an exact decimal string (no viem import on the CLI's start-up path). */
function formatTokenUnits(units: bigint, decimals: number): string {
  const base = 10n ** BigInt(decimals);
  const fraction = (units % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return fraction ? `${units / base}.${fraction}` : `${units / base}`;
}

/**
 * What a payment will cost, shown before confirming (issue 3; design.md "Rate"): the rate in wei/s, the cost per
 * hour and per 730-hour month in ETH (rate × 3600 s, rate × 2,628,000 s; reference §6.1) and in USD (the provider's
 * price), the deposit for `quote.hours`, the gas bound and the wallet balance. `title` is the first line.
 * In ERC20 mode (`quote.token`, reference §6.7) rate, costs and deposit are in the token (its symbol and decimals)
 * and the wallet line shows the token balance too; gas stays in ETH.
 * Amounts are formatted from bigint wei/fixed18 (rounded down), never through floats.
 */
export function quoteLines(title: string, quote: VmQuote): string[] {
  const {resources, estimate, token} = quote;
  const amount = (units: bigint) => (token ? `${formatTokenUnits(units, token.decimals)} ${token.symbol}` : formatEth(units, 8));
  return [
    title,
    `  Resources : ${resources.cpu} CPU, ${resources.memory} GB RAM, ${resources.storage} GB disk`,
    `  Rate      : ${estimate.ratePerSecondWei} ${token ? `${token.symbol} base units` : 'wei'}/s`,
    `  Per hour  : ${amount(estimate.ratePerSecondWei * SECONDS_PER_HOUR)} (~$${formatFixed18(estimate.usdPerHour, 4)})`,
    `  Per month : ${amount(estimate.ratePerSecondWei * SECONDS_PER_MONTH)} (~$${formatFixed18(estimate.usdPerMonth, 2)}, 730 h)`,
    `  Deposit   : ${amount(quote.depositWei)} for ${quote.hours} h (the unspent part comes back when the stream ends)`,
    `  Max gas   : ${formatEth(quote.maxGasWei, 8)}${token ? ' (approve + createStream)' : ''}`,
    `  Wallet    : ${formatEth(quote.balanceWei, 6)}${token ? `, ${amount(token.balance)}` : ''}`,
  ];
}

function successLines(result: CreateVmReturnType, paths: Parameters<typeof sshCommandLine>[1]): string[] {
  const {vm, hostKey} = result;
  const command = sshCommandLine(vm, paths);
  return [
    `VM '${vm.name}' is running.`,
    `  Provider  : ${vm.providerId}`,
    `  Stream    : ${result.streamId}${result.depositWei === null ? '' : ` (deposit ${formatEth(result.depositWei, 8)})`}`,
    `  SSH       : ${vm.sshHost ?? vm.providerIp}:${vm.sshPort}`,
    `  Key       : ${result.sshKeyPath}`,
    ...(hostKey ? [`  Host key  : ${hostKey.keyType} ${hostKey.fingerprint} (pinned as ${hostKey.hostKeyAlias})`] : []),
    '',
    `  golem vm ssh ${vm.name}`,
    ...(command ? [`  ${command}`] : []),
  ];
}

/** `golem vm create NAME` — reference §1.6, validating everything before paying. */
export const vmCreateCommand = defineCommand({
  path: ['vm', 'create'],
  description: 'Create a new VM (on the cheapest provider that fits, or the one you name).',
  help: `
  Usage
    $ golem vm create NAME --cpu N --memory GB --storage GB [--provider NAME|ID] [--hours H | --stream-id N] [--yes]

  Options
${RENTAL_PROVIDER_HELP}
    --cpu                 Number of CPU cores (1, 2, 4, 8 or 16)
    --memory              Memory in GB (1, 2, 4, 8, 16, 32 or 64)
    --storage             Disk in GB (10 or more)
    --hours               Hours of deposit for the new payment stream (default: the monitor's top-up target, 2 h
                          with the default settings, so the new stream is not topped up at once)
    --stream-id           Fund the VM from an existing stream of yours instead of opening one
    --yes                 Do not prompt for confirmation (needed without a terminal and with --json)
    --json                Print the result as JSON

  NAME: 3–64 characters, a–z, 0–9 and single hyphens, starting and ending with a letter or digit.

  Examples
    $ golem vm create web-1 --cpu 1 --memory 1 --storage 10 --hours 2
    $ golem vm create web-1 --cpu 2 --memory 4 --storage 20 --country SE --max-price-per-hour 0.05
    $ golem vm create web-1 --provider devnet-alpha --cpu 1 --memory 1 --storage 10 --yes --json
`,
  args: [{name: 'NAME'}],
  flags: {
    ...rentalFlags,
    streamId: {type: 'string'},
    yes: {type: 'boolean', default: false},
    json: {type: 'boolean', default: false},
  },
  async run(io, {args, flags}) {
    const name = requireVmName(args);
    const streamId = flags.streamId === undefined ? undefined : parseStreamId(flags.streamId);
    const resources = {cpu: flags.cpu, memory: flags.memory, storage: flags.storage};
    // Local checks first, before any network or prompt: a bad name, spec or flag is a usage error (case-30).
    assertVmName(name);
    assertResources(resources);
    if (streamId === undefined && flags.hours !== undefined) assertHours(flags.hours);
    checkProviderFlags(flags);
    if (!flags.yes) assertCanConfirm(io, '--yes');
    return withServices(io, async (services) => {
      const {offer, reason} = await chooseRentalProvider(services, flags);
      const providerName = offer.advert.providerName;
      // Asked by the service once the name, key, provider, price and funds all checked out, before paying.
      const confirmQuote = async (quote: VmQuote) => {
        const title = `VM '${name}' on provider ${providerName ?? '(no name)'} ${quote.providerId} (${reason})`;
        io.stderr.write(`${quoteLines(title, quote).join('\n')}\n`);
        return confirm({...io, question: 'Open the stream and create the VM?', skipFlag: '--yes'});
      };
      if (flags.yes) io.stderr.write(`→ Provider ${providerName ?? '(no name)'} ${offer.advert.providerId} (${reason})\n`);
      const result = await services.createVm(
        {name, providerId: offer.advert.providerId, resources, hours: rentalHours(io, flags.hours), streamId, confirm: flags.yes ? undefined : confirmQuote, signal: io.signal},
        progressToStderr(io),
      );
      if (flags.json) {
        writeJson(io, {
          vm: vmJson(result.vm),
          stream_id: result.streamId,
          deposit_wei: result.depositWei,
          tx: result.createTxHash,
          ssh_key: result.sshKeyPath,
          provider_name: providerName,
          host_key: result.hostKey ? {alias: result.hostKey.hostKeyAlias, fingerprint: result.hostKey.fingerprint, key_type: result.hostKey.keyType} : null,
          ssh_command: sshCommandLine(result.vm, io.config().paths),
        });
      } else {
        writeLines(io, successLines(result, io.config().paths));
      }
      return 0;
    });
  },
});
