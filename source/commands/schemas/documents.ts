/**
 * The `--json` document of every command that reports a result, keyed by the command's path joined with spaces
 * (issue 14). `npm run schemas` writes each one as JSON Schema (draft 2020-12, `z.toJSONSchema`) to
 * `schemas/<path joined by '-'>.schema.json`; tests validate real output against those files with ajv.
 * `isLines` marks JSON-lines output (one document per line, each valid against the schema).
 */
import {z} from 'zod';
import {ledgerDocument} from './ledger-document.js';
import {address, isoTime, streamComputed, streamStatusDocument, txHash, uintText, usdText, vmDocument} from './shared.js';

/** One published document: its schema, a one-line description and whether it is JSON lines. */
export type DocumentSpec = {readonly schema: z.ZodType; readonly description: string; readonly isLines?: boolean};

const providerDocument = z.object({
  provider_id: address,
  provider_name: z.string(),
  ip_address: z.string(),
  provider_port: z.number().int(),
  country: z.string().nullable(),
  platform: z.string().nullable(),
  payments_network: z.string().nullable(),
  resources: z.object({cpu: z.number(), memory: z.number(), storage: z.number()}),
  pricing: z.object({usd_per_core_month: usdText.nullable(), usd_per_gb_ram_month: usdText.nullable(), usd_per_gb_storage_month: usdText.nullable()}),
  updated_at: isoTime.nullable(),
  estimate: z
    .object({usd_per_month: usdText.nullable(), usd_per_hour: usdText.nullable(), rate_per_second_wei: uintText, wei_per_hour: uintText, wei_per_month: uintText})
    .optional(),
});

const streamListEntry = z.object({
  stream_id: uintText,
  name: z.string().nullable(),
  recipient: address,
  deposit_wei: uintText,
  rate_per_second_wei: uintText,
  status: z.string(),
  create_tx: txHash.nullable(),
  created_at: isoTime,
  computed: streamComputed.nullable(),
  error: z.string().nullable(),
  state: z.string().nullable(),
  /** An open stream that funds no VM the user can see (`golem vm reconcile` ends it; issue 11). */
  funds_no_vm: z.boolean(),
});

const holder = z.object({pid: z.number().int(), hostname: z.string(), role: z.string(), since: isoTime, heartbeat_at: isoTime});
const monitorEvent = z.discriminatedUnion('type', [
  z.object({type: z.literal('funding'), holder}),
  z.object({type: z.literal('standby'), holder}),
  z.object({type: z.literal('pass'), checked: z.number().int(), topped_up: z.number().int(), at: isoTime}),
  z.object({type: z.literal('topped-up'), stream_id: uintText, vm_name: z.string().nullable(), amount_wei: uintText, new_stop_time: uintText, tx_hash: txHash}),
  z.object({type: z.literal('warning'), stream_id: uintText.nullable(), vm_name: z.string().nullable(), message: z.string()}),
]);

const devnetProvider = z.object({name: z.string(), provider_id: address, country: z.string(), url: z.string(), port: z.number().int(), state_dir: z.string()});
const devnetState = z.looseObject({
  chain_id: z.number().int(),
  rpc_url: z.string(),
  discovery_url: z.string(),
  stream_payment_address: address,
  wallet_address: address,
  pid: z.number().int(),
  anvil_pid: z.number().int(),
  providers: z.array(devnetProvider),
});
const probe = z.looseObject({url: z.string(), is_up: z.boolean(), error: z.string().nullable()});

const check = z.object({
  name: z.string(),
  status: z.enum(['ok', 'warning', 'failed', 'skipped']),
  detail: z.string(),
  fix: z.string().nullable(),
});

const forwardEvent = z.object({
  event: z.enum(['listening', 'connected', 'connection_lost', 'tunnel_opened', 'tunnel_failed']),
  local_port: z.number().int().optional(),
  remote_host: z.string().optional(),
  remote_port: z.number().int().optional(),
  host: z.string().optional(),
  port: z.number().int().optional(),
  message: z.string().optional(),
  retry_in_ms: z.number().optional(),
});

const walletKeyDocument = z.object({key_path: z.string(), address, encrypted: z.boolean()});

