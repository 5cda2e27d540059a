import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import {killPoint} from '../../../source/lib/kill-point.js';

/** A real child process that reaches `create:intent` for VM 'web-1' (tsx loads the TypeScript module). */
function reachKillPoint(env: Record<string, string>) {
  const module = pathToFileURL(resolve('source/lib/kill-point.ts')).href;
  const script = `const {killPoint} = await import(${JSON.stringify(module)}); killPoint('create:intent', 'web-1'); console.log('alive');`;
  return execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {env: {...env, GOLEM_TEST_HOOKS: env['GOLEM_TEST_HOOKS'] ?? ''}, reject: false});
}

describe('killPoint', () => {
  it('is a no-op without GOLEM_TEST_HOOKS=1, whatever GOLEM_TEST_KILL_AT says', async () => {
    expect(() => killPoint('create:intent', 'web-1')).not.toThrow();
    const result = await reachKillPoint({GOLEM_TEST_KILL_AT: 'create:intent'});
    expect(result.stdout).toBe('alive');
  });

  it('SIGKILLs the process at the named step, only for the named VM when one is given', async () => {
    const killed = await reachKillPoint({GOLEM_TEST_HOOKS: '1', GOLEM_TEST_KILL_AT: 'create:intent'});
    expect(killed.signal).toBe('SIGKILL');
    const otherStep = await reachKillPoint({GOLEM_TEST_HOOKS: '1', GOLEM_TEST_KILL_AT: 'create:vm-ready'});
    expect(otherStep.stdout).toBe('alive');
    const otherVm = await reachKillPoint({GOLEM_TEST_HOOKS: '1', GOLEM_TEST_KILL_AT: 'create:intent', GOLEM_TEST_KILL_VM: 'web-2'});
    expect(otherVm.stdout).toBe('alive');
    const sameVm = await reachKillPoint({GOLEM_TEST_HOOKS: '1', GOLEM_TEST_KILL_AT: 'create:intent', GOLEM_TEST_KILL_VM: 'web-1'});
    expect(sameVm.signal).toBe('SIGKILL');
  });
});
