import {describe, expect, it} from 'vitest';
import type {Vm} from '../../../../source/services/types.js';
import {nextVmPollMs, sameVms, VM_POLL_MAX_MS, VM_POLL_MS} from '../../../../source/ui/hooks/use-vms.js';
import {createFakeServices} from '../../../helpers/fake-services.js';

async function someVms(): Promise<Vm[]> {
  return createFakeServices().listVms();
}

describe('VM refresh cadence (idle cost, issue 7)', () => {
  it('doubles the wait while nothing changes, up to 30 s; back to 2 s on a change or a VM in motion', async () => {
    const vms = (await someVms()).map((vm) => ({...vm, status: 'running' as const}));
    let wait = VM_POLL_MS;
    const waits: number[] = [];
    for (let poll = 0; poll < 6; poll++) waits.push((wait = nextVmPollMs(wait, {changed: false, vms})));
    expect(waits).toEqual([4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(nextVmPollMs(VM_POLL_MAX_MS, {changed: true, vms})).toBe(VM_POLL_MS);
    const creating = [...vms, {...vms[0]!, name: 'new-1', status: 'creating' as const}];
    expect(nextVmPollMs(VM_POLL_MAX_MS, {changed: false, vms: creating})).toBe(VM_POLL_MS);
  });

  it('sameVms: equal rows draw the same (no re-render); any changed field or order differs', async () => {
    const vms = await someVms();
    const copy = vms.map((vm) => ({...vm, resources: {...vm.resources}}));
    expect(sameVms(vms, copy)).toBe(true);
    expect(sameVms(vms, [...copy].reverse())).toBe(vms.length < 2);
    expect(sameVms(vms, copy.map((vm, index) => (index === 0 ? {...vm, status: 'stopped' as const} : vm)))).toBe(vms[0]!.status === 'stopped');
    expect(sameVms(vms, copy.map((vm, index) => (index === 0 ? {...vm, resources: {...vm.resources, cpu: vm.resources.cpu + 1}} : vm)))).toBe(false);
    expect(sameVms(undefined, copy)).toBe(false);
  });
});
