/**
 * The protocol floor of each rental step on a slow network (issue 16 item 2), and the bench rows built from it.
 *
 * Round trips are the sequential ones the protocol truly needs (reference §4, §6, §7; reads that can share a
 * JSON-RPC batch or run side by side count once); every one costs the added latency, RPC and provider alike (the
 * devnet's `--latency` delays both; the discovery server and SSH are not delayed). A transaction waits one block.
 *
 *   floor = the same step's median wall time on the plain devnet
 *         + (RPC round trips + provider round trips) × latency
 *         + blocks waited × block time
 *
 * The plain-devnet time stands for what no protocol avoids on this machine: Node start-up, the provider's VM boot,
 * the SSH handshake, anvil's own (1 s) block. It makes the floor lenient by that 1 s block and by golem's own
 * CPU time, so each step also gets a strict row with the same 1.5× target: the time the network adds (slow run −
 * plain run) against the network floor alone (round trips × latency + blocks × block time). A client at the
 * protocol minimum stays under 1× there on average: a transaction waits half a block on average, the floor counts
 * a whole one.
 */
import {sample, type BenchRow, type Sample} from './benchmark.js';
import type {RentalStepKey} from './rental-steps.js';

/** The least a step needs: sequential round trips, blocks waited, and the fewest requests (for the count rows). */
export type StepFloor = {
  readonly title: string;
  readonly rpcRoundTrips: number;
  readonly providerRoundTrips: number;
  readonly blocks: number;
  readonly minRpcRequests: number;
  readonly minProviderRequests: number;
  /** The round trips, in words, for the docs and the report. */
  readonly why: string;
};

/** Per step: what the protocol cannot do with less (see the module docstring). */
export const STEP_FLOORS: Record<RentalStepKey, StepFloor> = {
  create: {
    title: 'vm create → SSH reachable',
    rpcRoundTrips: 3,
    providerRoundTrips: 2,
    blocks: 1,
    minRpcRequests: 3,
    minProviderRequests: 3,
    why:
      'RPC: one read batch (chain id, contract code, balance, fees, nonce, createStream simulation; GET /provider/info ' +
      'alongside it), eth_sendRawTransaction, one receipt read after the block; provider: POST /vms, one GET that finds ' +
      'the VM running with its SSH port',
  },
  topUp: {
    title: 'vm stream topup',
    rpcRoundTrips: 3,
    providerRoundTrips: 0,
    blocks: 1,
    minRpcRequests: 3,
    minProviderRequests: 0,
    why:
      'one read batch (stream, balance, fees, nonce, topUp simulation: the amount needs only the rate, fixed when the stream ' +
      'was opened and known locally), eth_sendRawTransaction, one receipt read after the block',
  },
  wallet: {
    title: 'wallet',
    rpcRoundTrips: 2,
    providerRoundTrips: 0,
    blocks: 0,
    minRpcRequests: 2,
    minProviderRequests: 0,
    why: "balance with the log scan for the wallet's streams, then one batch reading those streams",
  },
  streamList: {
    title: 'vm stream list',
    rpcRoundTrips: 2,
    providerRoundTrips: 0,
    blocks: 0,
    minRpcRequests: 2,
    minProviderRequests: 0,
    why: "the log scan for the wallet's streams (with the block time), then one batch reading every stream",
  },
  destroy: {
    title: 'vm destroy → refund',
    rpcRoundTrips: 3,
    providerRoundTrips: 0,
    blocks: 1,
    minRpcRequests: 3,
    minProviderRequests: 1,
    why: 'one read batch (stream, fees, nonce, terminate simulation; DELETE /vms alongside it), eth_sendRawTransaction, one receipt read after the block',
  },
};

/** The network's shape in the latency runs. */
export type SlowNetwork = {readonly latencyMs: number; readonly blockMs: number};

/** Round trips × latency + blocks × block time, ms. */
export function networkFloorMs(floor: StepFloor, network: SlowNetwork): number {
  return (floor.rpcRoundTrips + floor.providerRoundTrips) * network.latencyMs + floor.blocks * network.blockMs;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `5 round trips × 200 ms + 1 block × 2 s`. */
export function describeNetworkFloor(floor: StepFloor, network: SlowNetwork): string {
  const trips = floor.rpcRoundTrips + floor.providerRoundTrips;
  const blocks = floor.blocks === 0 ? '' : ` + ${floor.blocks} block${floor.blocks === 1 ? '' : 's'} × ${network.blockMs / 1000} s`;
  return `${trips} round trip${trips === 1 ? '' : 's'} × ${network.latencyMs} ms${blocks}`;
}

/** The target of the latency rows: golem within this many times the floor (issue 16). */
export const FLOOR_TARGET = 1.5;

/**
 * The two rows of one step on the slow network, both with the target ≤ 1.5×: wall time against the floor (plain
 * median + network floor), and the time the network added (each slow run minus the plain run of the same index)
 * against the network floor alone — the strict view, which golem's own CPU time and the plain devnet's block do
 * not soften. `plain` and `slow` are ms per run, equally many.
 */
export function floorRows(step: RentalStepKey, plain: readonly number[], slow: readonly number[], network: SlowNetwork): BenchRow[] {
  const floor = STEP_FLOORS[step];
  const networkMs = networkFloorMs(floor, network);
  const plainSample = sample(plain);
  const slowSample = sample(slow);
  const addedSample = sample(slow.map((ms, index) => ms - plain[index]!));
  const floorSample: Sample = {...plainSample, median: plainSample.median + networkMs};
  const prefix = `rental +${network.latencyMs} ms, ${network.blockMs / 1000} s blocks: ${floor.title}`;
  return [
    {
      name: `${prefix}, wall time`,
      unit: 'ms',
      golem: slowSample,
      baseline: {...floorSample, label: `floor: plain devnet ${seconds(plainSample.median)} + ${describeNetworkFloor(floor, network)}`},
      target: `≤ ${FLOOR_TARGET}× floor`,
      met: slowSample.median <= FLOOR_TARGET * floorSample.median,
    },
    {
      name: `${prefix}, time the network adds`,
      unit: 'ms',
      golem: addedSample,
      baseline: {median: networkMs, spread: 0, runs: 1, label: `network floor: ${describeNetworkFloor(floor, network)}`},
      target: `≤ ${FLOOR_TARGET}× network floor`,
      met: addedSample.median <= FLOOR_TARGET * networkMs,
    },
  ];
}
