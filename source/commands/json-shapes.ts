/**
 * JSON shapes of `--json` output. Keys follow the reference (§1.5, §1.7, §1.19, §4.9) so scripts written for it
 * keep working; every uint256 (wei, stream ids, chain times) is a decimal string (design.md money rules).
 */
import {formatFixed18} from '../lib/decimal.js';
import {vmStatusWord} from '../lib/vm-status-text.js';
import type {ProviderOffer, StreamView} from '../services/services.js';
import {SECONDS_PER_MONTH} from '../services/streams/stream-math.js';
import type {StreamStatus, Vm} from '../services/types.js';

const usd = (value: bigint | null) => (value === null ? null : formatFixed18(value, 8));

/** A provider as in `{"providers": […]}`; `estimate` only when one could be computed (reference §1.5). */
export function providerJson({advert, estimate}: ProviderOffer) {
  return {
    provider_id: advert.providerId,
    provider_name: advert.providerName,
    ip_address: advert.ipAddress,
    provider_port: advert.port,
    country: advert.country,
    platform: advert.platform,
    payments_network: advert.paymentsNetwork,
    resources: advert.resources,
    pricing: {
      usd_per_core_month: usd(advert.pricing.usdPerCoreMonth),
      usd_per_gb_ram_month: usd(advert.pricing.usdPerGbRamMonth),
      usd_per_gb_storage_month: usd(advert.pricing.usdPerGbStorageMonth),
    },
    updated_at: advert.updatedAt,
    ...(estimate && {
      estimate: {
        usd_per_month: usd(estimate.usdPerMonth),
        usd_per_hour: usd(estimate.usdPerHour),
        rate_per_second_wei: estimate.ratePerSecondWei,
        wei_per_hour: estimate.weiPerHour,
        wei_per_month: estimate.ratePerSecondWei * SECONDS_PER_MONTH,
      },
    }),
  };
}

/**
 * A VM as in `{"vms": […]}` (reference §1.7 row shape, plus provider id/port and ssh host, and since issue 11 the
 * status's date: `confirmed_at`, `unreachable_since`, `last_confirmed_status`).
 */
export function vmJson(vm: Vm) {
  return {
    name: vm.name,
    provider_id: vm.providerId,
    provider_ip: vm.providerIp,
    provider_port: vm.providerPort,
    vm_id: vm.vmId,
    config: {...vm.resources, ssh_port: vm.sshPort, stream_id: vm.streamId},
    ssh_host: vm.sshHost,
    // `unreachable`/`missing` when the last confirmed state is not current (issue 11); the fact and its date follow.
    status: vmStatusWord(vm),
    last_confirmed_status: vm.status,
    confirmed_at: vm.confirmedAt ?? null,
    unreachable_since: vm.unreachableSince ?? null,
    created_at: vm.createdAt,
  };
}

/** A stream's chain state and computed values (reference §1.19 `inspect` shape). */
export function streamStatusJson(status: StreamStatus) {
  const {chain, computed} = status;
  return {
    stream_id: status.streamId,
    terminated: status.isTerminated,
    chain: {
      token: chain.token,
      sender: chain.sender,
      recipient: chain.recipient,
      start_time: chain.startTime,
      stop_time: chain.stopTime,
      rate_per_second: chain.ratePerSecond,
      deposit: chain.deposit,
      withdrawn: chain.withdrawn,
      halted: chain.halted,
    },
    computed: {
      now: computed.now,
      remaining_seconds: computed.remainingSeconds,
      vested_wei: computed.vestedWei,
      withdrawable_wei: computed.withdrawableWei,
    },
  };
}

/** One entry of `vm stream list --json` and of `server api`'s `GET /streams` (the same shape, `state` included). */
export function streamViewJson({record, status, error, state, fundsNoVm}: StreamView) {
  return {
    stream_id: record.streamId,
    name: record.vmName,
    recipient: record.recipient,
    deposit_wei: record.depositWei,
    rate_per_second_wei: record.ratePerSecondWei,
    status: record.status,
    create_tx: record.createTxHash,
    created_at: record.createdAt,
    computed: status && streamStatusJson(status).computed,
    error,
    funds_no_vm: fundsNoVm ?? false,
    state,
  };
}
