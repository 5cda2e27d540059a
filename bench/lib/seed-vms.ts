/**
 * Fills a golem base dir's database with `count` VM rows (issue 7: start-up with 200 VMs, dashboard with 100; issue
 * 16 §5: 1,000 VMs and 1,000 streams), through golem's own repository so the rows are exactly what `vm create`
 * stores.
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
  /**
   * Also record one open stream per VM (ids 1…count, recipient the provider, 1 ETH deposit, 10^12 wei/s), bound to
   * its VM, on chain `chainId` at `contractAddress`. @default no streams
   */
  readonly streams?: {readonly chainId: number; readonly contractAddress: `0x${string}`};
  /** ISO-8601 time the provider last confirmed each VM's status (`confirmed_at`). @default never (null) */
  readonly confirmedAt?: string;
};

/** Inserts `count` VMs named `bench-000`… (and their streams when asked) and returns their names. Throws `StorageError`. */
export function seedVms({baseDir, count, provider, status = 'running', streams, confirmedAt}: SeedVmsParameters): string[] {
  const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir});
  const db = openDatabase(config.paths.dbPath);
  try {
    const names: string[] = [];
    db.transact((repositories) => {
      for (let index = 0; index < count; index++) {
        const name = `bench-${String(index).padStart(3, '0')}`;
        const streamId = streams ? BigInt(index + 1) : null;
        if (streams && streamId !== null) {
          repositories.streams.upsert({
            streamId,
            chainId: streams.chainId,
            contractAddress: streams.contractAddress,
            recipient: provider.id,
            depositWei: 10n ** 18n,
            ratePerSecondWei: 10n ** 12n,
            vmName: name,
            status: 'open',
            createTxHash: `0x${index.toString(16).padStart(64, '0')}`,
          });
        }
        repositories.vms.upsert({
          name,
          vmId: `vm-${index}`,
          providerId: provider.id,
          providerIp: provider.host,
          providerPort: provider.port,
          resources: {cpu: 1, memory: 1, storage: 10},
          sshHost: provider.host,
          sshPort: 20_000 + index,
          streamId,
          status,
          ...(confirmedAt === undefined ? {} : {confirmedAt}),
        });
        names.push(name);
      }
    });
    return names;
  } finally {
    db.close();
  }
}
