import {defaultDepositHours} from '../services/streams/stream-math.js';
import type {CommandIo} from './command.js';

/** The flags that describe a rental, shared by `vm create` and `vm stream open` (reference §1.2). */
export const rentalFlags = {
  providerId: {type: 'string', isRequired: true},
  cpu: {type: 'number', isRequired: true},
  memory: {type: 'number', isRequired: true},
  storage: {type: 'number', isRequired: true},
  // No fixed default: `rentalHours` takes it from the monitor's policy (issue 11 item 7).
  hours: {type: 'number'},
} as const;

/**
 * `--hours` as given, or the default that agrees with the auto top-up policy in the settings
 * (`defaultDepositHours`: 2 h with the default 3600 s minimum runway), so a new stream is not topped up at once.
 * Throws `ConfigError` when the settings are malformed (as any command that loads them).
 */
export function rentalHours(io: Pick<CommandIo, 'config'>, hours: number | undefined): number {
  return hours ?? defaultDepositHours(io.config().monitor);
}
