import type {Services} from '../services/services.js';
import type {CommandIo} from './command.js';
import {configWithWalletPassword} from './wallet-password.js';

/**
 * Builds the services for one command (loaded lazily, adapters on first use, so `golem --help` and `vm list --local` stay fast), runs `body`, and closes
 * the database whatever happens. An encrypted wallet key's password is asked first, once per process, on a terminal
 * (`configWithWalletPassword`).
 */
export async function withServices<T>(io: CommandIo, body: (services: Services) => Promise<T>): Promise<T> {
  const {createLazyServices} = await import('../services/lazy-create-services.js');
  const services = createLazyServices(await configWithWalletPassword(io));
  try {
    return await body(services);
  } finally {
    services.close();
  }
}
