import {hostname} from 'node:os';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import type {Operation} from '../../../../source/services/ports.js';
import {
  FOREIGN_INTENT_STALE_MS,
  isAbandoned,
  parseVmIntent,
  processStartTime,
  takeOverDetail,
  vmIntentDetail,
} from '../../../../source/services/vms/reconcile-intent.js';

const now = Date.parse('2026-11-30T12:00:00.000Z');

function operation(detail: string | null, updatedAt = '2026-11-30T12:00:00.000Z'): Operation {
  return {id: 1, kind: 'create-vm', vmName: 'web-1', streamId: null, txHash: null, status: 'started', detail, createdAt: updatedAt, updatedAt};
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = execa(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await child;
  return pid;
}

describe('VM intent rows', () => {
  it('record the writer and the provider, and parse back; failure texts are not intents', () => {
    const detail = vmIntentDetail({providerId: '0xabc', providerIp: '127.0.0.1', providerPort: 8080, resources: {cpu: 1, memory: 1, storage: 10}});
    expect(parseVmIntent(detail)).toEqual({
      pid: process.pid,
      host: hostname(),
      startTime: processStartTime(process.pid),
      providerId: '0xabc',
      providerIp: '127.0.0.1',
      providerPort: 8080,
      resources: {cpu: 1, memory: 1, storage: 10},
    });
    expect(parseVmIntent('Provider 0xabc: refused')).toBeNull();
    expect(parseVmIntent('{"broken"')).toBeNull();
    expect(parseVmIntent(null)).toBeNull();
  });

  it("are never abandoned while their writer lives (this process, or another live one); a dead writer's are", async () => {
    expect(isAbandoned(operation(vmIntentDetail()), now)).toBe(false);
    expect(isAbandoned(operation(JSON.stringify({pid: process.ppid, host: hostname()})), now)).toBe(false);
    expect(isAbandoned(operation(JSON.stringify({pid: await deadPid(), host: hostname()})), now)).toBe(true);
  });

  it('of a live pid that started at another time (a reused pid) are abandoned; the same start time is alive', () => {
    const parent = {pid: process.ppid, host: hostname()};
    const startTime = processStartTime(process.ppid);
    expect(startTime).toBeGreaterThan(0);
    expect(isAbandoned(operation(JSON.stringify({...parent, startTime})), now)).toBe(false);
    expect(isAbandoned(operation(JSON.stringify({...parent, startTime: startTime! + 1})), now)).toBe(true);
  });

  it('without a known owner (older rows, other hosts) count as abandoned only after they went quiet', () => {
    const quiet = new Date(now - FOREIGN_INTENT_STALE_MS - 1).toISOString();
    expect(isAbandoned(operation('0xabc'), now)).toBe(false);
    expect(isAbandoned(operation('0xabc', quiet), now)).toBe(true);
    expect(isAbandoned(operation(JSON.stringify({pid: 1, host: 'elsewhere'})), now)).toBe(false);
  });

  it('are taken over with their fields kept and this process as owner', async () => {
    const taken = takeOverDetail(JSON.stringify({pid: await deadPid(), host: hostname(), providerId: '0xabc', givenStream: true}));
    const self = {pid: process.pid, host: hostname(), startTime: processStartTime(process.pid)};
    expect(parseVmIntent(taken)).toEqual({...self, providerId: '0xabc', givenStream: true});
    expect(parseVmIntent(takeOverDetail('0xabc'))).toEqual(self);
  });
});
