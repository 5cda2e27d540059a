import {describe, expect, it} from 'vitest';
import {deferServices} from '../../../source/services/deferred-services.js';
import {createFakeServices} from '../../helpers/fake-services.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('deferServices', () => {
  it('builds nothing until start(); calls made before it wait and are answered by the built services', async () => {
    const fake = createFakeServices();
    let builds = 0;
    const deferred = deferServices(() => {
      builds += 1;
      return fake;
    });
    let answered = false;
    const vms = deferred.services.listVms().then((list) => ((answered = true), list));
    await tick();
    expect(builds).toBe(0);
    expect(answered).toBe(false);
    await deferred.start();
    await deferred.start();
    expect(builds).toBe(1);
    expect(await vms).toEqual(await fake.listVms());
    expect(fake.callsTo('listVms').length).toBeGreaterThan(0);
  });

  it('a build error rejects start() and every call, and is never an unhandled rejection', async () => {
    const deferred = deferServices(async () => {
      throw new Error('no database');
    });
    const call = deferred.services.getWallet();
    await expect(deferred.start()).rejects.toThrow('no database');
    await expect(call).rejects.toThrow('no database');
  });

  it('close() before the build finished closes the services once they exist; the facade is not a thenable', async () => {
    const fake = createFakeServices();
    const deferred = deferServices(async () => fake);
    expect(await Promise.resolve(deferred.services)).toBe(deferred.services);
    deferred.services.close();
    await deferred.start();
    expect(fake.callsTo('close').length).toBe(1);
    deferred.services.close();
    expect(fake.callsTo('close').length).toBe(1);
  });
});
