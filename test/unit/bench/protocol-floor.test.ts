/** The rental steps' protocol floor on a slow network (bench/lib/protocol-floor.ts, issue 16 item 2). */
import {describe, expect, it} from 'vitest';
import {describeNetworkFloor, floorRows, networkFloorMs, STEP_FLOORS} from '../../../bench/lib/protocol-floor.js';
import {ratioOf} from '../../../bench/lib/report.js';

const SLOW = {latencyMs: 200, blockMs: 2000};

describe('protocol floor', () => {
  it('costs each sequential round trip one latency and each transaction one block', () => {
    expect(networkFloorMs(STEP_FLOORS.create, SLOW)).toBe(5 * 200 + 2000);
    expect(networkFloorMs(STEP_FLOORS.destroy, SLOW)).toBe(3 * 200 + 2000);
    expect(networkFloorMs(STEP_FLOORS.wallet, SLOW)).toBe(2 * 200);
    expect(describeNetworkFloor(STEP_FLOORS.create, SLOW)).toBe('5 round trips × 200 ms + 1 block × 2 s');
    expect(describeNetworkFloor(STEP_FLOORS.streamList, SLOW)).toBe('2 round trips × 200 ms');
  });

  it('needs at least one RPC request per sequential RPC round trip, and says which', () => {
    for (const floor of Object.values(STEP_FLOORS)) {
      expect(floor.minRpcRequests).toBeGreaterThanOrEqual(floor.rpcRoundTrips);
      expect(floor.why).not.toBe('');
    }
  });

  it('puts the plain median plus the network floor as baseline, and the slow − plain differences in the strict row', () => {
    const [wall, added] = floorRows('destroy', [1000, 1200, 1100], [4000, 4400, 5000], SLOW);
    expect(wall!.golem.median).toBe(4400);
    expect(wall!.baseline).toMatchObject({median: 1100 + 2600, label: 'floor: plain devnet 1.1 s + 3 round trips × 200 ms + 1 block × 2 s'});
    expect(ratioOf(wall!)).toBeCloseTo(4400 / 3700, 10);
    expect(wall!.target).toBe('≤ 1.5× floor');
    expect(wall!.met).toBe(true);
    expect(added!.golem).toEqual({median: 3200, spread: 900, runs: 3});
    expect(added!.baseline).toMatchObject({median: 2600, label: 'network floor: 3 round trips × 200 ms + 1 block × 2 s'});
    expect(added!.target).toBe('≤ 1.5× network floor');
    expect(added!.met).toBe(true);
  });

  it('misses the target past 1.5× the floor, and the strict one past 1.5× the network floor', () => {
    const [wall] = floorRows('wallet', [500], [1400], SLOW);
    expect(wall!.baseline!.median).toBe(900);
    expect(wall!.met).toBe(false);
    expect(floorRows('wallet', [500], [1350], SLOW)[0]!.met).toBe(true);
    // The strict row: 850 ms added against 400 ms of round trips.
    expect(floorRows('wallet', [500], [1350], SLOW)[1]!.met).toBe(false);
    expect(floorRows('wallet', [500], [1100], SLOW)[1]!.met).toBe(true);
  });
});
