import {InvalidInputError} from '../errors.js';
import {parseFixed18} from '../lib/decimal.js';
import {formatDuration, formatEth} from '../lib/format.js';
import type {StreamStatus} from '../services/types.js';
import {parseStreamId, requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {rentalFlags} from './rental-flags.js';
import {streamStatusJson, streamViewJson} from './json-shapes.js';
import {plainTable, writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

function statusLines(title: string, status: StreamStatus): string[] {
  const {chain, computed} = status;
  const state = status.isTerminated ? 'terminated' : chain.halted ? 'halted' : computed.remainingSeconds === 0n ? 'ran out' : 'open';
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
        [{header: 'Stream', align: 'right'}, {header: 'VM', maxWidth: 40}, {header: 'Status'}, {header: 'Runway', align: 'right'}, {header: 'Deposit'}, {header: 'Rate/hour'}],
        views.map(({record, status, error}) => [
          String(record.streamId),
          record.vmName ?? '—',
          error ? `error: ${error}` : record.status,
          status ? formatDuration(status.computed.remainingSeconds) : '—',
          formatEth(record.depositWei, 8),
          formatEth(record.ratePerSecondWei * 3600n, 8),
        ]),
      ),
    );
    return 0;
  },
});

/** `golem vm stream open` — reference §1.16: a stream for a planned rental; prints JSON like the reference. */
export const streamOpenCommand = defineCommand({
  path: ['vm', 'stream', 'open'],
  description: 'Open a payment stream for a planned VM rental.',
  help: `
  Usage
    $ golem vm stream open --provider-id ID --cpu N --memory GB --storage GB [--hours H]

  Prints {"stream_id", "rate_per_second_wei", "deposit_wei", "tx"}; pass the id to \`golem vm create --stream-id\`.
`,
  flags: {
    ...rentalFlags,
  },
  async run(io, {flags}) {
    const result = await withServices(io, (services) =>
      services.openStream({
        providerId: flags.providerId,
        resources: {cpu: flags.cpu, memory: flags.memory, storage: flags.storage},
        hours: flags.hours,
      }),
    );
    writeJson(io, {stream_id: result.streamId, rate_per_second_wei: result.ratePerSecondWei, deposit_wei: result.depositWei, tx: result.txHash});
    return 0;
  },
});

/** `golem vm stream topup` — reference §1.17; `--eth` replaces the misnamed `--glm` (the stream token is ETH). */
export const streamTopUpCommand = defineCommand({
  path: ['vm', 'stream', 'topup'],
  description: 'Top up a stream. Provide either --hours (at the stream rate) or --eth.',
  help: `
  Usage
    $ golem vm stream topup --stream-id N (--hours H | --eth AMOUNT)

  Options
    --stream-id  The stream to fund
    --hours      Hours of coverage to add at the stream's rate
    --eth        Exact amount of ETH to add (e.g. 0.001)
`,
  flags: {streamId: {type: 'string', isRequired: true}, hours: {type: 'number'}, eth: {type: 'string'}},
  async run(io, {flags}) {
    const streamId = parseStreamId(flags.streamId);
    if ((flags.hours === undefined) === (flags.eth === undefined)) {
      throw new InvalidInputError({issues: ['Provide either --hours or --eth (one of them).']});
    }
    let parameters: {streamId: bigint; hours: number} | {streamId: bigint; amountWei: bigint};
    if (flags.eth === undefined) {
      parameters = {streamId, hours: flags.hours!};
    } else {
      const amountWei = parseFixed18(flags.eth);
      if (!amountWei) throw new InvalidInputError({issues: [`--eth must be a positive amount, got '${flags.eth}'.`]});
      parameters = {streamId, amountWei};
    }
    const result = await withServices(io, (services) => services.topUpStream(parameters));
    writeJson(io, {stream_id: result.streamId, topped_up_wei: result.toppedUpWei, new_stop_time: result.newStopTime, tx: result.txHash});
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
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {args, flags}) {
    const name = requireVmName(args);
    const {vm, status} = await withServices(io, async (services) => {
      const found = await services.getVm(name);
      if (found.streamId === null) throw new InvalidInputError({issues: [`VM '${name}' has no stream.`]});
      return {vm: found, status: await services.inspectStream(found.streamId)};
    });
    const isVerified = !status.isTerminated && !status.chain.halted && status.chain.recipient.toLowerCase() === vm.providerId.toLowerCase();
    if (flags.json) writeJson(io, {vm_id: vm.vmId, ...streamStatusJson(status), verified: isVerified});
    else writeLines(io, statusLines(`Stream ${status.streamId} for VM '${name}'`, status));
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
`,
  flags: {streamId: {type: 'string', isRequired: true}, json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const streamId = parseStreamId(flags.streamId);
    const status = await withServices(io, (services) => services.inspectStream(streamId));
    if (flags.json) writeJson(io, streamStatusJson(status));
    else writeLines(io, statusLines(`On-chain stream ${streamId}`, status));
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

  For streams left without a VM (an interrupted create, \`golem vm stream open\`). A running VM's stream is ended
  with \`golem vm stop\` or \`golem vm destroy\`.
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
