/**
 * The devnet provider's VM routes under `/api/v1/vms` (reference §4.2–4.7): create (async with a job, or waiting),
 * job status, list, info, access, stop, start, delete.
 */
import type {FastifyInstance} from 'fastify';
import {HttpError, parseOr422} from '../fastapi-conventions.js';
import type {ProviderContext} from './context.js';
import {checkStreamForCreate, checkStreamRunway, describeLookupError, type StreamReading} from './stream-checks.js';
import {CreateVmBody, StartVmBody} from './validation.js';
import {vmNotFound, vmStillCreating, type JobRecord, type VmRecord} from './vm-registry.js';

/** Python's naive UTC `isoformat()`, as the real provider writes VM times (reference §4.5). */
const naiveIso = (date: Date) => date.toISOString().replace('Z', '');
/** Aware UTC ISO with `+00:00`, as the real provider writes job times (reference §4.3). */
const utcIso = (date: Date) => date.toISOString().replace('Z', '+00:00');

/** VMInfo (reference §4.5). `ip_address` is the sandbox's loopback address while it runs. */
export function vmInfo(vm: VmRecord) {
  return {
    id: vm.name,
    name: vm.name,
    status: vm.status,
    resources: vm.resources,
    ip_address: vm.status === 'running' ? '127.0.0.1' : null,
    ssh_port: vm.sshPort,
    created_at: naiveIso(vm.createdAt),
    updated_at: naiveIso(vm.updatedAt),
    error_message: vm.errorMessage,
  };
}

function jobInfo(job: JobRecord) {
  return {
    job_id: job.jobId,
    vm_id: job.vmId,
    status: job.status,
    error: job.error,
    created_at: utcIso(job.createdAt),
    updated_at: utcIso(job.updatedAt),
  };
}

/** FastAPI's lax boolean parsing of `?async=`. */
function isTruthyFlag(value: unknown): boolean {
  return typeof value === 'string' && ['true', '1', 'yes', 'on'].includes(value.toLowerCase());
}

/** Reads a stream for a route; an RPC failure becomes 400 `invalid stream: stream lookup failed: <e>`. */
async function readForRoute(context: ProviderContext, streamId: bigint): Promise<StreamReading> {
  try {
    return await context.reader.read(streamId);
  } catch (error) {
    throw new HttpError(400, `invalid stream: stream lookup failed: ${describeLookupError(error)}`);
  }
}

type NameParams = {Params: {name: string}};

/** Registers the VM routes on `app`. */
export function registerVmRoutes(app: FastifyInstance, context: ProviderContext): void {
  const {registry} = context;
  const requireVm = (name: string): VmRecord => {
    const vm = registry.get(name);
    if (!vm) throw vmNotFound(name);
    return vm;
  };

  app.post<{Querystring: {async?: string}}>('/api/v1/vms', async (request, reply) => {
    const body = parseOr422(CreateVmBody, request.body, 'body');
    if (body.streamId === null) throw new HttpError(400, 'stream_id required when payments are enabled');
    // Checked before and after the chain read: two creates of one name may race across the await.
    if (registry.has(body.name)) throw new HttpError(409, `VM ${body.name} already exists`);
    const reason = checkStreamForCreate(await readForRoute(context, body.streamId), context.providerId, context.glmTokenAddress);
    if (reason !== 'ok') throw new HttpError(400, `invalid stream: ${reason}`);
    const {job, done} = registry.create(body);
    context.log(`create ${body.name} (stream ${body.streamId}): job ${job.jobId}`);
    if (isTruthyFlag(request.query.async)) {
      return reply.code(202).send({job_id: job.jobId, vm_id: body.name, status: 'creating'});
    }
    await done;
    const vm = registry.get(body.name);
    if (job.status === 'failed' || !vm) throw new HttpError(500, job.error ?? 'An unexpected error occurred');
    return vmInfo(vm);
  });

  app.get<{Params: {id: string}}>('/api/v1/vms/jobs/:id', async (request) => {
    const job = registry.getJob(request.params.id);
    if (!job) throw new HttpError(404, 'job not found');
    return jobInfo(job);
  });

  app.get('/api/v1/vms', async () => registry.list().map(vmInfo));

  app.get<NameParams>('/api/v1/vms/:name', async (request) => vmInfo(requireVm(request.params.name)));

  app.get<NameParams>('/api/v1/vms/:name/access', async (request, reply) => {
    const vm = requireVm(request.params.name);
    if (vm.status !== 'running' || vm.sshPort === null) {
      return reply
        .code(202)
        .send({vm_id: vm.name, multipass_name: vm.multipassName, status: vm.status, ssh_port: null});
    }
    return {ssh_host: '127.0.0.1', ssh_port: vm.sshPort, vm_id: vm.name, multipass_name: vm.multipassName};
  });

  app.post<NameParams>('/api/v1/vms/:name/stop', async (request) =>
    vmInfo(await registry.stop(request.params.name, 'requested')),
  );

  // Upstream removed this route (reference §4.7, §14.1 item 4); the devnet has it. A body `{"stream_id": N}` funds
  // the restarted VM with a new stream (checked as on create); without one, the VM's stream must still pay, so a VM
  // cannot run unpaid.
  app.post<NameParams>('/api/v1/vms/:name/start', async (request) => {
    const vm = requireVm(request.params.name);
    if (vm.status === 'creating') throw vmStillCreating(vm.name);
    const body = parseOr422(StartVmBody, request.body ?? {}, 'body');
    if (body.streamId !== null) {
      const reason = checkStreamForCreate(await readForRoute(context, body.streamId), context.providerId, context.glmTokenAddress);
      if (reason !== 'ok') throw new HttpError(400, `invalid stream: ${reason}`);
      return vmInfo(await registry.start(vm.name, body.streamId));
    }
    if (vm.status !== 'running' && vm.streamId !== null) {
      const reason = checkStreamRunway(await readForRoute(context, vm.streamId), context.providerId);
      if (reason !== 'ok') throw new HttpError(400, `invalid stream: ${reason}`);
    }
    return vmInfo(await registry.start(vm.name));
  });

  // FastAPI answers a GET on a POST-only route 405; requestors probe the start route this way before paying.
  app.get('/api/v1/vms/:name/start', async () => {
    throw new HttpError(405, 'Method Not Allowed');
  });

  app.delete<NameParams>('/api/v1/vms/:name', async (request, reply) => {
    await registry.delete(request.params.name);
    return reply.code(200).type('application/json').send('null');
  });
}
