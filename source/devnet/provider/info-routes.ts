/**
 * The devnet provider's informational routes: `/provider/info` (reference §4.8), stream status per VM and for all
 * VMs (§4.9, wei values as raw JSON numbers like the real provider), and `/summary` (§4.10).
 */
import type {FastifyInstance} from 'fastify';
import {HttpError, sendRawJson} from '../fastapi-conventions.js';
import type {ProviderContext} from './context.js';
import {toJsonWithBigIntNumbers} from './json-numbers.js';
import {
  checkStreamForCreate,
  computeStreamStatus,
  describeLookupError,
  type StreamReading,
} from './stream-checks.js';

/** StreamStatus (reference §4.9): the chain struct, values at chain time, and the create-time verification. */
function streamStatus(context: ProviderContext, vmName: string, streamId: bigint, {stream, now}: StreamReading) {
  const reason = checkStreamForCreate({stream, now}, context.providerId, context.glmTokenAddress);
  return {
    vm_id: vmName,
    stream_id: streamId,
    chain: {...stream},
    computed: computeStreamStatus(stream, now),
    verified: reason === 'ok',
    reason,
  };
}

/** Registers `/provider/info`, `/vms/:name/stream`, `/payments/streams` and `/summary` on `app`. */
export function registerInfoRoutes(app: FastifyInstance, context: ProviderContext): void {
  const {registry} = context;

  app.get('/api/v1/provider/info', async () => ({
    provider_id: context.providerId,
    stream_payment_address: context.streamPaymentAddress,
    glm_token_address: context.glmTokenAddress,
    ip_address: '127.0.0.1',
    country: context.country,
    platform: context.platform,
  }));

  app.get<{Params: {name: string}}>('/api/v1/vms/:name/stream', async (request, reply) => {
    const vm = registry.get(request.params.name);
    // Upstream answers an unknown VM the same way: it looks the name up in its VM → stream mapping.
    if (!vm || vm.streamId === null) throw new HttpError(404, 'no stream mapped for this VM');
    let reading: StreamReading;
    try {
      reading = await context.reader.read(vm.streamId);
    } catch (error) {
      throw new HttpError(502, `stream lookup failed: ${describeLookupError(error)}`);
    }
    return sendRawJson(reply, 200, toJsonWithBigIntNumbers(streamStatus(context, vm.name, vm.streamId, reading)));
  });

  app.get('/api/v1/payments/streams', async (_request, reply) => {
    const mapped = registry.list().filter((vm) => vm.streamId !== null);
    const statuses = await Promise.all(
      mapped.map(async (vm) => {
        try {
          return streamStatus(context, vm.name, vm.streamId!, await context.reader.read(vm.streamId!));
        } catch {
          return undefined; // upstream skips entries whose lookup fails
        }
      }),
    );
    return sendRawJson(reply, 200, toJsonWithBigIntNumbers(statuses.filter((status) => status !== undefined)));
  });

  app.get('/api/v1/summary', async () => ({
    status: 'running',
    resources: {total: context.total, available: registry.available()},
    pricing: context.pricing,
    vms: registry.list().map((vm) => ({id: vm.name, status: vm.status, ssh_port: vm.sshPort, resources: vm.resources})),
    env: {environment: 'development', network: 'devnet'},
  }));
}
