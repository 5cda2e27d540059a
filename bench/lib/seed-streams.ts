/**
 * Fills a golem base dir's database with `count` payment-stream records (issue 16 item 5: the dashboard with 1,000
 * VMs and 1,000 streams), through golem's own repository, on the payments network the base dir is configured for,
 * each funding the VM of the same index (`bench-000`…). The records are what `vm create` stores; the chain holds
 * no such streams, so a chain read finds them ended — the benchmark measures the first frame, which reads nothing.
 */
import {openDatabase} from '../../source/adapters/db/database.js';
import {loadConfig, requirePayments} from '../../source/config/settings.js';

/** Parameters of `seedStreams`. */
export type SeedStreamsParameters = {
  /** `GOLEM_REQUESTOR_BASE_DIR` of the run (its payments network gives the chain id and contract). */
  readonly baseDir: string;
  /** Other settings of the run (e.g. `GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet`). */
  readonly env?: NodeJS.ProcessEnv;
  readonly count: number;
  /** The provider every stream pays. */
  readonly recipient: `0x${string}`;
};

/** Inserts streams #1…#count for `bench-000`…; returns their ids. Throws `ConfigError`, `StorageError`. */
export function seedStreams({baseDir, env = {}, count, recipient}: SeedStreamsParameters): bigint[] {
  const config = loadConfig({...env, GOLEM_REQUESTOR_BASE_DIR: baseDir});
  const {chainId, streamPaymentAddress} = requirePayments(config);
  const db = openDatabase(config.paths.dbPath);
  try {
    const ids: bigint[] = [];
    db.transact((repositories) => {
      for (let index = 0; index < count; index++) {
        const streamId = BigInt(index + 1);
        repositories.streams.upsert({
          streamId,
          chainId,
          contractAddress: streamPaymentAddress,
          recipient,
          depositWei: 3_600_000_000_000n,
          ratePerSecondWei: 1_000_000_000n,
          vmName: `bench-${String(index).padStart(3, '0')}`,
          status: 'open',
          createTxHash: null,
        });
        ids.push(streamId);
      }
    });
    return ids;
  } finally {
    db.close();
  }
}
