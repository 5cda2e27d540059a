import type {Services} from '../services/services.js';
import type {CommandIo} from './command.js';

/**
 * Builds the services for one command (loaded lazily so `golem --help` stays fast), runs `body`, and closes
 * the database whatever happens.
 */
export async function withServices<T>(io: CommandIo, body: (services: Services) => Promise<T>): Promise<T> {
  const {createServices} = await import('../services/create-services.js');
  const services = createServices(io.config());
  try {
    return await body(services);
  } finally {
    services.close();
  }
}
