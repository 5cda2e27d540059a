/**
 * Fills a golem base dir's database with `count` VM rows (issue 7: start-up with 200 VMs, dashboard with 100),
 * through golem's own repository so the rows are exactly what `vm create` stores.
 */
import {openDatabase} from '../../source/adapters/db/database.js';
import {loadConfig} from '../../source/config/settings.js';

/** Parameters of `seedVms`. */
export type SeedVmsParameters = {
  /** `GOLEM_REQUESTOR_BASE_DIR` of the run. */
  readonly baseDir: string;
  readonly count: number;
  /** Where every VM's provider is said to be: a devnet provider, or a closed port (unreachable). */
  readonly provider: {readonly id: `0x${string}`; readonly host: string; readonly port: number};
  /** Row status. @default 'running' */
  readonly status?: 'running' | 'stopped';
};

/** Inserts `count` VMs named `bench-000`… and returns their names. Throws `StorageError`. */
export function seedVms({baseDir, count, provider, status = 'running'}: SeedVmsParameters): string[] {
  const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir});
  const db = openDatabase(config.paths.dbPath);
  try {
    const names: string[] = [];
    db.transact((repositories) => {
      for (let index = 0; index < count; index++) {
        const name = `bench-${String(index).padStart(3, '0')}`;
        repositories.vms.upsert({
          name,
          vmId: `vm-${index}`,
          providerId: provider.id,
          providerIp: provider.host,
          providerPort: provider.port,
          resources: {cpu: 1, memory: 1, storage: 10},
          sshHost: provider.host,
          sshPort: 20_000 + index,
          streamId: null,
          status,
        });
        names.push(name);
      }
    });
    return names;
  } finally {
    db.close();
  }
}
