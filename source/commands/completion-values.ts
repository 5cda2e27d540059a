/**
 * `golem __complete vms|streams|providers` — the names shell completion offers (issue 14), one per line: VM names
 * and stream ids from golem's database (no network), provider names from discovery (3 s at most). Hidden: the
 * completion scripts call it; it prints nothing and exits 0 on any failure so a prompt never shows an error.
 */
import type {CommandIo} from './command.js';
import {withServices} from './with-services.js';

/** Prints the values of `kind`; always returns 0. */
export async function printCompletionValues(io: CommandIo, kind: string | undefined): Promise<number> {
  try {
    const values = await withServices(io, async (services): Promise<string[]> => {
      if (kind === 'vms') return (await services.listVms()).map((vm) => vm.name);
      if (kind === 'streams') return (await services.listVms()).flatMap((vm) => (vm.streamId === null ? [] : [String(vm.streamId)]));
      if (kind === 'providers') {
        const offers = await services.listProviders({}, AbortSignal.timeout(3000));
        // Names with spaces would split in the shell: those complete by id.
        return offers.map(({advert}) => (advert.providerName && !/\s/.test(advert.providerName) ? advert.providerName : advert.providerId));
      }
      return [];
    });
    if (values.length > 0) io.stdout.write(`${values.join('\n')}\n`);
  } catch {
    // Completion stays quiet.
  }
  return 0;
}
