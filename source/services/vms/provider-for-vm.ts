import type {ServiceContext} from '../context.js';
import type {ProviderApi} from '../ports.js';
import type {Vm} from '../types.js';

/** The API client of the provider hosting `vm`, at the address stored when it was created. */
export function providerForVm(ctx: ServiceContext, vm: Vm): ProviderApi {
  return ctx.providerApi({providerId: vm.providerId, host: vm.providerIp, port: vm.providerPort});
}
