/**
 * The lazy composition root over a real SQLite file: database-only members answer without loading the adapters,
 * every other member is forwarded to `createServices` over the same database, and the facade is not a thenable.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../source/adapters/db/database.js';
import {loadConfig} from '../../../source/config/settings.js';
import {NotFoundError} from '../../../source/errors.js';
import {createLazyServices} from '../../../source/services/lazy-create-services.js';

let baseDir: string | undefined;
afterEach(() => {
  if (baseDir) rmSync(baseDir, {recursive: true, force: true});
  baseDir = undefined;
});

function configWithOneVm() {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-lazy-'));
  const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'});
  const db = openDatabase(config.paths.dbPath);
  db.repositories.vms.upsert({
    name: 'web-1',
    vmId: 'vm-1',
    providerId: `0x${'ab'.repeat(20)}`,
    providerIp: '127.0.0.1',
    providerPort: 9,
    resources: {cpu: 1, memory: 1, storage: 10},
    sshHost: null,
    sshPort: null,
    streamId: null,
    status: 'stopped',
  });
  db.close();
  return config;
}

describe('createLazyServices', () => {
  it('answers listVms and getVm from the database', async () => {
    const services = createLazyServices(configWithOneVm());
    try {
      expect((await services.listVms()).map((vm) => vm.name)).toEqual(['web-1']);
      expect((await services.getVm('web-1')).status).toBe('stopped');
      await expect(services.getVm('nope')).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      services.close();
    }
  });

  it('forwards other members to the full services over the same database, and closes it', async () => {
    const services = createLazyServices(configWithOneVm());
    // Port 9 on loopback refuses: refreshVms leaves the row as it is (an unreachable provider is not an error).
    const refreshed = await services.refreshVms();
    expect(refreshed.map((vm) => [vm.name, vm.status])).toEqual([['web-1', 'stopped']]);
    expect(services.close()).toBeUndefined();
    await expect(services.listVms()).rejects.toThrow();
  });

  it('is not a thenable, so async functions can return it', async () => {
    const services = createLazyServices(configWithOneVm());
    try {
      const returned = await (async () => services)();
      expect(returned).toBe(services);
      expect((services as unknown as {then?: unknown}).then).toBeUndefined();
    } finally {
      services.close();
    }
  });
});