/** Every published document (see the module comment). */
export const documents: Readonly<Record<string, DocumentSpec>> = {
  'vm providers': {description: 'Providers matching the filters, cheapest first.', schema: z.object({providers: z.array(providerDocument)})},
  'vm create': {
    description: 'The VM created and the stream funding it.',
    schema: z.object({
      vm: vmDocument,
      stream_id: uintText,
      deposit_wei: uintText.nullable(),
      tx: txHash.nullable(),
      ssh_key: z.string(),
      provider_name: z.string().nullable(),
      host_key: z.object({alias: z.string(), fingerprint: z.string().regex(/^SHA256:/), key_type: z.string()}).nullable(),
      ssh_command: z.string().nullable(),
    }),
  },
  'vm list': {description: 'Every VM golem knows.', schema: z.object({vms: z.array(vmDocument)})},
  'vm info': {
    description: 'One VM with its stream, runway, cost so far and ssh command.',
    schema: vmDocument.extend({
      host_key_alias: z.string(),
      ssh_host_alias: z.string().nullable(),
      ssh_command: z.string().nullable(),
      stream: z.object({rate_per_second_wei: uintText, remaining_seconds: uintText, spent_wei: uintText, deposit_wei: uintText, stop_time: uintText, state: z.string()}).nullable(),
      stream_error: z.string().nullable(),
    }),
  },
  'vm cp': {
    description: 'What was copied, one entry per source.',
    schema: z.object({
      copies: z.array(
        z.object({
          name: z.string(),
          direction: z.enum(['upload', 'download']),
          destination: z.string(),
          files: z.number().int(),
          directories: z.number().int(),
          bytes: z.number().int(),
          elapsed_ms: z.number(),
          skipped: z.array(z.string()),
        }),
      ),
    }),
  },
  'vm forward': {description: 'One forward event per line, until Ctrl-C.', isLines: true, schema: forwardEvent},
  'ssh-config': {
    description: 'The OpenSSH config of every VM, and the Include line that uses it.',
    schema: z.object({
      /** Where `--write` keeps the config; null when it was only printed. */
      path: z.string().nullable(),
      include_line: z.string(),
      hosts: z.array(
        z.object({
          name: z.string(),
          host_alias: z.string(),
          host_key_alias: z.string(),
          hostname: z.string(),
          port: z.number().int(),
          user: z.string(),
          identity_file: z.string(),
          known_hosts: z.string(),
        }),
      ),
    }),
  },
  ledger: {description: "Every movement of the wallet's money golem caused, from the chain, and the balance check.", schema: ledgerDocument},
  'vm start': {description: 'The VM started and its new stream.', schema: z.object({vm: vmDocument, stream_id: uintText, deposit_wei: uintText})},
  'vm stop': {description: 'The VM stopped and its stream ended.', schema: z.object({vm: vmDocument, stream_id: uintText.nullable(), refund_wei: uintText.nullable()})},
  'vm destroy': {
    description: 'The VM destroyed and its refund.',
    schema: z.object({name: z.string(), stream_id: uintText.nullable(), refund_wei: uintText, payout_wei: uintText, tx: txHash.nullable()}),
  },
  'vm stream list': {description: 'Every stream golem knows, read from the chain.', schema: z.looseObject({streams: z.array(streamListEntry)})},
  'vm stream open': {
    description: 'The stream opened for a planned rental.',
    schema: z.object({stream_id: uintText, rate_per_second_wei: uintText, deposit_wei: uintText, tx: txHash, provider_id: address}),
  },
  'vm stream topup': {
    description: 'The top-up sent.',
    schema: z.object({stream_id: uintText, topped_up_wei: uintText, new_stop_time: uintText, tx: txHash}),
  },
  'vm stream terminate': {
    description: 'The stream ended and its refund.',
    schema: z.object({stream_id: uintText, refund_wei: uintText, payout_wei: uintText, tx: txHash}),
  },
  'vm stream status': {description: "A VM's stream on the chain.", schema: streamStatusDocument.extend({vm_id: z.string().nullable(), verified: z.boolean()})},
  'vm stream inspect': {description: 'A stream read directly from the chain.', schema: streamStatusDocument},
  'vm purge': {
    description: 'What purge destroyed, failed on and skipped.',
    schema: z.object({
      purged: z.array(
        z.object({
          name: z.string(),
          provider_id: address,
          stream_id: uintText.nullable(),
          refund_wei: uintText,
          payout_wei: uintText,
          tx: txHash.nullable(),
          left_on_provider: z.boolean(),
          warnings: z.array(z.string()),
        }),
      ),
      failed: z.array(z.object({name: z.string(), error: z.string()})),
      skipped: z.array(z.string()),
      total_refund_wei: uintText,
    }),
  },
  'vm reconcile': {
    description: 'What reconcile settled.',
    schema: z.object({
      actions: z.array(z.object({kind: z.string(), vm_name: z.string().nullable(), stream_id: uintText.nullable(), refund_wei: uintText.nullable(), tx: txHash.nullable(), message: z.string()})),
      in_progress: z.number().int(),
    }),
  },
  'vm stats': {
    description: "A VM's CPU, memory and disk use, one reading.",
    schema: z.object({
      name: z.string(),
      cpu_percent: z.number().nullable(),
      memory: z.object({used_bytes: z.number(), total_bytes: z.number()}).nullable(),
      disk: z.object({used_bytes: z.number(), total_bytes: z.number()}).nullable(),
      at: isoTime,
    }),
  },
  wallet: {
    description: 'The wallet: address, balance, spendable, locked in streams.',
    schema: z.looseObject({
      address,
      balance_wei: uintText,
      spendable_wei: uintText,
      locked_wei: uintText,
      open_streams: z.number().int(),
      has_faucet: z.boolean(),
      chain_id: z.number().int(),
      payments_network: z.string(),
      key_path: z.string().nullable(),
    }),
  },
  'wallet faucet': {
    description: 'What the faucet did.',
    schema: z.union([
      z.object({address, status: z.literal('funded'), tx: txHash}),
      z.object({address, status: z.literal('skipped'), tx: z.null(), balance_wei: uintText, threshold_wei: uintText}),
    ]),
  },
  'wallet encrypt': {description: 'The key file now encrypted.', schema: walletKeyDocument},
  'wallet decrypt': {description: 'The key file now in plain text.', schema: walletKeyDocument},
  'wallet password': {description: 'The key file re-encrypted with a new password.', schema: walletKeyDocument},
  monitor: {description: 'One monitor event per line.', isLines: true, schema: monitorEvent},
  config: {
    description: 'Every setting, its value (secrets hidden) and source.',
    schema: z.object({
      settings_file: z.string(),
      settings: z.array(z.object({name: z.string(), setting: z.string(), value: z.string().nullable(), source: z.string(), secret: z.boolean()})),
      payments: z.object({network: z.string(), available: z.boolean(), error: z.string().nullable(), hint: z.string().nullable()}),
    }),
  },
  'devnet up': {description: 'The devnet started: endpoints, contract, providers, wallet.', schema: z.object({state: devnetState, base_dir: z.string(), exports: z.array(z.string())})},
  'devnet down': {
    description: 'What devnet down stopped.',
    schema: z.object({stopped: z.boolean(), pid: z.number().int().nullable(), forced: z.boolean(), removed_stale: z.boolean()}),
  },
  'devnet status': {
    description: 'What the devnet runs where, probed.',
    schema: z.looseObject({devnet_dir: z.string(), is_running: z.boolean(), state: devnetState.nullable(), rpc: probe.nullable(), discovery: probe.nullable(), providers: z.array(probe)}),
  },
  version: {
    description: 'The installed version and the update check.',
    schema: z.object({
      version: z.string(),
      latest: z.string().nullable(),
      update_available: z.boolean(),
      update_check: z.enum(['done', 'disabled', 'failed']),
      update_check_error: z.string().nullable(),
    }),
  },
  doctor: {
    description: 'What a rental needs, checked, with what to fix.',
    schema: z.object({ok: z.boolean(), payments_network: z.string(), checks: z.array(check)}),
  },
};

/** The schema file name of the command at `path`: `vm stream list` → `vm-stream-list.schema.json`. */
export function schemaFileName(path: readonly string[]): string {
  return `${path.join('-')}.schema.json`;
}

/** The JSON Schema of `commandPath`'s document, with `$id` and `title` (what `npm run schemas` writes). */
export function jsonSchemaFor(commandPath: string): Record<string, unknown> {
  const spec = documents[commandPath];
  if (!spec) throw new Error(`No document for 'golem ${commandPath}'.`);
  return {
    $id: `https://golem.invalid/schemas/${schemaFileName(commandPath.split(' '))}`,
    title: `golem ${commandPath} --json`,
    description: `${spec.description}${spec.isLines ? ' One document per line (JSON lines).' : ''}`,
    ...z.toJSONSchema(spec.schema, {target: 'draft-2020-12'}),
  };
}
