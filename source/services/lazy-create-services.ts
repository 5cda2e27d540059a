/**
 * The start-up-fast face of the composition root (issue 7, design.md start-up budget). `createLazyServices` opens
 * only the database; the adapters (viem, ssh2, zod schemas, …) and the service verbs load with `await import()` on
 * the first call that needs them. `golem vm list --local` therefore never loads the chain or SSH code.
 *
 * (Its name ends in `create-services.ts` on purpose: with `create-services.ts` it is the only module under
 * `services/` allowed to import adapters — test/unit/architecture.test.ts.)
 */
import {openDatabase} from '../adapters/db/database.js';
import type {AppConfig} from '../config/settings.js';
import type {CreateServicesOptions} from './create-services.js';
import type {Services} from './services.js';

/** The `Services` members answered from the database alone, without loading the adapters. */
type LocalMembers = Pick<Services, 'listVms' | 'getVm' | 'close'>;

/**
 * Builds the production `Services` for `config` like `createServices`, with the same behaviour, but lazily:
 * - eager: opening (and migrating) the database — throws `StorageError` as `createServices` does;
 * - `listVms`, `getVm`, `close`: answered from the database (the same one-liners as `bindServices`);
 * - every other member: on the first call, `create-services.js` (all adapters, all service verbs) is imported
 *   once and `createServices(config, {...options, db})` built over the already opened database; the call is then
 *   forwarded. Errors an adapter throws while being built surface from that first call instead of from here.
 *
 * Every member other than `close` is async in `Services`; a future synchronous member must be added to the local
 * members below (the forwarding wrapper always returns a promise).
 */
export function createLazyServices(config: AppConfig, options: CreateServicesOptions = {}): Services {
  const db = options.db ?? openDatabase(config.paths.dbPath);
  let loading: Promise<Services> | undefined;
  let loaded: Services | undefined;
  const load = (): Promise<Services> =>
    (loading ??= import('./create-services.js').then(({createServices}) => {
      loaded = createServices(config, {...options, db});
      return loaded;
    }));
  const local: LocalMembers = {
    listVms: async () => db.repositories.vms.list(),
    getVm: async (name) => db.repositories.vms.require(name),
    close: () => (loaded ? loaded.close() : db.close()),
  };
  const forwarders = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const forwarder = (key: string) => {
    let found = forwarders.get(key);
    if (!found) {
      found = async (...args: unknown[]) => {
        const services = await load();
        const member: unknown = services[key as keyof Services];
        if (typeof member !== 'function') throw new TypeError(`Services has no method ${key}.`);
        return (member as (...parameters: unknown[]) => unknown).apply(services, args);
      };
      forwarders.set(key, found);
    }
    return found;
  };
  return new Proxy({} as Services, {
    get(_target, key) {
      // Not a thenable: `await`ing or returning the facade from an async function must not call a `then` member.
      if (typeof key !== 'string' || key === 'then') return undefined;
      if (Object.hasOwn(local, key)) return local[key as keyof LocalMembers];
      return forwarder(key);
    },
  });
}
