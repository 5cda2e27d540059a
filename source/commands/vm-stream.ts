import {InvalidInputError} from '../errors.js';
import {parseFixed18} from '../lib/decimal.js';
import {formatDuration, formatEth} from '../lib/format.js';
import {sanitizeText} from '../lib/sanitize.js';
import type {LateTopUp, TopUpQuote, TopUpStreamParameters, VmQuote} from '../services/services.js';
import {streamState} from '../services/streams/stream-state.js';
import type {StreamState, StreamStatus} from '../services/types.js';
import {assertCanConfirm, confirm} from '../ui/prompts/confirm.js';
import type {CommandIo} from './command.js';
import {quoteLines} from './vm-create.js';
import {parseStreamId, requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {checkProviderFlags, chooseRentalProvider, RENTAL_PROVIDER_HELP, rentalFlags, rentalHours} from './rental-flags.js';
import {streamStatusJson, streamViewJson} from './json-shapes.js';
import {ageText, writeJson, writeLines} from './output.js';
import {plainTable} from './plain-table.js';
import {withServices} from './with-services.js';

/** The state of `status` against the monitor's minimum runway (`config.monitor.minRemainingSeconds`, seconds). */
function stateOf(io: CommandIo, status: StreamStatus): StreamState {
  return streamState(status, io.config().monitor.minRemainingSeconds);
}

function statusLines(title: string, status: StreamStatus, state: StreamState): string[] {
  const {chain, computed} = status;
  return [
    title,
    `  state         : ${state}`,
    `  recipient     : ${chain.recipient}`,
    `  sender        : ${chain.sender}`,
    `  startTime     : ${chain.startTime}  stopTime: ${chain.stopTime}  now: ${computed.now}`,
    `  runway        : ${formatDuration(computed.remainingSeconds)} (${computed.remainingSeconds} s)`,
    `  rate          : ${chain.ratePerSecond} wei/s (${formatEth(chain.ratePerSecond * 3600n, 8)}/hour)`,
    `  deposit       : ${chain.deposit} wei (${formatEth(chain.deposit, 8)})  withdrawn: ${chain.withdrawn}`,
    `  vested        : ${computed.vestedWei}  withdrawable: ${computed.withdrawableWei}`,
  ];
}

/** `golem vm stream list` — reference §1.15, from the chain rather than each provider. */
export const streamListCommand = defineCommand({
  path: ['vm', 'stream', 'list'],
  description: 'List payment stream status for all known streams.',
  help: `
  Usage
    $ golem vm stream list [--json]

  Options
    --json  Output in JSON format

  Streams are read in JSON-RPC batches of GOLEM_REQUESTOR_RPC_BATCH_SIZE calls; an endpoint that refuses a batch
  gets smaller ones, down to single calls. A stream that still cannot be read is listed as unreadable, with
  one error line (stderr) per stream; with --json it carries "error".

  Examples
    $ golem vm stream list
    $ golem vm stream list --json | jq '.streams'
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const views = await withServices(io, (services) => services.listStreams());
    if (flags.json) {
      writeJson(io, {streams: views.map(streamViewJson)});
      return 0;
    }
    if (views.length === 0) {
      io.stderr.write('No streams found.\n');
      return 0;
    }
    writeLines(
      io,
      plainTable(
        [{header: 'Stream', align: 'right'}, {header: 'State'}, {header: 'Runway', align: 'right'}, {header: 'Deposit'}, {header: 'Rate'}, {header: 'VM', maxWidth: 40}, {header: 'Opened'}],
        views.map(({record, status, state, error, fundsNoVm}) => [
          String(record.streamId),
          error ? 'unreadable' : record.status === 'vanished' ? 'chain gone' : (state ?? record.status),
          status ? formatDuration(status.computed.remainingSeconds) : '—',
          formatEth(status?.chain.deposit ?? record.depositWei, 8),
          `${status?.chain.ratePerSecond ?? record.ratePerSecondWei} wei/s`,
          fundsNoVm ? `${record.vmName ?? '—'} (funds no VM)` : (record.vmName ?? '—'),
          ageText(record.createdAt),
        ]),
      ),
    );
    // The rows that were read stay above; one line per stream the endpoint did not return (case-32).
    for (const {error} of views) if (error) io.stderr.write(`error: ${sanitizeText(error)}\n`);
    return 0;
  },
});

/** `--hours` of `vm stream open`: `max`, a positive whole number, or the policy default (`rentalHours`). */
function streamOpenHours(io: Parameters<typeof rentalHours>[0], hours: string | undefined): number | 'max' {
  if (hours === undefined) return rentalHours(io, undefined);
  if (hours.trim().toLowerCase() === 'max') return 'max';
  if (!/^\s*\d+\s*$/.test(hours) || Number(hours) <= 0) throw new InvalidInputError({issues: [`--hours must be a positive whole number or max, got ${hours}.`]});
  return Number(hours);
}

/** `golem vm stream open` — reference §1.16: a stream for a planned rental (text, or JSON with `--json`). */
export const streamOpenCommand = defineCommand({
  path: ['vm', 'stream', 'open'],
  description: 'Open a payment stream for a planned VM rental.',
  help: `
  Usage
    $ golem vm stream open --cpu N --memory GB --storage GB [--provider NAME|ID] [--hours H] [--yes] [--json]

  Options
${RENTAL_PROVIDER_HELP}
    --cpu                 CPU cores for rate calc
    --memory              Memory (GB) for rate calc
    --storage             Storage (GB) for rate calc
    --hours               Deposit coverage in hours (default: the monitor's top-up target, 2 h with the
                          default settings), or max: everything spendable (the balance less this transaction's fee cap)
    --yes                 Do not prompt for confirmation (needed without a terminal and with --json)
    --json                Print {"stream_id", "rate_per_second_wei", "deposit_wei", "tx", "provider_id"}

  Shows the rate, the cost per hour and per month (ETH and USD), the deposit and the gas bound, then asks before
  paying. Pass the stream id to \`golem vm create --stream-id\`.

  Examples
    $ golem vm stream open --provider devnet-alpha --cpu 1 --memory 1 --storage 10 --hours 2
    $ golem vm stream open --cpu 1 --memory 1 --storage 10 --yes --json | jq -r .stream_id
`,
  flags: {
    ...rentalFlags,
    // A string, so that `--hours max` (everything spendable) can be given.
    hours: {type: 'string'},
    yes: {type: 'boolean', default: false},
    json: {type: 'boolean', default: false},
  },
  async run(io, {flags}) {
    checkProviderFlags(flags);
    if (!flags.yes) assertCanConfirm(io, '--yes');
    const {result, providerId} = await withServices(io, async (services) => {
      const {offer, reason} = await chooseRentalProvider(services, flags);
      const who = `${offer.advert.providerName ?? '(no name)'} ${offer.advert.providerId}`;
      const confirmQuote = async (quote: VmQuote) => {
        io.stderr.write(`${quoteLines(`Stream to provider ${who} (${reason})`, quote).join('\n')}\n`);
        return confirm({...io, question: 'Open the stream?', skipFlag: '--yes'});
      };
      if (flags.yes) io.stderr.write(`→ Provider ${who} (${reason})\n`);
      const opened = await services.openStream({
        providerId: offer.advert.providerId,
        resources: {cpu: flags.cpu, memory: flags.memory, storage: flags.storage},
        hours: streamOpenHours(io, flags.hours),
        confirm: flags.yes ? undefined : confirmQuote,
      });
      return {result: opened, providerId: offer.advert.providerId};
    });
    if (flags.json) {
      writeJson(io, {stream_id: result.streamId, rate_per_second_wei: result.ratePerSecondWei, deposit_wei: result.depositWei, tx: result.txHash, provider_id: providerId});
    } else {
      writeLines(io, [
        `Stream ${result.streamId} is open: ${formatEth(result.depositWei, 8)} deposit at ${result.ratePerSecondWei} wei/s.`,
        `  Transaction: ${result.txHash}`,
        `  Use it: golem vm create NAME --stream-id ${result.streamId} --provider ${providerId} --cpu ${flags.cpu} --memory ${flags.memory} --storage ${flags.storage}`,
      ]);
    }
    return 0;
  },
});

/**
 * Parses an ETH amount flag exactly into wei: a plain decimal (`0.001`, `2`, `.5`) with at most 18 fraction digits
 * and more than 0 (lib/decimal, no floats; reference §14.1 item 20). Throws `InvalidInputError` naming `flag`.
 *
 * @example
 * parseEthAmount('0.000000000000000001', '--amount') // → 1n
 */
export function parseEthAmount(text: string, flag: string): bigint {
  const wei = /^(\d+(\.\d{0,18})?|\.\d{1,18})$/.test(text.trim()) ? parseFixed18(text.trim()) : null;
  if (!wei) {
    throw new InvalidInputError({
      issues: [`${flag} must be a positive ETH amount with at most 18 decimals (e.g. 0.001), got '${text}'.`],
    });
  }
  return wei;
}

/**
 * The top-up the flags ask for: exactly one of `--hours` (whole hours at the stream's rate), `--amount` or its
 * reference alias `--glm` (ETH; the stream token is native ETH, reference §1.17). Throws `InvalidInputError`.
 */
export function topUpParameters(
  streamId: bigint,
  flags: {hours?: number | string | undefined; amount?: string | undefined; glm?: string | undefined},
): TopUpStreamParameters {
  const given = (['hours', 'amount', 'glm'] as const).filter((name) => flags[name] !== undefined);
  if (given.length !== 1) {
    throw new InvalidInputError({
      issues: [
        given.length === 0
          ? 'Provide either --hours or --amount (ETH).'
          : `Provide only one of --hours and --amount (--glm is --amount), got ${given.map((name) => `--${name}`).join(' and ')}.`,
      ],
      hint: 'golem vm stream topup --stream-id N --hours 1',
    });
  }
  // "max": everything spendable, the balance less this transaction's fee cap (issue 11 item 7).
  if ([flags.hours, flags.amount, flags.glm].some((value) => typeof value === 'string' && value.trim().toLowerCase() === 'max')) {
    return {streamId, max: true};
  }
  if (flags.hours !== undefined) {
    const hours = typeof flags.hours === 'number' ? flags.hours : /^\s*\d+\s*$/.test(flags.hours) ? Number(flags.hours) : Number.NaN;
    if (!Number.isSafeInteger(hours) || hours <= 0) {
      throw new InvalidInputError({issues: [`--hours must be a positive whole number or max, got ${flags.hours}.`]});
    }
    return {streamId, hours};
  }
  const flag = flags.amount === undefined ? '--glm' : '--amount';
  return {streamId, amountWei: parseEthAmount((flags.amount ?? flags.glm)!, flag)};
}

/** `golem vm stream topup` — reference §1.17; `--amount` is in ETH (the stream token), `--glm` kept as its alias. */
export const streamTopUpCommand = defineCommand({
  path: ['vm', 'stream', 'topup'],
  description: 'Top up a stream by hours or an ETH amount.',
  help: `
  Usage
    $ golem vm stream topup --stream-id N (--hours H | --amount ETH | --amount max) [--yes]

  Options
    --stream-id  The stream to fund
    --hours      Whole hours of runway to add at the stream's rate (max: everything spendable)
    --amount     Exact amount of ETH to add (e.g. 0.001), or max: exactly the wallet's "Spendable" (the balance
                 less the fee cap of this transaction); --glm is an alias (the reference's name)
    --yes        Do not ask: send the top-up (also for a stream that already ran out: the idle time is paid too)
    --json       Print {"stream_id", "topped_up_wei", "new_stop_time", "tx"} (needs --yes)

  Shows the amount and the runway it buys and asks first (unless --yes; without a terminal --yes is required).
  Terminated and halted streams are refused.

  Examples
    $ golem vm stream topup --stream-id 7 --hours 2
    $ golem vm stream topup --stream-id 7 --amount 0.001 --yes
    $ golem vm stream topup --stream-id 7 --amount max --yes
`,
  flags: {
    streamId: {type: 'string', isRequired: true},
    hours: {type: 'string'},
    amount: {type: 'string'},
    glm: {type: 'string'},
    yes: {type: 'boolean', default: false},
    json: {type: 'boolean', default: false},
  },
  async run(io, {flags}) {
    const streamId = parseStreamId(flags.streamId);
    const parameters = topUpParameters(streamId, flags);
    // Under --json nothing is asked: refuse before reading the chain. A script without --json sees the quote first.
    if (!flags.yes && io.isJson) assertCanConfirm(io, '--yes');
    const confirmLate = async (late: LateTopUp) => {
      if (flags.yes) return true;
      io.stderr.write(
        `Stream ${streamId} ran out ${formatDuration(late.gapSeconds)} ago: ${formatEth(late.gapWei, 8)} of this top-up pays for that idle time at once.\n`,
      );
      return confirm({...io, question: 'Top it up anyway?', skipFlag: '--yes'});
    };
    const confirmQuote = async (quote: TopUpQuote) => {
      io.stderr.write(
        `Top up stream ${streamId} by ${formatEth(quote.amountWei, 8)} (${quote.amountWei} wei): +${formatDuration(quote.addedSeconds)} of runway at ${quote.ratePerSecondWei} wei/s (${formatDuration(quote.remainingSeconds)} left now).\n`,
      );
      return confirm({...io, question: 'Send the top-up?', skipFlag: '--yes'});
    };
    const result = await withServices(io, (services) =>
      services.topUpStream({...parameters, confirmLate, confirm: flags.yes ? undefined : confirmQuote}),
    );
    if (flags.json) {
      writeJson(io, {stream_id: result.streamId, topped_up_wei: result.toppedUpWei, new_stop_time: result.newStopTime, tx: result.txHash});
    } else {
      const stopsAt = new Date(Number(result.newStopTime) * 1000).toISOString();
      writeLines(io, [`Stream ${result.streamId} topped up by ${formatEth(result.toppedUpWei, 8)}; it now runs until ${stopsAt}.`, `  Transaction: ${result.txHash}`]);
    }
    return 0;
  },
});

/** `golem vm stream status NAME` — reference §1.18, read from the chain. */
export const streamStatusCommand = defineCommand({
  path: ['vm', 'stream', 'status'],
  description: 'Show the payment stream status for a VM by name.',
  help: `
  Usage
    $ golem vm stream status NAME [--json]

  Options
    --json  Output in JSON format

  Examples
    $ golem vm stream status web-1
    $ golem vm stream status web-1 --json
`,
  args: [{name: 'NAME'}],
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {args, flags}) {
    const name = requireVmName(args);
    const {vm, status} = await withServices(io, async (services) => {
      const found = await services.getVm(name);
      if (found.streamId === null) throw new InvalidInputError({issues: [`VM '${name}' has no stream.`]});
      return {vm: found, status: await services.inspectStream(found.streamId)};
    });
    const isVerified = !status.isTerminated && !status.chain.halted && status.chain.recipient.toLowerCase() === vm.providerId.toLowerCase();
    const state = stateOf(io, status);
    if (flags.json) writeJson(io, {vm_id: vm.vmId, ...streamStatusJson(status), state, verified: isVerified});
    else writeLines(io, statusLines(`Stream ${status.streamId} for VM '${name}'`, status, state));
    return 0;
  },
});

/** `golem vm stream inspect --stream-id N` — reference §1.19. */
export const streamInspectCommand = defineCommand({
  path: ['vm', 'stream', 'inspect'],
  description: 'Inspect a stream directly on-chain (no provider required).',
  help: `
  Usage
    $ golem vm stream inspect --stream-id N [--json]

  Options
    --stream-id  The stream to read on chain
    --json       Output in JSON format

  Examples
    $ golem vm stream inspect --stream-id 7 --json
`,
  flags: {streamId: {type: 'string', isRequired: true}, json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const streamId = parseStreamId(flags.streamId);
    const status = await withServices(io, (services) => services.inspectStream(streamId));
    const state = stateOf(io, status);
    if (flags.json) writeJson(io, {...streamStatusJson(status), state});
    else writeLines(io, statusLines(`On-chain stream ${streamId}`, status, state));
    return 0;
  },
});

/** `golem vm stream terminate --stream-id N` — ends a stream no running VM uses and prints the refund. */
export const streamTerminateCommand = defineCommand({
  path: ['vm', 'stream', 'terminate'],
  description: 'End a stream that funds no running VM and get its unspent deposit back.',
  help: `
  Usage
    $ golem vm stream terminate --stream-id N [--json]

  Options
    --stream-id  The stream to end
    --json       Print the refund and payout (wei) as JSON

  For streams left without a VM (an interrupted create, \`golem vm stream open\`). A running VM's stream is ended
  with \`golem vm stop\` or \`golem vm destroy\`.

  Examples
    $ golem vm stream terminate --stream-id 7
`,
  flags: {streamId: {type: 'string', isRequired: true}, json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const streamId = parseStreamId(flags.streamId);
    const result = await withServices(io, (services) => services.terminateStream(streamId));
    if (flags.json) {
      writeJson(io, {stream_id: streamId, refund_wei: result.refundWei, payout_wei: result.payoutWei, tx: result.txHash});
    } else if (result.wasAlreadyEnded) {
      writeLines(io, [`Stream ${streamId} was already ended; nothing more to refund.`]);
    } else {
      writeLines(io, [`Stream ${streamId} ended.`, `  Refund : ${formatEth(result.refundWei, 8)} back to the wallet`, `  Paid   : ${formatEth(result.payoutWei, 8)} to the provider`]);
    }
    return 0;
  },
});
