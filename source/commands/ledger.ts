import {InvalidInputError} from '../errors.js';
import {spendByTime} from '../services/ledger/spend-over-time.js';
import {parseStreamId} from './arguments.js';
import {defineCommand} from './command.js';
import {
  aggregateCsv,
  bucketJson,
  bucketLines,
  ledgerCsv,
  ledgerJson,
  movementLines,
  reconciliationLines,
  utcTime,
  vmLines,
  vmSpendJson,
} from './ledger-format.js';
import {writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

const RELATIVE = /^(\d+)\s*(m|h|d|w)$/;
const UNIT_SECONDS = {m: 60, h: 3600, d: 86_400, w: 604_800} as const;

/**
 * A `--since`/`--until` value: an ISO date or date-time (`2026-12-01`, `2026-12-01T08:00Z`) or a time ago (`30m`,
 * `24h`, `7d`, `2w`). Throws `InvalidInputError` naming the flag.
 */
export function parseLedgerTime(flag: string, text: string, now = new Date()): Date {
  const relative = RELATIVE.exec(text.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_SECONDS[relative[2] as keyof typeof UNIT_SECONDS] * 1000);
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim()) || Number.isNaN(time)) {
    throw new InvalidInputError({issues: [`--${flag} must be a date (2026-12-01), a date-time (2026-12-01T08:00Z) or a time ago (24h, 7d), got '${text}'.`]});
  }
  return new Date(time);
}

function parseBlock(flag: string, text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new InvalidInputError({issues: [`--${flag} must be a block number, got '${text}'.`]});
  return BigInt(text);
}

/**
 * `golem ledger` — where every wei went (issue 15): every movement of the wallet's money that golem caused, read from
 * the chain (StreamPayment events and transaction receipts, never golem's memory), with totals per VM and the
 * balance check of the period (balance at start + incoming − deposits − top-ups − gas + refunds = balance at end,
 * to the wei). `--by hour|day|vm` aggregates spend; `--json` (wei as decimal strings) and `--csv` for scripts.
 */
export const ledgerCommand = defineCommand({
  path: ['ledger'],
  description: 'Where every wei went: deposits, top-ups, refunds, gas, from the chain.',
  help: `
  Usage
    $ golem ledger [--since TIME] [--until TIME] [--vm NAME] [--stream ID] [--by hour|day|vm] [--json | --csv]

  Options
    --since TIME       Start of the period: 2026-12-01, 2026-12-01T08:00Z, or a time ago (24h, 7d). Default: the contract's deployment
    --until TIME       End of the period (same forms). Default: now (the latest block)
    --from-block N     Start at this block instead of --since
    --to-block N       End at this block instead of --until
    --vm NAME          Only the movements of this VM's streams
    --stream ID        Only the movements of this stream
    --by UNIT          Spend per hour, day or vm instead of every movement
    --json             Print one JSON document (amounts in wei as decimal strings)
    --csv              Print CSV for a spreadsheet (amounts in wei and in ETH)

  Everything is read from the chain: the contract's events for your streams and the receipts of the transactions
  golem sent. The balance check always covers the whole wallet; a difference is shown with what explains it, never
  hidden. Spent = what vested to providers + gas; deposits and refunds are money parked in streams and returned.
  On the devnet (or a short period) the blocks are scanned for transfers to the wallet (faucet, funding).

  Examples
    $ golem ledger --since 7d
    $ golem ledger --by day
    $ golem ledger --vm web-1 --csv > web-1.csv
    $ golem ledger --json | jq .reconciliation.is_balanced
`,
  flags: {
    since: {type: 'string'},
    until: {type: 'string'},
    fromBlock: {type: 'string'},
    toBlock: {type: 'string'},
    vm: {type: 'string'},
    stream: {type: 'string'},
    by: {type: 'string', choices: ['hour', 'day', 'vm']},
    json: {type: 'boolean', default: false},
    csv: {type: 'boolean', default: false},
  },
  async run(io, {flags}) {
    if (flags.json && flags.csv) throw new InvalidInputError({issues: ['Give --json or --csv, not both.']});
    if (flags.since !== undefined && flags.fromBlock !== undefined) throw new InvalidInputError({issues: ['Give --since or --from-block, not both.']});
    if (flags.until !== undefined && flags.toBlock !== undefined) throw new InvalidInputError({issues: ['Give --until or --to-block, not both.']});
    const fromBlock = parseBlock('from-block', flags.fromBlock);
    const toBlock = parseBlock('to-block', flags.toBlock);
    if (fromBlock !== undefined && toBlock !== undefined && fromBlock > toBlock) {
      throw new InvalidInputError({issues: [`--from-block ${fromBlock} is after --to-block ${toBlock}.`]});
    }
    const parameters = {
      since: flags.since === undefined ? undefined : parseLedgerTime('since', flags.since),
      until: flags.until === undefined ? undefined : parseLedgerTime('until', flags.until),
      fromBlock,
      toBlock,
      vmName: flags.vm,
      streamId: flags.stream === undefined ? undefined : parseStreamId(flags.stream),
    };
    const ledger = await withServices(io, (services) => services.getLedger(parameters));
    const by = flags.by as 'hour' | 'day' | 'vm' | undefined;
    const {start, end} = ledger.reconciliation;
    const buckets = by === 'hour' || by === 'day'
      ? spendByTime(ledger.movements, ledger.streams, {unit: by, from: start.timestamp, to: end.timestamp})
      : null;
    if (flags.json) {
      writeJson(io, ledgerJson(ledger, buckets));
      return 0;
    }
    if (flags.csv) {
      writeLines(io, by === 'vm' ? aggregateCsv(ledger.byVm.map(vmSpendJson)) : buckets ? aggregateCsv(buckets.map(bucketJson)) : ledgerCsv(ledger.movements));
      return 0;
    }
    const title = `Ledger of ${ledger.walletAddress} on chain ${ledger.chainId}, blocks ${ledger.fromBlock}–${ledger.toBlock} (${utcTime(start.timestamp)} → ${utcTime(end.timestamp)} UTC)`;
    const body = by === 'vm' ? vmLines(ledger.byVm) : buckets ? bucketLines(buckets) : [...movementLines(ledger.movements), '', ...vmLines(ledger.byVm)];
    writeLines(io, [title, '', ...body, '', ...reconciliationLines(ledger)]);
    return 0;
  },
});
